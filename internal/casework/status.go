// Package casework is the approval engine: applications (申报), cases (办件,
// one item instance each), their parallel department tasks, pauses for
// correction (补正) and special procedures (特别程序), consultations and
// conclusions, all against working-day deadlines. The national status codes
// BLZT 1–15 are the canonical states; every transition is checked by Next,
// written with its audit event and outbox row in one transaction.
package casework

import (
	"fmt"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// Status is the national case status code (办理状态 BLZT).
type Status int

// The fifteen national statuses.
const (
	Received           Status = 1  // 已接件
	WithdrawnEarly     Status = 2  // 已撤件 (applicant, before acceptance)
	Accepted           Status = 3  // 已受理 (window)
	NotReceived        Status = 4  // 不受理 (window declines to take the file: 退件)
	Refused            Status = 5  // 不予受理 (formal refusal with reasons)
	CorrectionStarted  Status = 6  // 补正（开始）
	CorrectionEnded    Status = 7  // 补正（结束）
	InReview           Status = 8  // 部门受理 / 部门开始办理
	SpecialStarted     Status = 9  // 特别程序（开始）
	SpecialEnded       Status = 10 // 特别程序（结束）
	Approved           Status = 11 // 办结（通过）
	ApprovedDeficiency Status = 12 // 办结（容缺通过）
	Denied             Status = 13 // 办结（不通过）
	Withdrawn          Status = 14 // 撤回 (applicant, after acceptance)
	Revoked            Status = 15 // 撤销
)

var statusLabels = map[Status]string{
	Received: "已接件", WithdrawnEarly: "已撤件", Accepted: "已受理", NotReceived: "不受理",
	Refused: "不予受理", CorrectionStarted: "补正（开始）", CorrectionEnded: "补正（结束）",
	InReview: "部门办理中", SpecialStarted: "特别程序（开始）", SpecialEnded: "特别程序（结束）",
	Approved: "办结（通过）", ApprovedDeficiency: "办结（容缺通过）", Denied: "办结（不通过）",
	Withdrawn: "撤回", Revoked: "撤销",
}

// Label is the Chinese name of the status.
func (s Status) Label() string {
	if l, ok := statusLabels[s]; ok {
		return l
	}
	return fmt.Sprintf("未知状态 %d", int(s))
}

// Valid reports whether s is one of the fifteen codes.
func (s Status) Valid() bool { _, ok := statusLabels[s]; return ok }

// Terminal reports whether no action but revocation can follow.
func (s Status) Terminal() bool {
	switch s {
	case WithdrawnEarly, NotReceived, Refused, Denied, Withdrawn, Revoked, Approved, ApprovedDeficiency:
		return true
	}
	return false
}

// Concluded reports whether the case reached a decision (办结 11/12/13).
func (s Status) Concluded() bool { return s == Approved || s == ApprovedDeficiency || s == Denied }

// Paused reports whether the clock stands still in this status.
func (s Status) Paused() bool { return s == CorrectionStarted || s == SpecialStarted }

// Action is a verb that moves a case.
type Action string

// The actions of the engine.
const (
	ActAccept         Action = "accept"          // window: 受理 (also 容缺受理)
	ActNotReceive     Action = "not_receive"     // window: 不受理（退件）
	ActRefuse         Action = "refuse"          // window: 不予受理
	ActRequestFix     Action = "request_fix"     // window or department: 一次性补正告知
	ActSupplyFix      Action = "supply_fix"      // applicant: 补正材料已提交
	ActResume         Action = "resume"          // engine: back to review after 补正/特别程序 ends
	ActDispatch       Action = "dispatch"        // engine: tasks created for the departments
	ActSendBack       Action = "send_back"       // department: 退回窗口
	ActStartSpecial   Action = "start_special"   // department: 特别程序开始
	ActEndSpecial     Action = "end_special"     // department: 特别程序结束
	ActApprove        Action = "approve"         // lead department: 办结（通过）
	ActApproveDeficit Action = "approve_deficit" // lead department: 办结（容缺通过）
	ActDeny           Action = "deny"            // lead department: 办结（不通过）
	ActWithdraw       Action = "withdraw"        // applicant: 撤件 / 撤回
	ActRevoke         Action = "revoke"          // lead department: 撤销
)

// transition is one legal edge; before/after acceptance matters for 补正
// and withdrawal, which mean different things on either side.
type transition struct {
	from     Status
	accepted bool
	action   Action
	to       Status
}

// transitions is the whole state machine. Anything not listed is illegal.
var transitions = []transition{
	{Received, false, ActAccept, Accepted},
	{Received, false, ActNotReceive, NotReceived},
	{Received, false, ActRefuse, Refused},
	{Received, false, ActRequestFix, CorrectionStarted},
	{Received, false, ActWithdraw, WithdrawnEarly},
	{CorrectionStarted, false, ActSupplyFix, CorrectionEnded},
	{CorrectionStarted, false, ActWithdraw, WithdrawnEarly},
	{CorrectionEnded, false, ActAccept, Accepted},
	{CorrectionEnded, false, ActRefuse, Refused},
	{CorrectionEnded, false, ActRequestFix, CorrectionStarted},
	{CorrectionEnded, false, ActWithdraw, WithdrawnEarly},
	{Accepted, true, ActDispatch, InReview},
	{Accepted, true, ActWithdraw, Withdrawn},
	{InReview, true, ActRequestFix, CorrectionStarted},
	{InReview, true, ActSendBack, Accepted},
	{InReview, true, ActStartSpecial, SpecialStarted},
	{InReview, true, ActApprove, Approved},
	{InReview, true, ActApproveDeficit, ApprovedDeficiency},
	{InReview, true, ActDeny, Denied},
	{InReview, true, ActWithdraw, Withdrawn},
	{CorrectionStarted, true, ActSupplyFix, CorrectionEnded},
	{CorrectionStarted, true, ActWithdraw, Withdrawn},
	{CorrectionEnded, true, ActResume, InReview},
	{SpecialStarted, true, ActEndSpecial, SpecialEnded},
	{SpecialEnded, true, ActResume, InReview},
	{Approved, true, ActRevoke, Revoked},
	{ApprovedDeficiency, true, ActRevoke, Revoked},
}

// Next returns the status that action leads to from (from, accepted), or a
// Conflict error in Chinese naming the current status when the action is
// not allowed there. It is pure; the service calls it before any write.
func Next(from Status, accepted bool, action Action) (Status, error) {
	for _, t := range transitions {
		if t.from == from && t.accepted == accepted && t.action == action {
			return t.to, nil
		}
	}
	return 0, errs.Ef(errs.Conflict, "办件当前状态为“%s”，不能执行“%s”。", from.Label(), action.Label())
}

var actionLabels = map[Action]string{
	ActAccept: "受理", ActNotReceive: "不受理（退件）", ActRefuse: "不予受理", ActRequestFix: "一次性补正告知",
	ActSupplyFix: "提交补正材料", ActResume: "恢复办理", ActDispatch: "分发部门办理", ActSendBack: "退回窗口",
	ActStartSpecial: "启动特别程序", ActEndSpecial: "结束特别程序", ActApprove: "办结（通过）",
	ActApproveDeficit: "办结（容缺通过）", ActDeny: "办结（不通过）", ActWithdraw: "撤回申请", ActRevoke: "撤销",
}

// Label is the Chinese name of the action.
func (a Action) Label() string {
	if l, ok := actionLabels[a]; ok {
		return l
	}
	return string(a)
}
