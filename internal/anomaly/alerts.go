package anomaly

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// List returns the alerts matching f that the principal may see, newest
// first, and how many match in all. County staff see their county's only;
// a RegionCode outside the scope matches nothing. Who: IndicatorView.
func (s *Service) List(ctx context.Context, f Filter) ([]Alert, int, error) {
	_, scope, err := viewer(ctx, "")
	if err != nil {
		return nil, 0, err
	}
	q := &query{}
	q.filter(f, scope)
	return selectAlerts(ctx, s.db, q, f)
}

// Get returns alert id with its history. Who: IndicatorView in the alert's
// region. Errors: NotFound when it does not exist or is in a region outside
// the scope (other counties' alerts are not revealed).
func (s *Service) Get(ctx context.Context, id int64) (Alert, error) {
	_, scope, err := viewer(ctx, "")
	if err != nil {
		return Alert{}, err
	}
	a, err := selectAlert(ctx, s.db, id)
	if err != nil {
		return Alert{}, err
	}
	if scope != nil && !slices.Contains(scope, a.RegionCode) {
		return Alert{}, errs.E(errs.NotFound, "告警不存在。")
	}
	a.History, err = selectTransitions(ctx, s.db, id)
	return a, err
}

// Permissions are the actions the principal in ctx may take on an alert.
type Permissions struct {
	Acknowledge bool
	Resolve     bool
}

// PermissionsOf says what the principal may do with a now.
func PermissionsOf(ctx context.Context, a *Alert) Permissions {
	p, err := admin(ctx, a.RegionCode)
	if err != nil || p.UserID == 0 || a.Ended() {
		return Permissions{}
	}
	return Permissions{Acknowledge: !a.Acked(), Resolve: true}
}

// Acknowledge marks open alert id as known (已知悉), with an optional note
// of at most 500 characters, and records "anomaly.alert.ack" and a history
// entry; the state is unchanged. Who: a user holding IndicatorAdmin in the
// alert's region. Errors: as Get; Forbidden; Invalid (note too long);
// Conflict when it has ended or was already acknowledged.
func (s *Service) Acknowledge(ctx context.Context, id int64, note string) (Alert, error) {
	a, err := s.Get(ctx, id)
	if err != nil {
		return Alert{}, err
	}
	p, err := s.actor(ctx, &a)
	if err != nil {
		return Alert{}, err
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > 500 {
		return Alert{}, errs.FieldErrors(map[string]string{"note": "确认说明最多 500 字。"})
	}
	now := s.now()
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		ok, err := updateAck(ctx, tx, a.ID, p.userID, p.name, note, now)
		if err != nil {
			return err
		}
		if !ok {
			return errs.E(errs.Conflict, "该告警已结束或已被确认，请刷新页面。")
		}
		t := Transition{From: a.State, To: a.State, Action: "ack", Day: a.Day, Value: a.Value,
			ActorName: p.name, Note: note, OccurredAt: now}
		if err := insertTransition(ctx, tx, a.ID, t, p.userID); err != nil {
			return err
		}
		return s.recordAlert(ctx, tx, "anomaly.alert.ack", &a, map[string]any{"state": a.State, "note": note})
	})
	if err != nil {
		return Alert{}, err
	}
	return s.Get(ctx, id)
}

// Resolve ends open alert id by hand with a required note (at most 500
// characters) and records "anomaly.alert.resolve" and a history entry. If
// the condition persists, a later evaluation opens a new alert. Who and
// errors: as Acknowledge; Conflict when it has already ended.
func (s *Service) Resolve(ctx context.Context, id int64, note string) (Alert, error) {
	a, err := s.Get(ctx, id)
	if err != nil {
		return Alert{}, err
	}
	p, err := s.actor(ctx, &a)
	if err != nil {
		return Alert{}, err
	}
	note = strings.TrimSpace(note)
	switch n := utf8.RuneCountInString(note); {
	case n == 0:
		return Alert{}, errs.FieldErrors(map[string]string{"note": "请填写解除说明，例如原因已查明并已处理。"})
	case n > 500:
		return Alert{}, errs.FieldErrors(map[string]string{"note": "解除说明最多 500 字。"})
	}
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		return s.resolveIn(ctx, tx, &a, p.userID, p.name, note)
	})
	if err != nil {
		return Alert{}, err
	}
	return s.Get(ctx, id)
}

// resolveIn ends a as resolved in tx, with its history entry and audit
// event. Errors: Conflict when it ended meanwhile.
func (s *Service) resolveIn(ctx context.Context, tx *sql.Tx, a *Alert, userID int64, name, note string) error {
	now := s.now()
	ok, err := updateResolve(ctx, tx, a.ID, userID, name, note, now)
	if err != nil {
		return err
	}
	if !ok {
		return errs.E(errs.Conflict, "该告警已结束，请刷新页面。")
	}
	t := Transition{From: a.State, To: Normal, Action: "resolve", Day: a.Day, Value: a.Value,
		ActorName: name, Note: note, OccurredAt: now}
	if err := insertTransition(ctx, tx, a.ID, t, userID); err != nil {
		return err
	}
	return s.recordAlert(ctx, tx, "anomaly.alert.resolve", a, map[string]any{"from": a.State, "note": note})
}

// person is the user acting on an alert.
type person struct {
	userID int64
	name   string
}

// actor admits a user holding IndicatorAdmin in a's region.
func (s *Service) actor(ctx context.Context, a *Alert) (person, error) {
	p, err := admin(ctx, a.RegionCode)
	if err != nil {
		return person{}, err
	}
	if p.UserID == 0 {
		return person{}, forbidden("告警须由运维人员本人确认或解除。")
	}
	return person{userID: p.UserID, name: p.Name}, nil
}
