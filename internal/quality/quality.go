// Package quality is 数据治理: data-quality rules over the approval data,
// held as data over the six dimensions (completeness, validity, uniqueness,
// timeliness, consistency, referential integrity), evaluated on a schedule
// and on demand; each result is pass / warn / fail / error against the
// rule's thresholds, with the failing rows stored (capped) and quality
// rates per region, table and dimension kept for trends and for the
// indicator package. Every failing record becomes a governance task for the
// responsible org unit, linking to the page where the record is fixed; the
// next run closes the task by itself when the record passes, and the unit
// may close it by hand with a reason. Every write is transactional and
// audited.
//
// A rule's check is Go code chosen by the rule's code (checks.go): a
// visible, parameterised SQL query, or a Go check over a bounded query; the
// rule row holds what an administrator may tune (severity, thresholds,
// responsible unit, parameters, active).
package quality

import (
	"time"
)

// The six dimensions.
const (
	Completeness = "completeness"
	Validity     = "validity"
	Uniqueness   = "uniqueness"
	Timeliness   = "timeliness"
	Consistency  = "consistency"
	Integrity    = "integrity"
)

// Dimensions lists the dimensions in display order.
var Dimensions = []string{Completeness, Validity, Uniqueness, Timeliness, Consistency, Integrity}

var dimensionLabels = map[string]string{Completeness: "完整性", Validity: "有效性", Uniqueness: "唯一性",
	Timeliness: "及时性", Consistency: "一致性", Integrity: "关联完整性"}

// DimensionLabel is the Chinese name of a dimension.
func DimensionLabel(d string) string { return dimensionLabels[d] }

// Result statuses.
const (
	StatusPass  = "pass"
	StatusWarn  = "warn"
	StatusFail  = "fail"
	StatusError = "error"
)

var statusLabels = map[string]string{StatusPass: "通过", StatusWarn: "警告", StatusFail: "不通过", StatusError: "执行出错"}

// StatusLabel is the Chinese name of a result status.
func StatusLabel(s string) string { return statusLabels[s] }

var severityLabels = map[string]string{"high": "高", "medium": "中", "low": "低"}

// SeverityLabel is the Chinese name of a severity (high, medium, low).
func SeverityLabel(s string) string { return severityLabels[s] }

// Threshold kinds.
const (
	ThresholdCount = "count" // the number of failing rows
	ThresholdRate  = "rate"  // failing ÷ evaluated, in basis points (1 = 0.01%)
)

// Responsible units (besides "function:<code>").
const (
	RespCaseLead     = "case_lead"     // the case's lead department (the region's window when none)
	RespRegionWindow = "region_window" // the region's 综合窗口
)

// MaxStored is how many failing rows are kept per result; the result's
// Failed is the true total.
const MaxStored = 500

// MaxTasks is how many new governance tasks one rule opens in one run;
// the rest are opened by later runs (existing tasks are always kept up to date).
const MaxTasks = 2000

// Rule is one data-quality rule. Code selects the check; the other fields
// are the administrator's settings.
type Rule struct {
	ID            int64          `json:"id"`
	Code          string         `json:"code"`
	Name          string         `json:"name"`
	Dimension     string         `json:"dimension" doc:"completeness | validity | uniqueness | timeliness | consistency | integrity"`
	Table         string         `json:"table" doc:"被检查的数据表"`
	Severity      string         `json:"severity" doc:"high | medium | low"`
	ThresholdKind string         `json:"threshold_kind" doc:"count（不合格条数）| rate（不合格率，万分比）"`
	WarnAbove     int64          `json:"warn_above" doc:"超过即警告"`
	FailAbove     int64          `json:"fail_above" doc:"超过即不通过"`
	Responsible   string         `json:"responsible" doc:"case_lead | region_window | function:<部门职能代码>"`
	Params        map[string]any `json:"params" doc:"规则参数（随规则而定）"`
	Description   string         `json:"description"`
	Active        bool           `json:"active"`
	SQL           string         `json:"sql" doc:"规则的查询语句（只读）"`
	UpdatedAt     time.Time      `json:"updated_at"`
}

// DimensionLabel is the Chinese name of the rule's dimension.
func (r Rule) DimensionLabel() string { return DimensionLabel(r.Dimension) }

// SeverityLabel is the Chinese name of the rule's severity.
func (r Rule) SeverityLabel() string { return SeverityLabel(r.Severity) }

// ThresholdLabel describes the thresholds in Chinese.
func (r Rule) ThresholdLabel() string {
	if r.ThresholdKind == ThresholdRate {
		return "不合格率超过 " + bpLabel(r.WarnAbove) + " 警告，超过 " + bpLabel(r.FailAbove) + " 不通过"
	}
	return "不合格超过 " + itoa(r.WarnAbove) + " 条警告，超过 " + itoa(r.FailAbove) + " 条不通过"
}

// ResponsibleLabel describes the responsible unit in Chinese.
func (r Rule) ResponsibleLabel() string { return responsibleLabel(r.Responsible) }

// Run is one evaluation of the active rules.
type Run struct {
	ID         int64     `json:"id"`
	Trigger    string    `json:"trigger" doc:"schedule（定时）| manual（手动）"`
	StartedBy  string    `json:"started_by"`
	Day        string    `json:"day" doc:"运行日期（北京时间），YYYY-MM-DD"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at,omitzero"`
	Pass       int       `json:"pass"`
	Warn       int       `json:"warn"`
	Fail       int       `json:"fail"`
	Error      int       `json:"error"`
	Results    []Result  `json:"results,omitempty"`
}

// Result is one rule's outcome in one run.
type Result struct {
	ID         int64  `json:"id"`
	RunID      int64  `json:"run_id"`
	RuleID     int64  `json:"rule_id"`
	RuleCode   string `json:"rule_code"`
	RuleName   string `json:"rule_name"`
	Dimension  string `json:"dimension"`
	Table      string `json:"table"`
	Severity   string `json:"severity"`
	Status     string `json:"status" doc:"pass | warn | fail | error"`
	Evaluated  int    `json:"evaluated" doc:"检查的记录数"`
	Failed     int    `json:"failed" doc:"不合格记录总数"`
	Stored     int    `json:"stored" doc:"保存的不合格记录数（每条规则最多 500）"`
	Error      string `json:"error,omitempty"`
	DurationMS int64  `json:"duration_ms"`
}

// StatusLabel is the Chinese name of the result's status.
func (r Result) StatusLabel() string { return StatusLabel(r.Status) }

// DimensionLabel is the Chinese name of the result's dimension.
func (r Result) DimensionLabel() string { return DimensionLabel(r.Dimension) }

// Failure is one failing row: the record, its region and why it fails.
type Failure struct {
	RecordType  string `json:"record_type" doc:"project | case | application | region_day"`
	RecordID    string `json:"record_id"`
	RegionCode  string `json:"region_code"`
	Explanation string `json:"explanation"`
	Link        string `json:"link" doc:"就地修改该记录的页面"`
	// leadOrg is the case's lead department (0 when none or not a case).
	leadOrg int64
}

// Task is a governance task: one failing record of one rule, for one unit.
type Task struct {
	ID          int64     `json:"id"`
	RuleID      int64     `json:"rule_id"`
	RuleCode    string    `json:"rule_code"`
	RuleName    string    `json:"rule_name"`
	Dimension   string    `json:"dimension"`
	RecordType  string    `json:"record_type"`
	RecordID    string    `json:"record_id"`
	RegionCode  string    `json:"region_code"`
	OrgUnitID   int64     `json:"org_unit_id"`
	OrgUnitName string    `json:"org_unit_name"`
	Explanation string    `json:"explanation"`
	Link        string    `json:"link"`
	OpenedRun   int64     `json:"opened_run"`
	LastRun     int64     `json:"last_run"`
	OpenedAt    time.Time `json:"opened_at"`
	LastSeenAt  time.Time `json:"last_seen_at"`
	ClosedAt    time.Time `json:"closed_at,omitzero"`
	CloseKind   string    `json:"close_kind" doc:"空（未关闭）| auto（复核通过自动关闭）| manual（人工关闭）| exempt（确认为例外）"`
	CloserName  string    `json:"closer_name,omitempty"`
	CloseReason string    `json:"close_reason,omitempty"`
}

// Open reports whether the task is still open.
func (t Task) Open() bool { return t.ClosedAt.IsZero() }

var closeKindLabels = map[string]string{"": "待处理", "auto": "复核通过，已自动关闭", "manual": "已人工关闭",
	"exempt": "已确认为例外"}

// StateLabel is the Chinese state of the task.
func (t Task) StateLabel() string { return closeKindLabels[t.CloseKind] }

// DimensionLabel is the Chinese name of the task's dimension.
func (t Task) DimensionLabel() string { return DimensionLabel(t.Dimension) }
