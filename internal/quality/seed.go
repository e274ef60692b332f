package quality

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// DefaultRules are the rules Seed creates. Thresholds: with warn 0 and
// fail 0 any failing row fails the rule (dbt's default "!= 0"); rates are
// in basis points.
var DefaultRules = []Rule{
	{Code: "project_code", Name: "项目代码格式与行政区划", Dimension: Validity, Table: "projects", Severity: "high",
		ThresholdKind: ThresholdCount, Responsible: RespRegionWindow,
		Description: "项目代码须符合“年份-行政区划代码-行业代码-类型代码-流水号”格式，行政区划代码须与项目所属区县一致。"},
	{Code: "project_credit_code", Name: "项目单位统一社会信用代码校验", Dimension: Validity, Table: "projects", Severity: "high",
		ThresholdKind: ThresholdCount, Responsible: RespRegionWindow,
		Description: "项目单位的统一社会信用代码须为18位且校验位正确。"},
	{Code: "project_required", Name: "项目必填信息完整", Dimension: Completeness, Table: "projects", Severity: "medium",
		ThresholdKind: ThresholdRate, FailAbove: 100, Responsible: RespRegionWindow,
		Description: "项目名称、项目单位、统一社会信用代码、建设地址和总投资须填写。"},
	{Code: "project_duplicates", Name: "重复登记的项目", Dimension: Uniqueness, Table: "projects", Severity: "medium",
		ThresholdKind: ThresholdCount, FailAbove: 5, Responsible: RespRegionWindow,
		Params:      map[string]any{"name_similarity": 0.85},
		Description: "同一项目代码，或名称几乎相同且用地红线重叠的项目，视为重复登记。"},
	{Code: "project_site_in_dazhou", Name: "用地红线位于达州市范围内", Dimension: Validity, Table: "projects", Severity: "medium",
		ThresholdKind: ThresholdCount, Responsible: "function:zrzy", Params: map[string]any{"boundary": ""},
		Description: "用地红线须位于达州市范围内。默认边界为手工绘制的近似边界，可在参数 boundary 中换为正式边界（GeoJSON 多边形）。"},
	{Code: "case_accept_before_conclude", Name: "受理时间早于办结时间", Dimension: Consistency, Table: "cases", Severity: "high",
		ThresholdKind: ThresholdCount, Responsible: RespCaseLead, Description: "已办结的办件须有受理时间和办结时间，且受理在前。"},
	{Code: "case_no_step_after_conclusion", Name: "办结后没有办理记录", Dimension: Consistency, Table: "case_steps", Severity: "high",
		ThresholdKind: ThresholdCount, Responsible: RespCaseLead, Description: "办结之后除撤销和容缺材料补交外，不应再有办理记录。"},
	{Code: "case_blzt_sequence", Name: "办理状态（BLZT）序列合法", Dimension: Consistency, Table: "case_steps", Severity: "high",
		ThresholdKind: ThresholdCount, Responsible: RespCaseLead, Description: "按顺序重放办理记录，每一步都须是合法的状态转换，且与办件当前状态一致。"},
	{Code: "case_result_document", Name: "办结（通过）须有批复文件", Dimension: Completeness, Table: "licences", Severity: "high",
		ThresholdKind: ThresholdCount, Responsible: RespCaseLead, Params: map[string]any{"grace_minutes": 60},
		Description: "办结（通过）和办结（容缺通过）的办件须有电子证照（批复文件）；办结后 grace_minutes 分钟内不检查。"},
	{Code: "case_time_limit", Name: "办理时限与事项目录一致", Dimension: Consistency, Table: "cases", Severity: "medium",
		ThresholdKind: ThresholdRate, FailAbove: 100, Responsible: RespCaseLead,
		Description: "办件的办理时限须等于其流程版本中该事项的承诺时限（未承诺时为法定时限）。"},
	{Code: "case_orphans", Name: "办件引用的数据存在", Dimension: Integrity, Table: "cases", Severity: "high",
		ThresholdKind: ThresholdCount, Responsible: RespCaseLead, Description: "办件引用的流程版本、阶段、事项和区县须存在。"},
	{Code: "region_silent_workday", Name: "区县工作日有数据上报", Dimension: Timeliness, Table: "cases", Severity: "medium",
		ThresholdKind: ThresholdRate, WarnAbove: 1000, FailAbove: 3000, Responsible: RespRegionWindow,
		Params:      map[string]any{"days": 5, "exclude": ""},
		Description: "最近 days 个工作日内，每个区县每个工作日都应有接件或办理记录；exclude 为不检查的区县编码（逗号分隔）。"},
	{Code: "case_backfilled", Name: "疑似补录（体外循环）", Dimension: Timeliness, Table: "case_steps", Severity: "high",
		ThresholdKind: ThresholdCount, FailAbove: 3, Responsible: RespCaseLead,
		Params:      map[string]any{"lookback_days": 30, "lag_hours": 24, "burst_minutes": 60, "min_steps": 3},
		Description: "多条办理记录在事件发生很久之后集中录入系统，说明办件可能在线下办理后补录。"},
}

// Seed creates the default rules that do not exist yet (by code) inside
// tx and records one "quality.seed" event when it created any. It never
// changes an existing rule. Call it after the schema is migrated.
func Seed(ctx context.Context, tx *sql.Tx, rec *audit.Recorder, now time.Time) error {
	var created []string
	for _, r := range DefaultRules {
		params := r.Params
		if params == nil {
			params = map[string]any{}
		}
		raw, err := json.Marshal(params)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO quality_rules (code, name, dimension, table_name, severity,
			threshold_kind, warn_above, fail_above, responsible, params, description, active, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, TRUE, $12, $12) ON CONFLICT (code) DO NOTHING`,
			r.Code, r.Name, r.Dimension, r.Table, r.Severity, r.ThresholdKind, r.WarnAbove, r.FailAbove,
			r.Responsible, string(raw), r.Description, sqldb.T(now))
		if err != nil {
			return sqldb.Translate(err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			created = append(created, r.Code)
		}
	}
	if len(created) == 0 {
		return nil
	}
	return rec.Record(ctx, tx, audit.Entry{Action: "quality.seed", ObjectType: "quality_rule", ObjectID: "default",
		Detail: map[string]any{"created": created}})
}
