package evaluation

import (
	"context"
	"database/sql"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// Answer records the addressed department's answer (what it did) to
// rectification id, notifies the rater and records
// "evaluation.rectification.answer", in one transaction. An answer is
// final; whether it came by the due date is kept for 差评整改率.
//
// Who: a reviewer or head (access.Rectify) of the addressed org unit, as a
// user. Errors: Unauthenticated; Forbidden (another department or an API
// key); NotFound; Invalid (field "answer": empty or over 1000 characters);
// Conflict when it is answered or closed (also by a concurrent action).
func (s *Service) Answer(ctx context.Context, id int64, text string) (Rectification, error) {
	p, err := access.Authorize(ctx, access.Rectify, "")
	if err != nil {
		return Rectification{}, err
	}
	x, err := s.Get(ctx, id)
	if err != nil {
		return Rectification{}, err
	}
	if !containsID(rectifyOrgs(p), x.OrgID) {
		return Rectification{}, errs.E(errs.Forbidden, "该差评整改不是本部门的，不能答复。")
	}
	if err := answerConflict(&x); err != nil {
		return Rectification{}, err
	}
	x.Answer = strings.TrimSpace(text)
	if f := textErrors("answer", x.Answer, "整改情况", true); f != nil {
		return Rectification{}, f
	}
	x.AnsweredBy, x.AnswererName, x.AnsweredAt = p.UserID, p.Name, s.now()
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		if ok, err := updateAnswer(ctx, tx, x); err != nil || !ok {
			return orConflict(err, "该差评整改刚刚已被答复或办结，请刷新后查看。")
		}
		if err := s.notify.Send(ctx, tx, answeredNotice(x)); err != nil {
			return err
		}
		return s.record(ctx, tx, "evaluation.rectification.answer", "rectification", x.ID, x.Rating.RegionCode,
			map[string]any{"answer": x.Answer, "in_time": x.OnTime()})
	})
	if err != nil {
		return Rectification{}, err
	}
	x.derive(s.today())
	return x, nil
}

// Close is a supervisor closing rectification id with a required note
// (e.g. the rating was unfounded, or the answer was checked), at any time.
// It notifies the department and records "evaluation.rectification.close",
// in one transaction.
//
// Who: a supervisor whose scope contains the rating's region, as a user.
// Errors: Unauthenticated; Forbidden; NotFound; Invalid (field "note");
// Conflict when it is already closed.
func (s *Service) Close(ctx context.Context, id int64, note string) (Rectification, error) {
	p, err := access.Authorize(ctx, access.Supervise, "")
	if err != nil {
		return Rectification{}, err
	}
	x, err := s.Get(ctx, id)
	if err != nil {
		return Rectification{}, err
	}
	if !canClose(p, &x) {
		return Rectification{}, errs.E(errs.Forbidden, "只有该区县的监管人员可以办结差评整改。")
	}
	x.CloseKind, x.CloseNote = CloseSupervisor, strings.TrimSpace(note)
	if f := textErrors("note", x.CloseNote, "办结说明", true); f != nil {
		return Rectification{}, f
	}
	return s.closeAs(ctx, p, x)
}

// FollowUp is the rater's 回访: whether the answer satisfied them, with an
// optional note. It closes rectification id, notifies the department and
// records "evaluation.rectification.close", in one transaction.
//
// Who: the party that made the rating (an account of the same enterprise,
// or the same agent), holding access.Rate. Errors: Unauthenticated;
// Forbidden; NotFound; Invalid (field "note" over 1000 characters);
// Conflict when it is not answered yet or already closed.
func (s *Service) FollowUp(ctx context.Context, id int64, satisfied bool, note string) (Rectification, error) {
	p, err := access.Authorize(ctx, access.Rate, "")
	if err != nil {
		return Rectification{}, err
	}
	x, err := s.Get(ctx, id)
	if err != nil {
		return Rectification{}, err
	}
	if p.UserID == 0 || partyOf(p) != x.Rating.party {
		return Rectification{}, errs.E(errs.Forbidden, "只有提出差评的申请人可以回访。")
	}
	if !x.Answered() && !x.Closed() {
		return Rectification{}, errs.E(errs.Conflict, "部门尚未答复整改情况，答复后才能回访。")
	}
	x.CloseKind, x.Satisfied, x.CloseNote = CloseFollowUp, &satisfied, strings.TrimSpace(note)
	if f := textErrors("note", x.CloseNote, "回访意见", false); f != nil {
		return Rectification{}, f
	}
	return s.closeAs(ctx, p, x)
}

// closeAs closes x as p with x's CloseKind, Satisfied and CloseNote set.
func (s *Service) closeAs(ctx context.Context, p *access.Principal, x Rectification) (Rectification, error) {
	if x.Closed() {
		return Rectification{}, errs.E(errs.Conflict, "该差评整改已经办结。")
	}
	x.ClosedBy, x.CloserName, x.ClosedAt = p.UserID, p.Name, s.now()
	err := s.db.WithTx(ctx, func(tx *sql.Tx) error {
		if ok, err := updateClose(ctx, tx, x); err != nil || !ok {
			return orConflict(err, "该差评整改刚刚已被办结，请刷新后查看。")
		}
		if err := s.notify.Send(ctx, tx, closedNotice(x)); err != nil {
			return err
		}
		detail := map[string]any{"kind": x.CloseKind, "note": x.CloseNote}
		if x.Satisfied != nil {
			detail["satisfied"] = *x.Satisfied
		}
		return s.record(ctx, tx, "evaluation.rectification.close", "rectification", x.ID, x.Rating.RegionCode, detail)
	})
	if err != nil {
		return Rectification{}, err
	}
	x.derive(s.today())
	return x, nil
}

func answerConflict(x *Rectification) error {
	switch {
	case x.Closed():
		return errs.E(errs.Conflict, "该差评整改已办结，不能再答复。")
	case x.Answered():
		return errs.E(errs.Conflict, "本部门已经答复过该差评整改。")
	}
	return nil
}

// canClose reports whether p may close x as a supervisor.
func canClose(p *access.Principal, x *Rectification) bool {
	return p != nil && p.UserID != 0 && p.ScopeOf(access.Supervise).Contains(x.Rating.RegionCode)
}

// textErrors checks one free-text field and returns its Invalid error.
func textErrors(field, v, label string, required bool) error {
	f := map[string]string{}
	if checkText(f, field, v, label, required); len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return nil
}

// orConflict returns err, or a Conflict with msg when err is nil (a
// conditional update matched no row because someone acted first).
func orConflict(err error, msg string) error {
	if err != nil {
		return err
	}
	return errs.E(errs.Conflict, msg)
}

// Permissions tells a page which forms to offer on a rectification; the use
// cases decide again on submit.
type Permissions struct {
	Answer   bool // the viewer's department may answer now
	Close    bool // the viewer may close it as a supervisor now
	FollowUp bool // the viewer is the rater and may follow up now
}

// PermissionsOf returns what the principal in ctx may do with x now.
func PermissionsOf(ctx context.Context, x *Rectification) Permissions {
	p := access.From(ctx)
	if p == nil || x.Closed() {
		return Permissions{}
	}
	return Permissions{
		Answer:   !x.Answered() && containsID(rectifyOrgs(p), x.OrgID),
		Close:    canClose(p, x),
		FollowUp: x.Answered() && p.UserID != 0 && p.Can(access.Rate) && partyOf(p) == x.Rating.party,
	}
}
