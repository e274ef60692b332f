package casework

import (
	"context"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// SpecialInput starts a special procedure (行政许可法 art. 45).
type SpecialInput struct {
	Version      int64  `json:"version"`
	Kind         string `json:"kind"` // a key of SpecialKinds
	Reason       string `json:"reason"`
	ExpectedDays int    `json:"expected_days"`
}

// StartSpecial stops the clock for a hearing, expert review, test, appraisal
// or tender (BLZT 8 → 9). Any reviewing department of the case may request
// it; the applicant must be told in writing, which the notice records.
func (s *Service) StartSpecial(ctx context.Context, id int64, in SpecialInput) (Case, error) {
	return s.act(ctx, id, in.Version, func(tx *txn, c *Case) error {
		t, err := ownTask(ctx, c, access.CaseReview)
		if err != nil {
			return err
		}
		if err := in.validate(); err != nil {
			return err
		}
		detail := map[string]any{"kind": in.Kind, "expected_days": in.ExpectedDays}
		if err := s.move(ctx, tx, c, ActStartSpecial, in.Reason, t.OrgUnitID, detail); err != nil {
			return err
		}
		return s.openPause(ctx, tx, c, Pause{Kind: PauseSpecial, Reason: in.Reason, SpecialKind: in.Kind,
			ExpectedDays: in.ExpectedDays})
	})
}

func (in SpecialInput) validate() error {
	fields := map[string]string{}
	if _, ok := SpecialKinds[in.Kind]; !ok {
		fields["kind"] = "请选择特别程序的种类。"
	}
	if strings.TrimSpace(in.Reason) == "" {
		fields["reason"] = "请填写启动特别程序的理由。"
	}
	if in.ExpectedDays < 1 || in.ExpectedDays > 365 {
		fields["expected_days"] = "预计时长应为 1–365 个工作日。"
	}
	if len(fields) > 0 {
		return errs.FieldErrors(fields)
	}
	return nil
}

// EndSpecialInput records the result of the special procedure.
type EndSpecialInput struct {
	Version int64  `json:"version"`
	Outcome string `json:"outcome"`
}

// EndSpecial ends the procedure and resumes review (9 → 10 → 8); its working
// days are added to the deadline.
func (s *Service) EndSpecial(ctx context.Context, id int64, in EndSpecialInput) (Case, error) {
	return s.act(ctx, id, in.Version, func(tx *txn, c *Case) error {
		t, err := ownTask(ctx, c, access.CaseReview)
		if err != nil {
			return err
		}
		if err := requireText("outcome", in.Outcome, "请填写特别程序的结果。"); err != nil {
			return err
		}
		if err := s.move(ctx, tx, c, ActEndSpecial, in.Outcome, t.OrgUnitID, nil); err != nil {
			return err
		}
		if err := s.closePause(ctx, tx, c, in.Outcome); err != nil {
			return err
		}
		return s.move(ctx, tx, c, ActResume, "", 0, nil)
	})
}

// ConcludeInput is the lead department's summary decision.
type ConcludeInput struct {
	Version int64  `json:"version"`
	Approve bool   `json:"approve"`
	Opinion string `json:"opinion"`
}

// Conclude is the lead department head's 办结 once the join policy is
// satisfied: 通过 (11), 容缺通过 (12) while 容缺 materials are outstanding,
// or 不通过 (13). Approval against the departments' decisions is refused.
func (s *Service) Conclude(ctx context.Context, id int64, in ConcludeInput) (Case, error) {
	return s.act(ctx, id, in.Version, func(tx *txn, c *Case) error {
		if _, err := asDepartment(ctx, c, c.LeadOrgID, access.CaseDecide); err != nil {
			return err
		}
		if err := requireText("opinion", in.Opinion, "请填写办结意见（汇总各部门意见）。"); err != nil {
			return err
		}
		if !c.ReadyToConclude {
			return errs.E(errs.Conflict, "尚有部门未完成审查，不能办结。")
		}
		action := ActDeny
		if in.Approve {
			if !JoinApproved(c.Join, c.Quorum, c.Tasks) {
				return errs.E(errs.Conflict, "部门审查结论不支持通过，只能作出不予许可的决定。")
			}
			action = ActApprove
			if len(c.Deficiency) > 0 {
				action = ActApproveDeficit
			}
		}
		if err := s.move(ctx, tx, c, action, in.Opinion, c.LeadOrgID, nil); err != nil {
			return err
		}
		if err := s.conclude(ctx, tx, c, in.Opinion); err != nil {
			return err
		}
		return s.completeStage(ctx, tx, c)
	})
}

// Revoke is 撤销 of an approval (e.g. a false 告知承诺), BLZT 11/12 → 15.
func (s *Service) Revoke(ctx context.Context, id int64, in RefuseInput) (Case, error) {
	return s.act(ctx, id, in.Version, func(tx *txn, c *Case) error {
		if _, err := asDepartment(ctx, c, c.LeadOrgID, access.CaseDecide); err != nil {
			return err
		}
		if err := requireText("reason", in.Reason, "请填写撤销理由。"); err != nil {
			return err
		}
		return s.move(ctx, tx, c, ActRevoke, in.Reason, c.LeadOrgID, nil)
	})
}

// ConsultInput asks another department (征求意见).
type ConsultInput struct {
	ToOrgID  int64  `json:"to_org_id"`
	Question string `json:"question"`
	Days     int    `json:"days"` // working days to answer; 0 = policy default
}

// Consult sends a question from the caller's department to another one of
// the same region, with its own working-day deadline. The case clock keeps
// running: consultation time is the department's own time.
func (s *Service) Consult(ctx context.Context, id int64, in ConsultInput) (Case, error) {
	return s.act(ctx, id, 0, func(tx *txn, c *Case) error {
		t, err := ownTask(ctx, c, access.CaseReview)
		if err != nil {
			return err
		}
		if err := requireText("question", in.Question, "请填写征求意见的内容。"); err != nil {
			return err
		}
		if in.Days < 0 || in.Days > 30 {
			return errs.FieldErrors(map[string]string{"days": "答复期限应为 1–30 个工作日。"})
		}
		if c.Status != InReview {
			return errs.Ef(errs.Conflict, "办件当前状态为“%s”，不能征求意见。", c.Status.Label())
		}
		return s.insertConsultation(ctx, tx, c, t.OrgUnitID, in)
	})
}

func (s *Service) insertConsultation(ctx context.Context, tx *txn, c *Case, from int64, in ConsultInput) error {
	units, err := s.orgs.UnitsByIDs(ctx, []int64{in.ToOrgID})
	if err != nil {
		return err
	}
	to, ok := units[in.ToOrgID]
	if !ok || to.RegionCode != c.RegionCode || to.ID == from {
		return errs.FieldErrors(map[string]string{"to_org_id": "请选择本区县的其他部门。"})
	}
	days := in.Days
	if days == 0 {
		days = s.policy.ConsultDays
	}
	dl, err := s.cal.AddWorkdays(ctx, today(s.now()), days)
	if err != nil {
		return err
	}
	tx.write(`INSERT INTO consultations (case_id, from_org_id, to_org_id, question, deadline, created_at)
		VALUES ($1,$2,$3,$4,$5,$6)`, c.ID, from, to.ID, in.Question, dl.Date.String(), sqldb.T(s.now()))
	return s.note(ctx, tx, c, "consult", c.Status, c.Status, in.Question, from,
		map[string]any{"to_org_id": to.ID, "deadline": dl.Date.String()})
}
