package anomaly

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// DefaultRules are the rules of a fresh installation, over the codes of
// the indicator registry. Their thresholds are this system's starting
// points, not official figures; administrators tune them on
// /indicator-rules. Rates computed from the approval system's own cases
// ignore a day without a value (nothing concluded is not "reported
// nothing"); the reporting-timeliness rule treats it as nodata.
var DefaultRules = []Rule{
	{Name: "逾期率偏离本区县基线", IndicatorCode: "overdue_rate", IndicatorName: "逾期率", Unit: "%",
		Method: MethodBaseline, Direction: Up, Threshold: 3, MinDelta: 2, MinSample: 5, SpanDays: 5,
		NoData: NoDataIgnore,
		Note: "每个工作日判断近 5 个工作日的合计（区县每天办结的件数少，单日样本不足 5 件时无法判断），" +
			"与此前 20 个工作日各自的同样合计的中位数 ± MAD 比较（样本少时取抽样误差）；" +
			"偏离 3 倍标准差且至少 2 个百分点，连续 3 个工作日告警。"},
	{Name: "逾期率明显高于其他区县", IndicatorCode: "overdue_rate", IndicatorName: "逾期率", Unit: "%",
		Method: MethodPeer, Direction: Up, Threshold: 3, MinDelta: 3, MinSample: 5, ForN: 2, SpanDays: 5,
		NoData: NoDataIgnore,
		Note:   "近 5 个工作日的合计，与其余区县同期合计的中位数 ± MAD 比较；连续 2 个工作日告警。"},
	{Name: "按时办结率低于 95%", IndicatorCode: "ontime_rate", IndicatorName: "按时办结率", Unit: "%",
		Method: MethodStatic, Direction: Down, Threshold: 95, MinSample: 5, NoData: NoDataIgnore,
		Note: "常见的“按时办结率不低于 95%”要求，本系统暂定。"},
	{Name: "按时办结率缓慢下滑", IndicatorCode: "ontime_rate", IndicatorName: "按时办结率", Unit: "%",
		Method: MethodCUSUM, Direction: Down, Threshold: 4, MinDelta: 1, MinSample: 5, ForN: 1, NoData: NoDataIgnore,
		Note: "CUSUM：近 10 个工作日累计偏低超过 4 个标准差。"},
	{Name: "预警数明显多于其他区县", IndicatorCode: "warning_count", IndicatorName: "预警数", Unit: "件",
		Method: MethodPeer, Direction: Up, Threshold: 3, MinDelta: 5, NoData: NoDataIgnore},
	{Name: "数据上报及时率低于 90%", IndicatorCode: "report_timely_rate", IndicatorName: "数据上报及时率", Unit: "%",
		Method: MethodStatic, Direction: Down, Threshold: 90, ForN: 2, NoData: NoDataAlert,
		Note: "工作日没有上报记录记为“未上报”。"},
}

// SeedRules stores DefaultRules when there is no rule yet, in the caller's
// transaction tx, with one "anomaly.rule.create" audit event per rule by
// the actor in ctx (the system when seeding). It is idempotent: with any
// rule present it does nothing. Errors: from the database or the audit
// chain.
func SeedRules(ctx context.Context, tx *sql.Tx, rec *audit.Recorder, now time.Time) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM anomaly_rules`).Scan(&n); err != nil {
		return sqldb.Translate(err)
	}
	if n > 0 {
		return nil
	}
	svc := &Service{rec: rec}
	for _, r := range DefaultRules {
		r.Enabled, r.CreatedAt, r.UpdatedAt = true, now, now
		r.Defaults()
		if err := r.Validate(); err != nil {
			return fmt.Errorf("default rule %q: %w", r.Name, err)
		}
		id, err := insertRule(ctx, tx, r)
		if err != nil {
			return err
		}
		r.ID = id
		if err := svc.recordRule(ctx, tx, "anomaly.rule.create", &r); err != nil {
			return err
		}
	}
	return nil
}
