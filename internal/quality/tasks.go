package quality

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// TaskFilter selects governance tasks. State is "open" (default), "closed"
// or "all"; Mine selects the tasks of the caller's own org units (QualityFix)
// instead of those of its regions (QualityView). Limit is capped at 200
// (50 when zero).
type TaskFilter struct {
	State      string
	RegionCode string
	RuleCode   string
	Dimension  string
	Mine       bool
	Limit      int
	Offset     int
}

const taskColumns = `t.id, t.rule_id, t.rule_code, q.name, q.dimension, t.record_type, t.record_id, t.region_code,
	COALESCE(t.org_unit_id, 0), COALESCE(u.name, ''), t.explanation, t.link, t.opened_run, t.last_run, t.opened_at,
	t.last_seen_at, t.closed_at, t.close_kind, t.closer_name, t.close_reason`

const taskFrom = ` FROM quality_tasks t JOIN quality_rules q ON q.id = t.rule_id LEFT JOIN org_units u ON u.id = t.org_unit_id`

func scanTask(sc interface{ Scan(...any) error }) (Task, error) {
	var t Task
	var opened, seen sqldb.Time
	var closed sqldb.NullTime
	err := sc.Scan(&t.ID, &t.RuleID, &t.RuleCode, &t.RuleName, &t.Dimension, &t.RecordType, &t.RecordID, &t.RegionCode,
		&t.OrgUnitID, &t.OrgUnitName, &t.Explanation, &t.Link, &t.OpenedRun, &t.LastRun, &opened, &seen, &closed,
		&t.CloseKind, &t.CloserName, &t.CloseReason)
	t.OpenedAt, t.LastSeenAt, t.ClosedAt = opened.Time, seen.Time, closed.Time
	return t, sqldb.Translate(err)
}

// Tasks lists governance tasks, newest first, with the total matching.
// Who: QualityView (tasks of the regions in scope) or, with Mine,
// QualityFix (tasks of one's own org units).
func (s *Service) Tasks(ctx context.Context, f TaskFilter) ([]Task, int, error) {
	where, args, err := taskWhere(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*)`+taskFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, sqldb.Translate(err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+taskColumns+taskFrom+where+
		fmt.Sprintf(` ORDER BY t.id DESC LIMIT %d OFFSET %d`, min(limit, 200), max(f.Offset, 0)), args...)
	if err != nil {
		return nil, 0, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Task
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, t)
	}
	return out, total, sqldb.Translate(rows.Err())
}

// taskWhere authorises f and builds its WHERE clause.
func taskWhere(ctx context.Context, f TaskFilter) (string, []any, error) {
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	where := " WHERE 1 = 1"
	if f.Mine {
		p, err := access.Authorize(ctx, access.QualityFix, "")
		if err != nil {
			return "", nil, err
		}
		ph := []string{}
		for _, id := range fixUnits(p) {
			ph = append(ph, arg(id))
		}
		if len(ph) == 0 {
			return " WHERE 1 = 0", nil, nil
		}
		where += " AND t.org_unit_id IN (" + strings.Join(ph, ", ") + ")"
	} else {
		_, sc, err := viewer(ctx)
		if err != nil {
			return "", nil, err
		}
		where += inScope(sc, "t.region_code", &args)
	}
	switch f.State {
	case "", "open":
		where += " AND t.closed_at IS NULL"
	case "closed":
		where += " AND t.closed_at IS NOT NULL"
	case "all":
	default:
		return "", nil, errs.FieldErrors(map[string]string{"state": "状态无效，请从列表中选择。"})
	}
	for _, c := range []struct{ col, v string }{{"t.region_code", f.RegionCode}, {"t.rule_code", f.RuleCode}, {"q.dimension", f.Dimension}} {
		if c.v != "" {
			where += " AND " + c.col + " = " + arg(c.v)
		}
	}
	return where, args, nil
}

// Task returns task id when the caller may see it: QualityView in its
// region, or QualityFix in its org unit. NotFound otherwise.
func (s *Service) Task(ctx context.Context, id int64) (Task, error) {
	p, err := access.Require(ctx)
	if err != nil {
		return Task{}, err
	}
	t, err := scanTask(s.db.QueryRowContext(ctx, `SELECT `+taskColumns+taskFrom+` WHERE t.id = $1`, id))
	if errs.Is(err, errs.NotFound) || (err == nil && !canSeeTask(p, t)) {
		return Task{}, notFound("治理任务")
	}
	return t, err
}

func canSeeTask(p *access.Principal, t Task) bool {
	if p.Can(access.QualityView) && p.ScopeOf(access.QualityView).Contains(t.RegionCode) {
		return true
	}
	return canFixTask(p, t)
}

func canFixTask(p *access.Principal, t Task) bool {
	return t.OrgUnitID != 0 && slices.Contains(fixUnits(p), t.OrgUnitID)
}

// CanClose reports whether the principal in ctx may close t by hand.
func CanClose(ctx context.Context, t Task) bool {
	p := access.From(ctx)
	return p != nil && t.Open() && canFixTask(p, t)
}

// CloseInput is a manual closure: the reason, and whether the record is a
// justified exception (no new task for this rule and record).
type CloseInput struct {
	Reason string `json:"reason" doc:"关闭原因，2–500 字"`
	Exempt bool   `json:"exempt" doc:"确认为例外：此后该规则不再对该记录生成任务"`
}

// CloseTask closes task id by hand and records "quality.task_close". Who:
// QualityFix staff of the task's org unit, as a user. Errors:
// Unauthenticated; NotFound (not visible); Forbidden (not the unit's
// staff); Invalid (reason); Conflict (already closed).
func (s *Service) CloseTask(ctx context.Context, id int64, in CloseInput) (Task, error) {
	p, err := access.Authorize(ctx, access.QualityFix, "")
	if err != nil {
		return Task{}, err
	}
	t, err := s.Task(ctx, id)
	if err != nil {
		return Task{}, err
	}
	if !canFixTask(p, t) || p.UserID == 0 {
		return Task{}, errs.E(errs.Forbidden, "只有责任单位的工作人员可以关闭该治理任务。")
	}
	in.Reason = strings.TrimSpace(in.Reason)
	if n := utf8.RuneCountInString(in.Reason); n < 2 || n > 500 {
		return Task{}, errs.FieldErrors(map[string]string{"reason": "请填写关闭原因（2 至 500 字）。"})
	}
	kind := "manual"
	if in.Exempt {
		kind = "exempt"
	}
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE quality_tasks SET closed_at = $2, close_kind = $3, closed_by = $4,
			closer_name = $5, close_reason = $6 WHERE id = $1 AND closed_at IS NULL`,
			id, sqldb.T(s.now()), kind, p.UserID, p.Name, in.Reason)
		if err != nil {
			return sqldb.Translate(err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.E(errs.Conflict, "该治理任务已关闭。")
		}
		return s.rec.Record(ctx, tx, taskEntry("quality.task_close", id, t.RegionCode, map[string]any{
			"rule": t.RuleCode, "record_type": t.RecordType, "record_id": t.RecordID, "kind": kind, "reason": in.Reason}))
	})
	if err != nil {
		return Task{}, err
	}
	return s.Task(ctx, id)
}
