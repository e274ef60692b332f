package indicator

import (
	"context"
	"database/sql"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Indicator codes. The computation of each lives in this package (facts_*.go);
// its presentation and target live in table indicators.
const (
	ItemConfigRate    = "item_config_rate"
	StandardMapRate   = "standard_map_rate"
	FlowConfigRate    = "flow_config_rate"
	OnlineApplyRate   = "online_apply_rate"
	FullOnlineRate    = "full_online_rate"
	ELicenceRate      = "elicence_rate"
	ProcessDaysAvg    = "process_days_avg"
	ProcessDaysMedian = "process_days_median"
	StageDaysAvg      = "stage_days_avg"
	StageDaysMedian   = "stage_days_median"
	CaseDaysAvg       = "case_days_avg"
	CompletionRate    = "completion_rate"
	OverdueRate       = "overdue_rate"
	OnTimeRate        = "ontime_rate"
	WarningCount      = "warning_count"
	CompressionRate   = "compression_rate"
	ReportTimelyRate  = "report_timely_rate"
	ReportSuccessRate = "report_success_rate"
	CompletenessRate  = "completeness_rate"
	ConsistencyRate   = "consistency_rate"
	SatisfactionRate  = "satisfaction_rate"
	RectifyRate       = "rectify_rate"
)

// snapshots are the indicators measured as of a day (a stock, not a flow):
// a period's value is its last day's.
var snapshots = map[string]bool{ItemConfigRate: true, StandardMapRate: true, FlowConfigRate: true, WarningCount: true}

// flowTypeDims and stageDims are the breakdowns of the duration indicators.
var flowTypeDims = []Dim{{"1", "政府投资房屋建筑类"}, {"2", "政府投资线性工程类"}, {"3", "一般社会投资项目"},
	{"4", "小型社会投资项目"}, {"5", "带方案出让用地项目"}, {"6", "工业类项目"}, {"7", "交通工程"}, {"8", "水利工程"},
	{"9", "能源工程"}, {"10", "其他"}}

var stageDims = []Dim{{"1", "立项用地规划许可"}, {"2", "工程建设许可"}, {"3", "施工许可"}, {"4", "竣工验收"}}

// dimsOf returns the breakdowns of code.
func dimsOf(code string) []Dim {
	switch code {
	case ProcessDaysAvg, ProcessDaysMedian:
		return flowTypeDims
	case StageDaysAvg, StageDaysMedian:
		return stageDims
	}
	return nil
}

func ptr(v float64) *float64 { return &v }

const (
	srcCases    = "审批系统办件（cases、applications、case_pauses）"
	srcCatalog  = "事项目录与审批流程配置（catalog）"
	srcLicence  = "电子证照库（licences）"
	srcRatings  = "好差评（ratings、rectifications）"
	srcQuality  = "数据治理（每日质量检查的检查数与不合格数）"
	srcExchange = "数据交换（向上级系统上报记录及其回执）"
	noteDomain  = "domain.md §2.2 整理的口径，未见住建部正式文件，可在此调整。"
)

// Catalogue is the registry as shipped: Seed inserts the rows that are
// missing; an administrator edits them afterwards.
var Catalogue = []Definition{
	{Code: ItemConfigRate, Name: "事项配置率", Group: GroupCoverage, Kind: KindRate, Unit: "%",
		Formula: "本区县已发布流程中配置的事项数 ÷ 事项目录中启用的事项数", NumeratorLabel: "已配置事项", DenominatorLabel: "目录事项",
		Target: ptr(100), Tolerance: 10, Direction: Up, Source: srcCatalog, Weight: 1},
	{Code: StandardMapRate, Name: "标准事项对应率", Group: GroupCoverage, Kind: KindRate, Unit: "%",
		Formula: "已发布流程中有国家标准事项编码的事项 ÷ 已发布流程中的事项", NumeratorLabel: "有标准编码的事项", DenominatorLabel: "已配置事项",
		Target: ptr(100), Tolerance: 5, Direction: Up, Source: srcCatalog, Weight: 1},
	{Code: FlowConfigRate, Name: "流程配置完整率", Group: GroupCoverage, Kind: KindRate, Unit: "%",
		Formula: "已发布流程的流程类型（1–5 类）÷ 5", NumeratorLabel: "已发布的流程类型", DenominatorLabel: "应配置的流程类型",
		Target: ptr(100), Tolerance: 20, Direction: Up, Source: srcCatalog, Weight: 1},
	{Code: OnlineApplyRate, Name: "网上申报率", Group: GroupUsage, Kind: KindRate, Unit: "%",
		Formula: "经网上大厅申报的办件 ÷ 全部办件（按接件日）", NumeratorLabel: "网上申报办件", DenominatorLabel: "接件办件",
		Target: ptr(90), Tolerance: 10, Direction: Up, Source: srcCases, Weight: 1},
	{Code: FullOnlineRate, Name: "全流程网上办理率", Group: GroupUsage, Kind: KindRate, Unit: "%",
		Formula: "网上申报且以电子证照出证的准予办结办件 ÷ 准予办结办件（按办结日）", NumeratorLabel: "全流程网办办件", DenominatorLabel: "准予办结办件",
		Target: ptr(60), Tolerance: 10, Direction: Up, Source: srcCases + "；" + srcLicence, Weight: 1},
	{Code: ELicenceRate, Name: "电子证照应用率", Group: GroupUsage, Kind: KindRate, Unit: "%",
		Formula: "以电子证照出证的准予办结办件 ÷ 准予办结办件（按办结日）", NumeratorLabel: "已出电子证照", DenominatorLabel: "准予办结办件",
		Target: ptr(90), Tolerance: 10, Direction: Up, Source: srcLicence, Weight: 1},
	{Code: ProcessDaysAvg, Name: "全流程审批用时（平均）", Group: GroupEfficiency, Kind: KindMean, Unit: "工作日",
		Formula: "项目各阶段用时之和（不含补正、特别程序），按最后一个阶段办结日归期，分流程类型求平均", NumeratorLabel: "用时合计", DenominatorLabel: "完成全流程的项目",
		Direction: Down, Source: srcCases},
	{Code: ProcessDaysMedian, Name: "全流程审批用时（中位数）", Group: GroupEfficiency, Kind: KindMedian, Unit: "工作日",
		Formula: "同全流程审批用时，取中位数", NumeratorLabel: "用时合计", DenominatorLabel: "完成全流程的项目",
		Direction: Down, Source: srcCases},
	{Code: StageDaysAvg, Name: "阶段用时（平均）", Group: GroupEfficiency, Kind: KindMean, Unit: "工作日",
		Formula: "阶段首个起算日至各办件办结日的工作日数扣除该办件暂停工作日，取最大者；按阶段最后办结日归期", NumeratorLabel: "用时合计", DenominatorLabel: "办结的阶段",
		Direction: Down, Source: srcCases},
	{Code: StageDaysMedian, Name: "阶段用时（中位数）", Group: GroupEfficiency, Kind: KindMedian, Unit: "工作日",
		Formula: "同阶段用时，取中位数", NumeratorLabel: "用时合计", DenominatorLabel: "办结的阶段",
		Direction: Down, Source: srcCases},
	{Code: CaseDaysAvg, Name: "事项平均用时", Group: GroupEfficiency, Kind: KindMean, Unit: "工作日",
		Formula: "办结办件已用工作日（不含补正、特别程序）之和 ÷ 办结办件数", NumeratorLabel: "用时合计", DenominatorLabel: "办结办件",
		Direction: Down, Source: srcCases},
	{Code: CompletionRate, Name: "办结率", Group: GroupEfficiency, Kind: KindRate, Unit: "%",
		Formula: "已办结（办理状态 11/12/13）÷ 已受理（按受理日）", NumeratorLabel: "已办结", DenominatorLabel: "已受理",
		Target: ptr(90), Tolerance: 10, Direction: Up, Source: srcCases, Weight: 1, Official: true,
		OfficialNote: "口径见现有工改系统 ItemStatusCountVo。"},
	{Code: OverdueRate, Name: "逾期率", Group: GroupEfficiency, Kind: KindRate, Unit: "%",
		Formula: "已用工作日超过时限的办结办件 ÷ 办结办件（按办结日）", NumeratorLabel: "逾期办结", DenominatorLabel: "办结办件",
		Target: ptr(5), Tolerance: 3, Direction: Down, Source: srcCases, Weight: 2, Official: true,
		OfficialNote: "口径见现有工改系统 ItemStatusCountVo。"},
	{Code: OnTimeRate, Name: "按时办结率", Group: GroupEfficiency, Kind: KindRate, Unit: "%",
		Formula: "已用工作日不超过时限的办结办件 ÷ 办结办件（按办结日）", NumeratorLabel: "按时办结", DenominatorLabel: "办结办件",
		Target: ptr(95), Tolerance: 3, Direction: Up, Source: srcCases, Weight: 2},
	{Code: WarningCount, Name: "预警数", Group: GroupEfficiency, Kind: KindCount, Unit: "件",
		Formula: "计算当日处于黄色预警（已用时限达预警比例）或红色（逾期）的在办办件", NumeratorLabel: "预警及逾期在办办件",
		Direction: Down, Source: srcCases},
	{Code: CompressionRate, Name: "承诺时限压缩率", Group: GroupEfficiency, Kind: KindRate, Unit: "%",
		Formula: "1 − Σ承诺时限 ÷ Σ法定时限（按受理日的办件）", NumeratorLabel: "压缩的工作日", DenominatorLabel: "法定时限合计",
		Target: ptr(40), Tolerance: 10, Direction: Up, Source: srcCases, Weight: 1},
	{Code: ReportTimelyRate, Name: "数据上报及时率", Group: GroupQuality, Kind: KindRate, Unit: "%",
		Formula: "数据治理“及时性”规则检查合格的记录 ÷ 检查的记录（区县工作日有数据、无体外循环补录）", NumeratorLabel: "及时", DenominatorLabel: "检查的记录",
		Target: ptr(95), Tolerance: 3, Direction: Up, Source: srcQuality, Weight: 1},
	{Code: ReportSuccessRate, Name: "上报成功率", Group: GroupQuality, Kind: KindRate, Unit: "%",
		Formula: "上级系统已接收（SJSCZT=3）的记录 ÷ 已有结果的上报记录（已接收、被退回、发送失败），按首次发送日统计", NumeratorLabel: "上报成功", DenominatorLabel: "已有结果的上报记录",
		Target: ptr(98), Tolerance: 2, Direction: Up, Source: srcExchange, Weight: 1},
	{Code: CompletenessRate, Name: "数据完整率", Group: GroupQuality, Kind: KindRate, Unit: "%",
		Formula: "必填字段齐全的记录 ÷ 记录", NumeratorLabel: "完整记录", DenominatorLabel: "记录",
		Target: ptr(98), Tolerance: 2, Direction: Up, Source: srcQuality, Weight: 1},
	{Code: ConsistencyRate, Name: "逻辑一致率", Group: GroupQuality, Kind: KindRate, Unit: "%",
		Formula: "通过逻辑校验的记录 ÷ 记录", NumeratorLabel: "通过校验", DenominatorLabel: "记录",
		Target: ptr(98), Tolerance: 2, Direction: Up, Source: srcQuality, Weight: 1},
	{Code: SatisfactionRate, Name: "好差评满意率", Group: GroupService, Kind: KindRate, Unit: "%",
		Formula: "满意及非常满意的评价 ÷ 全部评价（按评价日）", NumeratorLabel: "满意评价", DenominatorLabel: "全部评价",
		Target: ptr(95), Tolerance: 3, Direction: Up, Source: srcRatings, Weight: 1},
	{Code: RectifyRate, Name: "差评整改率", Group: GroupService, Kind: KindRate, Unit: "%",
		Formula: "已办结的差评整改 ÷ 差评整改（按差评日）", NumeratorLabel: "已整改", DenominatorLabel: "差评",
		Target: ptr(100), Tolerance: 10, Direction: Up, Source: srcRatings, Weight: 1, Official: true,
		OfficialNote: "国办发〔2019〕51号：差评整改率。"},
}

// Seed inserts the definitions of Catalogue that are missing (an edited
// row is never overwritten) and records "indicator.seed" when it added any.
func Seed(ctx context.Context, tx *sql.Tx, rec *audit.Recorder, now time.Time) error {
	added := []string{}
	for i, d := range Catalogue {
		if d.OfficialNote == "" && !d.Official {
			d.OfficialNote = noteDomain
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO indicators (code, name, grp, kind, formula, numerator_label,
			denominator_label, unit, target, tolerance, direction, source, official, official_note, weight, enabled,
			sort_order, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, TRUE, $16, $17, 'seed')
			ON CONFLICT (code) DO NOTHING`,
			d.Code, d.Name, d.Group, d.Kind, d.Formula, d.NumeratorLabel, d.DenominatorLabel, d.Unit, d.Target,
			d.Tolerance, d.Direction, d.Source, d.Official, d.OfficialNote, d.Weight, (i+1)*10, sqldb.T(now))
		if err != nil {
			return sqldb.Translate(err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			added = append(added, d.Code)
		}
	}
	if len(added) == 0 {
		return nil
	}
	return rec.Record(ctx, tx, audit.Entry{Action: "indicator.seed", ObjectType: "indicator",
		Detail: map[string]any{"added": added}})
}
