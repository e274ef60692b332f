package supervision

import (
	"context"
	"database/sql"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// Reply records the addressed department's reply to order id, notifies the
// supervisor who issued it and records "supervision.reply", in one
// transaction. A reply is final.
//
// Who: a reviewer or department head (access.CaseReview) of the addressed
// org unit, acting as a user. Errors: Unauthenticated; Forbidden (another
// department, or an API key); NotFound; Invalid (field "reply": empty or
// over 1000 characters); Conflict when the order is closed or already
// replied (also when another reply lands at the same moment).
func (s *Service) Reply(ctx context.Context, id int64, text string) (Order, error) {
	p, err := access.Authorize(ctx, access.CaseReview, "")
	if err != nil {
		return Order{}, err
	}
	o, err := selectOrder(ctx, s.db, id)
	if err != nil {
		return Order{}, err
	}
	if !addressed(p, &o) {
		return Order{}, errs.E(errs.Forbidden, "该督办催办不是发给本部门的，不能反馈。")
	}
	if err := replyConflict(&o); err != nil {
		return Order{}, err
	}
	o.Reply = strings.TrimSpace(text)
	f := map[string]string{}
	if checkText(f, "reply", o.Reply, "反馈内容", true); len(f) > 0 {
		return Order{}, errs.FieldErrors(f)
	}
	o.RepliedBy, o.ReplierName, o.RepliedAt = p.UserID, p.Name, s.now()
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		if ok, err := updateReply(ctx, tx, o); err != nil || !ok {
			return orConflict(err, "该督办催办刚刚已被反馈或关闭，请刷新后查看。")
		}
		if err := s.notify.Send(ctx, tx, repliedNotice(o)); err != nil {
			return err
		}
		return s.record(ctx, tx, "supervision.reply", o, map[string]any{"reply": o.Reply})
	})
	if err != nil {
		return Order{}, err
	}
	o.derive(s.today())
	return o, nil
}

// addressed reports whether p reviews in the org unit o is addressed to,
// as a user: only people reply, not API keys.
func addressed(p *access.Principal, o *Order) bool {
	if p == nil || p.UserID == 0 {
		return false
	}
	for _, a := range p.Assignments {
		if a.OrgUnitID == o.ToOrgID && a.Role.Grants(access.CaseReview) {
			return true
		}
	}
	return false
}

func replyConflict(o *Order) error {
	switch {
	case o.Closed():
		return errs.E(errs.Conflict, "该督办催办已关闭，不能再反馈。")
	case o.Replied():
		return errs.E(errs.Conflict, "本部门已经反馈过该督办催办。")
	}
	return nil
}

// Close closes order id with an optional note, notifies the addressed
// department and records "supervision.close", in one transaction.
//
// Who: a supervisor whose scope contains the order's region, as a user.
// Errors: Unauthenticated; Forbidden; NotFound; Invalid (field "note" over
// 1000 characters); Conflict when it is already closed, or when it is a
// 督办 that has no reply yet (a 催办 may be closed at any time).
func (s *Service) Close(ctx context.Context, id int64, note string) (Order, error) {
	p, err := asSupervisor(ctx, "")
	if err != nil {
		return Order{}, err
	}
	o, err := selectOrder(ctx, s.db, id)
	if err != nil {
		return Order{}, err
	}
	if _, err := asSupervisor(ctx, o.RegionCode); err != nil {
		return Order{}, err
	}
	if err := closeConflict(&o); err != nil {
		return Order{}, err
	}
	o.CloseNote = strings.TrimSpace(note)
	f := map[string]string{}
	if checkText(f, "note", o.CloseNote, "关闭说明", false); len(f) > 0 {
		return Order{}, errs.FieldErrors(f)
	}
	o.ClosedBy, o.CloserName, o.ClosedAt = p.UserID, p.Name, s.now()
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		if ok, err := updateClose(ctx, tx, o); err != nil || !ok {
			return orConflict(err, "该督办催办刚刚已被关闭，请刷新后查看。")
		}
		if err := s.notify.Send(ctx, tx, closedNotice(o)); err != nil {
			return err
		}
		return s.record(ctx, tx, "supervision.close", o, map[string]any{"note": o.CloseNote})
	})
	if err != nil {
		return Order{}, err
	}
	o.derive(s.today())
	return o, nil
}

func closeConflict(o *Order) error {
	switch {
	case o.Closed():
		return errs.E(errs.Conflict, "该督办催办已经关闭。")
	case o.Kind == KindOrder && !o.Replied():
		return errs.E(errs.Conflict, "督办尚未收到部门反馈，收到反馈后才能关闭。")
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

// Permissions tells a page which actions to offer on an order; the use
// cases decide again on submit.
type Permissions struct {
	Reply bool // the viewer's department may reply now
	Close bool // the viewer may close it now
}

// PermissionsOf returns what the principal in ctx may do with o now.
func PermissionsOf(ctx context.Context, o *Order) Permissions {
	p := access.From(ctx)
	return Permissions{
		Reply: addressed(p, o) && replyConflict(o) == nil,
		Close: CanIssue(ctx, o.RegionCode) && closeConflict(o) == nil,
	}
}

// CanIssue tells a page (the case page) whether to offer 督办/催办 on a
// case of regionCode to the principal in ctx; Issue decides again.
func CanIssue(ctx context.Context, regionCode string) bool {
	p := access.From(ctx)
	return p != nil && p.UserID != 0 && p.ScopeOf(access.Supervise).Contains(regionCode)
}
