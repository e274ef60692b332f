// Package supervision is 效能监管's case supervision: 督办 (a supervision
// order with a working-day deadline and a required reply) and 催办 (a
// reminder, with neither), issued by supervisors to the departments working
// on a case and tracked to closure; and the deadline scan that warns the
// departments and supervisors when a case's clock turns yellow or red.
//
// Every use case authorises the principal in the context, runs in one
// transaction, writes its audit event and sends its notifications (package
// notify) in that same transaction.
package supervision

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// Kinds of supervision.
const (
	KindOrder    = "order"    // 督办: deadline in working days, reply required
	KindReminder = "reminder" // 催办: no deadline, reply optional
)

// States of an order, derived from its reply, closure and deadline.
const (
	StateOpen    = "open"    // awaiting the department's reply
	StateOverdue = "overdue" // an order past its deadline without a reply
	StateReplied = "replied" // replied, not yet closed
	StateClosed  = "closed"
	StateActive  = "active" // filter only: open, overdue or replied (not closed)
)

// MaxDays is the longest deadline a supervisor may set, in working days.
const MaxDays = 30

var kindLabels = map[string]string{KindOrder: "督办", KindReminder: "催办"}

var stateLabels = map[string]string{StateOpen: "待反馈", StateOverdue: "逾期未反馈", StateReplied: "已反馈",
	StateClosed: "已关闭", StateActive: "未关闭"}

// KindLabel is the Chinese name of a kind.
func KindLabel(kind string) string { return kindLabels[kind] }

// StateLabel is the Chinese name of a state.
func StateLabel(state string) string { return stateLabels[state] }

// Order is one 督办 or 催办 on a case, addressed to one department. The
// case's number, item and project are copied when it is issued. Deadline is
// zero for a reminder; Provisional marks a deadline counted over a year
// whose official holiday arrangement was not yet loaded.
type Order struct {
	ID          int64         `json:"id"`
	CaseID      int64         `json:"case_id"`
	CaseNumber  string        `json:"case_number"`
	ItemName    string        `json:"item_name"`
	ProjectName string        `json:"project_name"`
	Kind        string        `json:"kind" doc:"order（督办）| reminder（催办）"`
	KindLabel   string        `json:"kind_label"`
	RegionCode  string        `json:"region_code"`
	IssuedBy    int64         `json:"issued_by"`
	IssuerName  string        `json:"issuer_name"`
	ToOrgID     int64         `json:"to_org_id"`
	ToOrgName   string        `json:"to_org_name"`
	Content     string        `json:"content"`
	Deadline    calendar.Date `json:"deadline,omitzero" doc:"反馈期限（督办），YYYY-MM-DD"`
	Provisional bool          `json:"deadline_provisional"`
	Reply       string        `json:"reply"`
	RepliedBy   int64         `json:"replied_by,omitempty"`
	ReplierName string        `json:"replier_name,omitempty"`
	RepliedAt   time.Time     `json:"replied_at,omitzero"`
	CloseNote   string        `json:"close_note"`
	ClosedBy    int64         `json:"closed_by,omitempty"`
	CloserName  string        `json:"closer_name,omitempty"`
	ClosedAt    time.Time     `json:"closed_at,omitzero"`
	CreatedAt   time.Time     `json:"created_at"`
	State       string        `json:"state" doc:"open | overdue | replied | closed"`
	StateLabel  string        `json:"state_label"`
	Overdue     bool          `json:"overdue" doc:"督办已过反馈期限仍未反馈"`
}

// Replied reports whether the department has replied.
func (o *Order) Replied() bool { return !o.RepliedAt.IsZero() }

// Closed reports whether a supervisor has closed the order.
func (o *Order) Closed() bool { return !o.ClosedAt.IsZero() }

// derive fills State, StateLabel, Overdue and KindLabel as of today: an
// order is overdue from the day after its deadline until it is replied.
func (o *Order) derive(today calendar.Date) {
	o.KindLabel = KindLabel(o.Kind)
	o.Overdue = o.Kind == KindOrder && !o.Replied() && !o.Closed() && today.After(o.Deadline)
	switch {
	case o.Closed():
		o.State = StateClosed
	case o.Replied():
		o.State = StateReplied
	case o.Overdue:
		o.State = StateOverdue
	default:
		o.State = StateOpen
	}
	o.StateLabel = StateLabel(o.State)
}

// IssueInput is what a supervisor fills in to issue an order or reminder.
// Days is the reply deadline in working days from today (orders only; a
// reminder ignores it).
type IssueInput struct {
	Kind    string `json:"kind" doc:"order（督办）| reminder（催办）"`
	ToOrgID int64  `json:"to_org_id" doc:"被督办部门：在该办件中有办理任务的部门或牵头部门"`
	Content string `json:"content" doc:"督办催办内容，最多 1000 字"`
	Days    int    `json:"days" doc:"反馈期限（工作日，1–30）；仅督办需要"`
}

// Validate checks the input on its own (the case decides whether ToOrgID
// may be addressed) and returns an Invalid error with Chinese messages per
// field: kind, to_org_id, content, days.
func (in *IssueInput) Validate() error {
	in.Content = strings.TrimSpace(in.Content)
	f := map[string]string{}
	if _, ok := kindLabels[in.Kind]; !ok {
		f["kind"] = "请选择督办或催办。"
	}
	if in.ToOrgID <= 0 {
		f["to_org_id"] = "请选择被督办的部门。"
	}
	checkText(f, "content", in.Content, "督办催办内容", true)
	if in.Kind == KindOrder && (in.Days < 1 || in.Days > MaxDays) {
		f["days"] = "督办的反馈期限应为 1 至 30 个工作日。"
	}
	if in.Kind == KindReminder {
		in.Days = 0
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return nil
}

// checkText requires (when required) and limits a free-text field.
func checkText(f map[string]string, field, v, label string, required bool) {
	switch {
	case required && v == "":
		f[field] = "请填写" + label + "。"
	case utf8.RuneCountInString(v) > 1000:
		f[field] = label + "不能超过 1000 字。"
	}
}

// Filter selects orders for List. Zero fields do not filter; Limit is
// capped at 200 (50 when zero).
type Filter struct {
	State      string // open | overdue | replied | closed | active
	Kind       string
	CaseID     int64
	RegionCode string
	Limit      int
	Offset     int
}

// Validate refuses an unknown state or kind with an Invalid error.
func (f Filter) Validate() error {
	fields := map[string]string{}
	if _, ok := stateLabels[f.State]; f.State != "" && !ok {
		fields["state"] = "状态无效，请从列表中选择。"
	}
	if _, ok := kindLabels[f.Kind]; f.Kind != "" && !ok {
		fields["kind"] = "类别无效，请从列表中选择。"
	}
	if len(fields) > 0 {
		return errs.FieldErrors(fields)
	}
	return nil
}

func (f Filter) limit() int {
	if f.Limit <= 0 {
		return 50
	}
	return min(f.Limit, 200)
}
