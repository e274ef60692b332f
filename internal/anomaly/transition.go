package anomaly

import (
	"context"
	"database/sql"

	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// apply claims day for r in reg (the previous claim was prev) and applies
// judgement j to the region's open alert, opening one when it leaves
// normal. It returns 1 when the state changed.
func (s *Service) apply(ctx context.Context, r *Rule, reg org.Region, prev, day calendar.Date, j Judgement) (int, error) {
	var fired *Alert
	changed := 0
	err := s.db.WithTx(ctx, func(tx *sql.Tx) error {
		ok, err := claimDay(ctx, tx, r.ID, reg.Code, prev, day)
		if err != nil || !ok {
			return err
		}
		a, open, err := selectOpenAlert(ctx, tx, r.ID, reg.Code)
		if err != nil {
			return err
		}
		from, streak := Normal, 0
		if open {
			from, streak = a.State, a.Streak
		}
		next, nstreak := Step(from, streak, j.Outcome, r.ForN, r.KeepN)
		e := judged{State: next, Streak: nstreak, Day: day, J: j, At: s.now()}
		if err := s.store(ctx, tx, r, reg, &a, open, e); err != nil || next == from {
			return err
		}
		changed = 1
		if err := s.announce(ctx, tx, &a, from, j); err != nil {
			return err
		}
		if next == Firing {
			fired = &a
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if fired != nil && s.onFiring != nil {
		s.onFiring(ctx, *fired)
	}
	return changed, nil
}

// store writes evaluation e: a new alert when the region leaves normal, an
// update of the open one a otherwise. a is filled with the result.
func (s *Service) store(ctx context.Context, tx *sql.Tx, r *Rule, reg org.Region, a *Alert, open bool, e judged) error {
	if !open {
		if e.State == Normal {
			return nil
		}
		id, err := insertAlert(ctx, tx, r.ID, reg.Code, reg.Name, e)
		if err != nil {
			return err
		}
		*a = Alert{ID: id, RuleID: r.ID, RuleName: r.Name, Method: r.Method, Direction: r.Direction,
			Threshold: r.Threshold, IndicatorCode: r.IndicatorCode,
			IndicatorName: r.IndicatorName, Unit: r.Unit, RegionCode: reg.Code, RegionName: reg.Name, OpenedAt: e.At}
	} else {
		ok, err := updateJudged(ctx, tx, a.ID, a.State, e)
		if err != nil {
			return err
		}
		if !ok {
			return errs.E(errs.Conflict, "告警在评估期间被人工解除，下次评估重试。")
		}
	}
	a.State, a.StateLabel, a.Streak, a.Day, a.Explanation = e.State, e.State.Label(), e.Streak, e.Day, e.J.Explanation
	a.Value = nil
	if e.J.HasValue {
		v := e.J.Value
		a.Value = &v
	}
	return nil
}

// announce records the transition of a from state from: its history
// entry, the notifications to the region's indicator viewers, and the
// audit event "anomaly.alert.transition".
func (s *Service) announce(ctx context.Context, tx *sql.Tx, a *Alert, from State, j Judgement) error {
	t := Transition{From: from, To: a.State, Action: "evaluate", Day: a.Day, Value: a.Value,
		Explanation: j.Explanation, OccurredAt: s.now()}
	if err := insertTransition(ctx, tx, a.ID, t, 0); err != nil {
		return err
	}
	for _, n := range alertNotices(a, from) {
		if err := s.notify.Send(ctx, tx, n); err != nil {
			return err
		}
	}
	return s.recordAlert(ctx, tx, "anomaly.alert.transition", a, map[string]any{"rule_id": a.RuleID,
		"from": from, "to": a.State, "day": a.Day.String(), "outcome": j.Outcome.Label(), "explanation": j.Explanation})
}
