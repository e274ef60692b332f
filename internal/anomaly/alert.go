package anomaly

import (
	"fmt"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

// Alert is one episode of a rule in a region away from normal: opened by
// the evaluation that left normal, ended when the region returned to
// normal (EndReason "recovered") or a person resolved it ("resolved").
// Value, Baseline, Spread, Score and Explanation are those of the latest
// evaluation (Day). Rule fields are copied for display.
type Alert struct {
	ID            int64         `json:"id"`
	RuleID        int64         `json:"rule_id"`
	RuleName      string        `json:"rule_name"`
	Method        Method        `json:"method"`
	Direction     Direction     `json:"direction"`
	Threshold     float64       `json:"threshold" doc:"规则阈值（含义随方法而定，见规则说明）"`
	IndicatorCode string        `json:"indicator_code"`
	IndicatorName string        `json:"indicator_name"`
	Unit          string        `json:"unit"`
	RegionCode    string        `json:"region_code"`
	RegionName    string        `json:"region_name"`
	State         State         `json:"state" doc:"normal | pending | firing | recovering | nodata"`
	StateLabel    string        `json:"state_label"`
	Streak        int           `json:"streak"`
	Day           calendar.Date `json:"day" doc:"最近一次评估的工作日"`
	Value         *float64      `json:"value" doc:"当日指标值；未上报时为 null"`
	Baseline      *float64      `json:"baseline" doc:"基线（静态规则为目标值）"`
	Spread        *float64      `json:"spread" doc:"基线的 MAD"`
	Score         *float64      `json:"score" doc:"稳健偏离倍数或 CUSUM 累计值"`
	Sample        *float64      `json:"sample"`
	Explanation   string        `json:"explanation"`
	OpenedAt      time.Time     `json:"opened_at"`
	FiredAt       time.Time     `json:"fired_at,omitzero"`
	EndedAt       time.Time     `json:"ended_at,omitzero"`
	EndReason     string        `json:"end_reason,omitempty" doc:"recovered（自动恢复）| resolved（人工解除）"`
	AckedAt       time.Time     `json:"acked_at,omitzero"`
	AckerName     string        `json:"acker_name,omitempty"`
	AckNote       string        `json:"ack_note,omitempty"`
	ResolverName  string        `json:"resolver_name,omitempty"`
	ResolveNote   string        `json:"resolve_note,omitempty"`
	UpdatedAt     time.Time     `json:"updated_at"`
	History       []Transition  `json:"history,omitempty" doc:"状态变化记录，按时间顺序（仅单条查询返回）"`
}

// Ended reports whether the episode is over.
func (a Alert) Ended() bool { return !a.EndedAt.IsZero() }

// Acked reports whether someone acknowledged the alert.
func (a Alert) Acked() bool { return !a.AckedAt.IsZero() }

// Title is the one-line subject of the alert: 渠县 逾期率（稳健基线）.
func (a Alert) Title() string {
	return fmt.Sprintf("%s %s（%s）", a.RegionName, a.IndicatorName, a.Method.Label())
}

// Key is the stable identity of the rule in the region, for deduplicated
// monitoring tickets: "indicator:<code>:<region>:<rule id>".
func (a Alert) Key() string {
	return fmt.Sprintf("indicator:%s:%s:%d", a.IndicatorCode, a.RegionCode, a.RuleID)
}

// Transition is one entry of an alert's history: a state change by the
// evaluation (Action "evaluate"), an acknowledgement ("ack", state
// unchanged) or a resolution by a person ("resolve").
type Transition struct {
	ID          int64         `json:"id"`
	From        State         `json:"from"`
	To          State         `json:"to"`
	FromLabel   string        `json:"from_label"`
	ToLabel     string        `json:"to_label"`
	Action      string        `json:"action" doc:"evaluate（评估）| ack（确认）| resolve（人工解除）"`
	Day         calendar.Date `json:"day"`
	Value       *float64      `json:"value"`
	Explanation string        `json:"explanation"`
	ActorName   string        `json:"actor_name" doc:"人工操作的用户；评估任务为空"`
	Note        string        `json:"note"`
	OccurredAt  time.Time     `json:"occurred_at"`
}

// Filter selects alerts. State "" or "active" selects open alerts,
// "ended" ended ones, "all" every one, a State value open alerts in it.
// RegionCode narrows to one region (inside the viewer's scope). Limit is
// capped at 200 (50 when zero).
type Filter struct {
	State      string
	RegionCode string
	RuleID     int64
	Limit      int
	Offset     int
}

func (f Filter) limit() int {
	if f.Limit <= 0 {
		return 50
	}
	return min(f.Limit, 200)
}

// Link is the page of alert id.
func Link(id int64) string { return fmt.Sprintf("/indicator-alerts/%d", id) }
