package casework

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// AcceptInput is the window's acceptance. A non-empty Deficiency makes it a
// 容缺受理: those materials (each marked 容缺-able for the item) may follow
// within DeficiencyDays working days.
type AcceptInput struct {
	Version        int64    `json:"version"`
	Opinion        string   `json:"opinion"`
	Deficiency     []string `json:"deficiency,omitempty"`
	DeficiencyDays int      `json:"deficiency_days,omitempty"`
}

// Accept accepts a received (or corrected) case, starts its clock and
// dispatches it to the departments in parallel (BLZT 1/7 → 3 → 8).
func (s *Service) Accept(ctx context.Context, id int64, in AcceptInput) (Case, error) {
	return s.act(ctx, id, in.Version, func(tx *txn, c *Case) error {
		if _, err := asWindow(ctx, c); err != nil {
			return err
		}
		if err := s.checkDeficiency(ctx, c, in); err != nil {
			return err
		}
		detail := map[string]any{"deficiency": in.Deficiency}
		if err := s.move(ctx, tx, c, ActAccept, in.Opinion, 0, detail); err != nil {
			return err
		}
		if err := s.startClock(ctx, tx, c, in); err != nil {
			return err
		}
		if err := s.enterStage(ctx, tx, c); err != nil {
			return err
		}
		return s.dispatch(ctx, tx, c)
	})
}

// checkDeficiency allows 容缺 only for items that permit it and only for
// materials marked 容缺-able that were not attached.
func (s *Service) checkDeficiency(ctx context.Context, c *Case, in AcceptInput) error {
	if len(in.Deficiency) == 0 {
		return nil
	}
	si, err := s.stageItem(ctx, c)
	if err != nil {
		return err
	}
	if !si.Item.Deficiency {
		return errs.FieldErrors(map[string]string{"deficiency": "该事项不适用容缺受理。"})
	}
	for _, name := range in.Deficiency {
		ok := false
		for _, m := range si.Item.Materials {
			ok = ok || (m.Name == name && m.DeficiencyAllowed)
		}
		if !ok {
			return errs.FieldErrors(map[string]string{"deficiency": "“" + name + "”不是该事项可容缺的材料。"})
		}
	}
	if in.DeficiencyDays < 0 || in.DeficiencyDays > 60 {
		return errs.FieldErrors(map[string]string{"deficiency_days": "补齐期限应为 1–60 个工作日。"})
	}
	return nil
}

// startClock stamps the acceptance, the counting start day and the deadline.
func (s *Service) startClock(ctx context.Context, tx *txn, c *Case, in AcceptInput) error {
	now := s.now()
	start, err := StartDay(ctx, s.cal, s.policy, now)
	if err != nil {
		return err
	}
	dl, err := Deadline(ctx, s.cal, start, c.LimitDays, 0)
	if err != nil {
		return err
	}
	var defDeadline calendar.Date
	if len(in.Deficiency) > 0 {
		days := in.DeficiencyDays
		if days == 0 {
			days = s.policy.DeficiencyDays
		}
		r, err := s.cal.AddWorkdays(ctx, start, days)
		if err != nil {
			return err
		}
		defDeadline = r.Date
	}
	c.AcceptedAt, c.StartDay, c.Deadline, c.DeadlineProvisional = now.UTC().Truncate(time.Microsecond), start, dl.Date, dl.Provisional
	c.Deficiency, c.DeficiencyDeadline = orEmpty(in.Deficiency), defDeadline
	tx.touch(c)
	return nil
}

// Dispatch sends a case the departments returned to the window back to them.
func (s *Service) Dispatch(ctx context.Context, id int64, version int64) (Case, error) {
	return s.act(ctx, id, version, func(tx *txn, c *Case) error {
		if _, err := asWindow(ctx, c); err != nil {
			return err
		}
		return s.dispatch(ctx, tx, c)
	})
}

// dispatch creates (or reopens) one task per department of the stage item,
// the lead department first, and moves the case to 部门办理 (BLZT 8).
func (s *Service) dispatch(ctx context.Context, tx *txn, c *Case) error {
	si, err := s.stageItem(ctx, c)
	if err != nil {
		return err
	}
	var orgs []int64
	for i, fn := range departmentsOf(si) {
		unit, err := s.orgs.UnitByFunction(ctx, c.RegionCode, fn)
		if err != nil {
			return errs.Wrap(errs.Conflict, "本区县没有配置“"+fn+"”职能的部门，无法分发，请联系系统管理员。", err)
		}
		tx.write(`INSERT INTO case_tasks (case_id, org_unit_id, lead, status, created_at)
			VALUES ($1,$2,$3,'pending',$4) ON CONFLICT (case_id, org_unit_id) DO UPDATE SET status = 'pending',
			opinion = '', decided_by = NULL, decided_at = NULL`, c.ID, unit.ID, i == 0, sqldb.T(s.now()))
		orgs = append(orgs, unit.ID)
	}
	c.LeadOrgID, c.ReadyToConclude = orgs[0], false
	tx.touch(c)
	return s.move(ctx, tx, c, ActDispatch, "", 0, map[string]any{"org_units": orgs})
}

// RefuseInput carries the reason of a refusal or a 不受理.
type RefuseInput struct {
	Version int64  `json:"version"`
	Reason  string `json:"reason"`
}

// Refuse is 不予受理 with a written reason (BLZT 5).
func (s *Service) Refuse(ctx context.Context, id int64, in RefuseInput) (Case, error) {
	return s.windowDecision(ctx, id, in, ActRefuse)
}

// NotReceive is 不受理（退件）: the file is not for this window (BLZT 4).
func (s *Service) NotReceive(ctx context.Context, id int64, in RefuseInput) (Case, error) {
	return s.windowDecision(ctx, id, in, ActNotReceive)
}

func (s *Service) windowDecision(ctx context.Context, id int64, in RefuseInput, a Action) (Case, error) {
	return s.act(ctx, id, in.Version, func(tx *txn, c *Case) error {
		if _, err := asWindow(ctx, c); err != nil {
			return err
		}
		if err := requireText("reason", in.Reason, "请填写理由，理由将写入告知书。"); err != nil {
			return err
		}
		if err := s.move(ctx, tx, c, a, in.Reason, 0, nil); err != nil {
			return err
		}
		return s.conclude(ctx, tx, c, in.Reason)
	})
}

func requireText(field, v, msg string) error {
	if strings.TrimSpace(v) == "" || utf8.RuneCountInString(v) > 2000 {
		return errs.FieldErrors(map[string]string{field: msg})
	}
	return nil
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return slices.Clone(s)
}
