// Package evaluation is 好差评 and 办结信息公示.
//
// 好差评: the applicant of a case that has ended with a decision — the
// owner enterprise, or the agent who submitted the application — rates the
// service once on the national five levels, with a comment and the aspect
// concerned when the rating is bad. Ratable statuses are the conclusions
// 11, 12 and 13 and the refusals 4 (不受理) and 5 (不予受理): a refusal is
// a service received too, and a bad experience of it must be heard. A
// withdrawn (2, 14) or revoked (15) case is not ratable. A rating is
// final: it is never amended, and it is audited.
//
// A bad rating (不满意 or 非常不满意) opens a rectification (差评整改) for
// the case's lead department (for a refusal, which never reached a
// department, the region's comprehensive window), due a configurable
// number of working days later. The department's reviewers and heads
// (access.Rectify) answer it once; it is closed once, by the rater's
// follow-up (回访: satisfied or not) after the answer, or by a supervisor
// (access.Supervise) at any time with a note.
//
// 办结信息公示: the public register of concluded cases (11, 12, 13), read
// without login, with personal data masked (see mask.go).
//
// Every use case authorises the principal in the context, runs in one
// transaction, writes its audit event and sends its notifications (package
// notify) in that same transaction.
package evaluation

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// Level is a rating on the national five levels, 5 (非常满意) to 1 (非常不满意).
type Level int

// The five levels.
const (
	VeryDissatisfied Level = 1 // 非常不满意
	Dissatisfied     Level = 2 // 不满意
	Fair             Level = 3 // 基本满意
	Satisfied        Level = 4 // 满意
	VerySatisfied    Level = 5 // 非常满意
)

var levelLabels = map[Level]string{VerySatisfied: "非常满意", Satisfied: "满意", Fair: "基本满意",
	Dissatisfied: "不满意", VeryDissatisfied: "非常不满意"}

// Levels lists the levels best first, as forms offer them.
var Levels = []Level{VerySatisfied, Satisfied, Fair, Dissatisfied, VeryDissatisfied}

// Label is the Chinese name of the level ("" when invalid).
func (l Level) Label() string { return levelLabels[l] }

// Valid reports whether l is one of the five levels.
func (l Level) Valid() bool { return l >= VeryDissatisfied && l <= VerySatisfied }

// Bad reports whether l is a 差评 (不满意 or 非常不满意): it needs a comment
// and an aspect, and opens a rectification.
func (l Level) Bad() bool { return l == Dissatisfied || l == VeryDissatisfied }

// Good reports whether l counts as satisfied in 满意率 (满意 or 非常满意).
func (l Level) Good() bool { return l >= Satisfied }

// Aspect is what a bad rating is about.
type Aspect struct{ Code, Label string }

// Aspects are the aspects a rater may name, in form order.
var Aspects = []Aspect{{"efficiency", "办事效率"}, {"attitude", "服务态度"}, {"materials", "材料要求"},
	{"online", "线上系统"}, {"other", "其他"}}

// AspectLabel is the Chinese name of an aspect code ("" when unknown).
func AspectLabel(code string) string {
	for _, a := range Aspects {
		if a.Code == code {
			return a.Label
		}
	}
	return ""
}

// MaxText is the longest comment, answer or note, in characters.
const MaxText = 1000

// Rating is one 好差评 of a case by one party. Case number, item and
// project are copied when it is made.
type Rating struct {
	ID          int64     `json:"id"`
	CaseID      int64     `json:"case_id"`
	CaseNumber  string    `json:"case_number"`
	CaseStatus  int       `json:"case_status" doc:"评价时的办理状态（BLZT）"`
	ItemName    string    `json:"item_name"`
	ProjectName string    `json:"project_name"`
	RegionCode  string    `json:"region_code"`
	RaterUserID int64     `json:"rater_user_id"`
	RaterName   string    `json:"rater_name"`
	Level       Level     `json:"level" doc:"5 非常满意 | 4 满意 | 3 基本满意 | 2 不满意 | 1 非常不满意"`
	LevelLabel  string    `json:"level_label"`
	Aspects     []string  `json:"aspects" doc:"efficiency（办事效率）| attitude（服务态度）| materials（材料要求）| online（线上系统）| other（其他）"`
	Comment     string    `json:"comment"`
	CreatedAt   time.Time `json:"created_at"`
	// RectificationID is the rectification a bad rating opened (0: none).
	RectificationID int64 `json:"rectification_id,omitempty"`

	party        string
	enterpriseID int64
}

// AspectLabels are the Chinese names of the rating's aspects.
func (r *Rating) AspectLabels() string {
	out := make([]string, 0, len(r.Aspects))
	for _, a := range r.Aspects {
		out = append(out, AspectLabel(a))
	}
	return strings.Join(out, "、")
}

// RatingInput is what the applicant fills in.
type RatingInput struct {
	Level   Level    `json:"level" doc:"1–5：5 非常满意，4 满意，3 基本满意，2 不满意，1 非常不满意"`
	Aspects []string `json:"aspects" doc:"差评（1、2）必填，可多选：efficiency | attitude | materials | online | other"`
	Comment string   `json:"comment" doc:"评价内容，最多 1000 字；差评必填"`
}

// Validate checks the input and returns an Invalid error with Chinese
// messages per field (level, aspects, comment). It trims the comment,
// drops duplicate aspects and keeps them in form order.
func (in *RatingInput) Validate() error {
	in.Comment = strings.TrimSpace(in.Comment)
	f := map[string]string{}
	if !in.Level.Valid() {
		f["level"] = "请选择评价等级。"
	}
	var known []string
	for _, a := range Aspects {
		if slices.Contains(in.Aspects, a.Code) {
			known = append(known, a.Code)
		}
	}
	for _, a := range in.Aspects {
		if a != "" && AspectLabel(a) == "" {
			f["aspects"] = "评价方面无效，请从列表中选择。"
		}
	}
	in.Aspects = known
	if in.Level.Bad() && len(in.Aspects) == 0 && f["aspects"] == "" {
		f["aspects"] = "请选择不满意的方面（可多选）。"
	}
	checkText(f, "comment", in.Comment, "评价内容", in.Level.Bad())
	if in.Level.Bad() && in.Comment == "" {
		f["comment"] = "选择“不满意”或“非常不满意”时，请写明不满意的原因。"
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
	case utf8.RuneCountInString(v) > MaxText:
		f[field] = label + "不能超过 1000 字。"
	}
}

// States of a rectification, derived from its answer, closure and due date.
const (
	StateOpen     = "open"     // awaiting the department's answer
	StateOverdue  = "overdue"  // past its due date without an answer
	StateAnswered = "answered" // answered, awaiting the follow-up
	StateClosed   = "closed"
	StateActive   = "active" // filter only: not closed
)

var stateLabels = map[string]string{StateOpen: "待整改", StateOverdue: "逾期未整改", StateAnswered: "已整改待回访",
	StateClosed: "已办结", StateActive: "未办结"}

// StateLabel is the Chinese name of a state.
func StateLabel(state string) string { return stateLabels[state] }

// Ways a rectification is closed.
const (
	CloseFollowUp   = "followup"   // the rater's 回访
	CloseSupervisor = "supervisor" // a supervisor
)

// Rectification is the 差评整改 a bad rating opened, with the rating.
// Satisfied is the rater's follow-up answer (nil until then or when a
// supervisor closed it).
type Rectification struct {
	ID             int64         `json:"id"`
	Rating         Rating        `json:"rating"`
	OrgID          int64         `json:"org_id"`
	OrgName        string        `json:"org_name"`
	Due            calendar.Date `json:"due" doc:"整改期限，YYYY-MM-DD"`
	DueProvisional bool          `json:"due_provisional"`
	Answer         string        `json:"answer"`
	AnsweredBy     int64         `json:"answered_by,omitempty"`
	AnswererName   string        `json:"answerer_name,omitempty"`
	AnsweredAt     time.Time     `json:"answered_at,omitzero"`
	CloseKind      string        `json:"close_kind" doc:"followup（申请人回访）| supervisor（监管人员关闭）"`
	Satisfied      *bool         `json:"satisfied,omitempty" doc:"回访结果：申请人是否满意"`
	CloseNote      string        `json:"close_note"`
	ClosedBy       int64         `json:"closed_by,omitempty"`
	CloserName     string        `json:"closer_name,omitempty"`
	ClosedAt       time.Time     `json:"closed_at,omitzero"`
	CreatedAt      time.Time     `json:"created_at"`
	State          string        `json:"state" doc:"open | overdue | answered | closed"`
	StateLabel     string        `json:"state_label"`
	Overdue        bool          `json:"overdue"`
}

// Answered reports whether the department has answered.
func (x *Rectification) Answered() bool { return !x.AnsweredAt.IsZero() }

// Closed reports whether the rectification is closed.
func (x *Rectification) Closed() bool { return !x.ClosedAt.IsZero() }

// SatisfiedLabel is the follow-up answer in Chinese ("" before it).
func (x *Rectification) SatisfiedLabel() string {
	switch {
	case x.Satisfied == nil:
		return ""
	case *x.Satisfied:
		return "满意"
	}
	return "不满意"
}

// OnTime reports whether the department answered by the due date.
func (x *Rectification) OnTime() bool {
	return x.Answered() && !calendar.DateOf(x.AnsweredAt).After(x.Due)
}

// derive fills State, StateLabel and Overdue as of today.
func (x *Rectification) derive(today calendar.Date) {
	x.Rating.LevelLabel = x.Rating.Level.Label()
	x.Overdue = !x.Answered() && !x.Closed() && today.After(x.Due)
	switch {
	case x.Closed():
		x.State = StateClosed
	case x.Answered():
		x.State = StateAnswered
	case x.Overdue:
		x.State = StateOverdue
	default:
		x.State = StateOpen
	}
	x.StateLabel = StateLabel(x.State)
}

// Filter selects rectifications for List. Zero fields do not filter;
// Limit is capped at 200 (50 when zero).
type Filter struct {
	State      string // open | overdue | answered | closed | active
	RegionCode string
	CaseID     int64
	Limit      int
	Offset     int
}

// Validate refuses an unknown state with an Invalid error.
func (f Filter) Validate() error {
	if _, ok := stateLabels[f.State]; f.State != "" && !ok {
		return errs.FieldErrors(map[string]string{"state": "状态无效，请从列表中选择。"})
	}
	return nil
}

func (f Filter) limit() int {
	if f.Limit <= 0 {
		return 50
	}
	return min(f.Limit, 200)
}
