package casework

import (
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

// Join policies decide when the parallel department tasks of a case are
// complete: all (会签) when every department has decided; any (或签) when
// one has approved; quorum when Quorum departments have approved.
const (
	JoinAll    = "all"
	JoinAny    = "any"
	JoinQuorum = "quorum"
)

// Task statuses.
const (
	TaskPending   = "pending"
	TaskApproved  = "approved"
	TaskDenied    = "denied"
	TaskCancelled = "cancelled"
)

// Case is one application of one item (办件).
type Case struct {
	ID                  int64         `json:"id"`
	Number              string        `json:"number"`
	ApplicationID       int64         `json:"application_id"`
	ApplicationNumber   string        `json:"application_number"`
	ProjectID           int64         `json:"project_id"`
	ProjectCode         string        `json:"project_code"`
	ProjectName         string        `json:"project_name"`
	EnterpriseID        int64         `json:"-"` // the project owner's enterprise, if it has an account
	RegionCode          string        `json:"region_code"`
	ItemCode            string        `json:"item_code"`
	ItemName            string        `json:"item_name"`
	FlowID              int64         `json:"flow_id"`
	StageNo             int           `json:"stage_no"`
	Status              Status        `json:"status"`
	StatusLabel         string        `json:"status_label"`
	Version             int64         `json:"version"`
	LeadOrgID           int64         `json:"lead_org_id"`
	Join                string        `json:"join_policy"`
	Quorum              int           `json:"quorum"`
	LimitDays           int           `json:"limit_days"`
	StatutoryDays       int           `json:"statutory_days"`
	ReceivedAt          time.Time     `json:"received_at"`
	AcceptedAt          time.Time     `json:"accepted_at,omitzero"`
	ConcludedAt         time.Time     `json:"concluded_at,omitzero"`
	StartDay            calendar.Date `json:"start_day,omitzero"`
	Deadline            calendar.Date `json:"deadline,omitzero"`
	DeadlineProvisional bool          `json:"deadline_provisional"`
	PausedDays          int           `json:"paused_days"`
	PausedSince         time.Time     `json:"paused_since,omitzero"`
	WarnLevel           string        `json:"warn_level"`
	Deficiency          []string      `json:"deficiency"`
	DeficiencyDeadline  calendar.Date `json:"deficiency_deadline,omitzero"`
	ReadyToConclude     bool          `json:"ready_to_conclude"`
	Conclusion          string        `json:"conclusion"`

	Answers       []Answer       `json:"answers,omitempty"`
	Materials     []MaterialFile `json:"materials,omitempty"`
	Tasks         []Task         `json:"tasks,omitempty"`
	Steps         []Step         `json:"steps,omitempty"`
	Pauses        []Pause        `json:"pauses,omitempty"`
	Consultations []Consultation `json:"consultations,omitempty"`
	Clock         *ClockState    `json:"clock,omitempty"`
}

// Accepted reports whether the window has accepted the case (the clock runs).
func (c *Case) Accepted() bool { return !c.AcceptedAt.IsZero() }

// Task is one department's part of a case.
type Task struct {
	ID        int64     `json:"id"`
	OrgUnitID int64     `json:"org_unit_id"`
	OrgName   string    `json:"org_name"`
	Lead      bool      `json:"lead"`
	Status    string    `json:"status"`
	Opinion   string    `json:"opinion"`
	DecidedBy int64     `json:"decided_by,omitempty"`
	DecidedAt time.Time `json:"decided_at,omitzero"`
}

// Step is one entry of the processing record.
type Step struct {
	ID         int64     `json:"id"`
	Action     string    `json:"action"`
	From       Status    `json:"from_status"`
	To         Status    `json:"to_status"`
	ActorName  string    `json:"actor_name"`
	OrgUnitID  int64     `json:"org_unit_id,omitempty"`
	Opinion    string    `json:"opinion"`
	Detail     string    `json:"detail"`
	OccurredAt time.Time `json:"occurred_at"`
}

// Pause is a 补正 or 特别程序 interval; its working days do not count.
type Pause struct {
	ID           int64     `json:"id"`
	Kind         string    `json:"kind"` // correction | special
	Reason       string    `json:"reason"`
	Items        []FixItem `json:"items,omitempty"`
	SpecialKind  string    `json:"special_kind,omitempty"`
	ExpectedDays int       `json:"expected_days,omitempty"`
	StartedAt    time.Time `json:"started_at"`
	EndedAt      time.Time `json:"ended_at,omitzero"`
	Workdays     int       `json:"workdays"`
	Outcome      string    `json:"outcome,omitempty"`
}

// FixItem is one line of a 一次性补正告知: a material and what is wrong with it.
type FixItem struct {
	Material string `json:"material"`
	Problem  string `json:"problem"`
}

// Consultation is a 征求意见 from one department to another.
type Consultation struct {
	ID         int64         `json:"id"`
	FromOrgID  int64         `json:"from_org_id"`
	ToOrgID    int64         `json:"to_org_id"`
	ToOrgName  string        `json:"to_org_name"`
	Question   string        `json:"question"`
	Deadline   calendar.Date `json:"deadline"`
	Answer     string        `json:"answer"`
	AnsweredAt time.Time     `json:"answered_at,omitzero"`
	CreatedAt  time.Time     `json:"created_at"`
}

// Pause kinds and the special procedures of 行政许可法 art. 45.
const (
	PauseCorrection = "correction"
	PauseSpecial    = "special"
)

// SpecialKinds are the procedures whose time does not count.
var SpecialKinds = map[string]string{
	"hearing":   "听证",
	"expert":    "专家评审",
	"testing":   "检验、检测、检疫",
	"appraisal": "鉴定",
	"tender":    "招标、拍卖",
}
