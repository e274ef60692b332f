package casework

import (
	"context"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// TaskInput is a department's opinion or decision on its task.
type TaskInput struct {
	Opinion string `json:"opinion"`
	// Decision is "" (opinion only), "approve" or "deny".
	Decision string `json:"decision"`
}

// Review records the caller's department's opinion on its task and, with a
// decision, closes the task; the join policy then decides whether the lead
// department can conclude. Two departments deciding at the same moment are
// serialised by the case lock, so exactly one of them sees the join
// complete. No status change: the case stays 部门办理中.
func (s *Service) Review(ctx context.Context, id int64, in TaskInput) (Case, error) {
	return s.act(ctx, id, 0, func(tx *txn, c *Case) error {
		t, err := ownTask(ctx, c, access.CaseReview)
		if err != nil {
			return err
		}
		if in.Decision != "" && in.Decision != "approve" && in.Decision != "deny" {
			return errs.FieldErrors(map[string]string{"decision": "请选择“同意”或“不同意”。"})
		}
		if err := requireText("opinion", in.Opinion, "请填写审查意见。"); err != nil {
			return err
		}
		if c.Status != InReview {
			return errs.Ef(errs.Conflict, "办件当前状态为“%s”，不能提交审查意见。", c.Status.Label())
		}
		if t.Status != TaskPending {
			return errs.E(errs.Conflict, "本部门已对该办件作出审查结论。")
		}
		return s.decideTask(ctx, tx, c, t, in)
	})
}

func (s *Service) decideTask(ctx context.Context, tx *txn, c *Case, t *Task, in TaskInput) error {
	status := TaskPending
	switch in.Decision {
	case "approve":
		status = TaskApproved
	case "deny":
		status = TaskDenied
	}
	p := access.From(ctx)
	var decidedAt any
	if status != TaskPending {
		decidedAt = sqldb.T(s.now())
	}
	tx.write(`UPDATE case_tasks SET status = $2, opinion = $3, decided_by = $4, decided_at = $5 WHERE id = $1`,
		t.ID, status, in.Opinion, nullID(p.UserID), decidedAt)
	t.Status, t.Opinion = status, in.Opinion
	action := "task_opinion"
	if status != TaskPending {
		action = "task_" + in.Decision
	}
	if err := s.note(ctx, tx, c, action, c.Status, c.Status, in.Opinion, t.OrgUnitID, nil); err != nil {
		return err
	}
	if ready := JoinComplete(c.Join, c.Quorum, c.Tasks); ready != c.ReadyToConclude {
		c.ReadyToConclude = ready
		tx.touch(c)
	}
	return nil
}

// JoinComplete reports whether the tasks are complete under the policy:
// all — every department decided; any — one approved or all decided;
// quorum — quorum approvals, or so many denials that quorum is out of reach.
func JoinComplete(policy string, quorum int, tasks []Task) bool {
	approved, decided, open := 0, 0, 0
	for _, t := range tasks {
		switch t.Status {
		case TaskApproved:
			approved++
			decided++
		case TaskDenied:
			decided++
		case TaskPending:
			open++
		}
	}
	switch policy {
	case JoinAny:
		return approved > 0 || (open == 0 && decided > 0)
	case JoinQuorum:
		return approved >= quorum || approved+open < quorum
	}
	return open == 0 && decided > 0
}

// JoinApproved reports whether the tasks support approval under the policy.
func JoinApproved(policy string, quorum int, tasks []Task) bool {
	approved, denied := 0, 0
	for _, t := range tasks {
		switch t.Status {
		case TaskApproved:
			approved++
		case TaskDenied:
			denied++
		}
	}
	switch policy {
	case JoinAny:
		return approved > 0
	case JoinQuorum:
		return approved >= quorum
	}
	return denied == 0 && approved > 0
}

// SendBackInput is a department's 退回 to the window.
type SendBackInput struct {
	Version int64  `json:"version"`
	Reason  string `json:"reason"`
}

// SendBack returns the case to the window (BLZT 8 → 3), e.g. when it was
// dispatched to the wrong department; the tasks are withdrawn and the clock
// keeps running, as the applicant is not at fault.
func (s *Service) SendBack(ctx context.Context, id int64, in SendBackInput) (Case, error) {
	return s.act(ctx, id, in.Version, func(tx *txn, c *Case) error {
		t, err := ownTask(ctx, c, access.CaseReview)
		if err != nil {
			return err
		}
		if err := requireText("reason", in.Reason, "请填写退回理由。"); err != nil {
			return err
		}
		tx.write(`UPDATE case_tasks SET status = 'cancelled' WHERE case_id = $1 AND status = 'pending'`, c.ID)
		return s.move(ctx, tx, c, ActSendBack, in.Reason, t.OrgUnitID, nil)
	})
}
