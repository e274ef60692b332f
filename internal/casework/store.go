package casework

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// caseColumns are unqualified so that the same list serves SELECT and the
// RETURNING of the locking UPDATE.
const caseColumns = `id, number, application_id, application_number, project_id, project_code, project_name,
	COALESCE(enterprise_id, 0), region_code, item_code, item_name, flow_id, stage_no, status, version,
	COALESCE(lead_org_id, 0), join_policy, quorum, limit_days, statutory_days, received_at, accepted_at,
	concluded_at, COALESCE(start_day, ''), COALESCE(deadline, ''), deadline_provisional, paused_days,
	paused_since, warn_level, deficiency_items, COALESCE(deficiency_deadline, ''), ready_to_conclude, conclusion`

const caseFrom = ` FROM cases c`

type scanner interface{ Scan(dest ...any) error }

func scanCase(sc scanner) (Case, error) {
	var c Case
	var received sqldb.Time
	var accepted, concluded, pausedSince sqldb.NullTime
	var start, deadline, defDeadline, deficiency string
	err := sc.Scan(&c.ID, &c.Number, &c.ApplicationID, &c.ApplicationNumber, &c.ProjectID, &c.ProjectCode,
		&c.ProjectName, &c.EnterpriseID, &c.RegionCode, &c.ItemCode, &c.ItemName, &c.FlowID, &c.StageNo, &c.Status, &c.Version,
		&c.LeadOrgID, &c.Join, &c.Quorum, &c.LimitDays, &c.StatutoryDays, &received, &accepted, &concluded,
		&start, &deadline, &c.DeadlineProvisional, &c.PausedDays, &pausedSince, &c.WarnLevel, &deficiency,
		&defDeadline, &c.ReadyToConclude, &c.Conclusion)
	if err != nil {
		return c, sqldb.Translate(err)
	}
	c.ReceivedAt, c.AcceptedAt, c.ConcludedAt, c.PausedSince = received.Time, accepted.Time, concluded.Time, pausedSince.Time
	c.StatusLabel = c.Status.Label()
	c.StartDay, c.Deadline, c.DeficiencyDeadline = parseDay(start), parseDay(deadline), parseDay(defDeadline)
	if err := json.Unmarshal([]byte(deficiency), &c.Deficiency); err != nil {
		return c, fmt.Errorf("case %d deficiency: %w", c.ID, err)
	}
	return c, nil
}

// parseDay reads a stored civil date; "" is the zero date.
func parseDay(s string) calendar.Date {
	if s == "" {
		return calendar.Date{}
	}
	d, _ := calendar.ParseDate(s)
	return d
}

// day is the stored form of a civil date: NULL for the zero date.
func day(d calendar.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

func loadCase(ctx context.Context, q sqldb.Querier, id int64) (Case, error) {
	c, err := scanCase(q.QueryRowContext(ctx, `SELECT `+caseColumns+` FROM cases WHERE id = $1`, id))
	if errs.Is(err, errs.NotFound) {
		return c, errs.E(errs.NotFound, "办件不存在。")
	}
	return c, err
}

// lockCase reads the case and takes its row lock: SELECT … FOR UPDATE on
// PostgreSQL, while SQLite's BEGIN IMMEDIATE already serialises writers, so
// everything read after it in tx is stable until commit. expected > 0
// additionally refuses a stale form. The version is advanced in memory and
// the case marked changed, so that flush writes the bump together with the
// action's own changes in the case's one UPDATE (one row version, not two).
// Tasks are loaded, and pauses when one is open (only in 补正 or 特别程序).
func lockCase(ctx context.Context, tx *txn, d sqldb.Dialect, id, expected int64, now time.Time) (Case, error) {
	q := `SELECT ` + caseColumns + ` FROM cases WHERE id = $1`
	if d == sqldb.Postgres {
		q += ` FOR UPDATE`
	}
	c, err := scanCase(tx.QueryRowContext(ctx, q, id))
	if errs.Is(err, errs.NotFound) {
		return Case{}, errs.E(errs.NotFound, "办件不存在。")
	}
	if err != nil {
		return Case{}, err
	}
	if expected > 0 && c.Version != expected {
		return Case{}, errs.E(errs.Conflict, "该办件已被他人处理，请刷新页面查看最新状态后再操作。")
	}
	c.Version++
	tx.at = now.UTC().Truncate(time.Microsecond)
	if c.Tasks, err = loadTasks(ctx, tx, c.ID); err != nil {
		return c, err
	}
	if c.Status.Paused() {
		c.Pauses, err = loadPauses(ctx, tx, c.ID)
	}
	return c, err
}

// loadWorkState reads what the clock and the view need besides the case
// row: tasks, pauses and consultations.
func loadWorkState(ctx context.Context, q sqldb.Querier, c *Case) error {
	var err error
	if c.Tasks, err = loadTasks(ctx, q, c.ID); err != nil {
		return err
	}
	if c.Pauses, err = loadPauses(ctx, q, c.ID); err != nil {
		return err
	}
	c.Consultations, err = loadConsultations(ctx, q, c.ID)
	return err
}

// loadChildren reads the work state and the processing record of c.
func loadChildren(ctx context.Context, q sqldb.Querier, c *Case) error {
	if err := loadWorkState(ctx, q, c); err != nil {
		return err
	}
	var err error
	c.Steps, err = loadSteps(ctx, q, c.ID)
	return err
}

func loadTasks(ctx context.Context, q sqldb.Querier, caseID int64) ([]Task, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, org_unit_id, lead, status, opinion, COALESCE(decided_by, 0), decided_at
		FROM case_tasks WHERE case_id = $1 ORDER BY lead DESC, id`, caseID)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Task
	for rows.Next() {
		var t Task
		var at sqldb.NullTime
		if err := rows.Scan(&t.ID, &t.OrgUnitID, &t.Lead, &t.Status, &t.Opinion, &t.DecidedBy, &at); err != nil {
			return nil, sqldb.Translate(err)
		}
		t.DecidedAt = at.Time
		out = append(out, t)
	}
	return out, sqldb.Translate(rows.Err())
}

func loadSteps(ctx context.Context, q sqldb.Querier, caseID int64) ([]Step, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, action, from_status, to_status, actor_name, COALESCE(org_unit_id, 0),
		opinion, detail, occurred_at FROM case_steps WHERE case_id = $1 ORDER BY id`, caseID)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Step
	for rows.Next() {
		var st Step
		var at sqldb.Time
		if err := rows.Scan(&st.ID, &st.Action, &st.From, &st.To, &st.ActorName, &st.OrgUnitID, &st.Opinion,
			&st.Detail, &at); err != nil {
			return nil, sqldb.Translate(err)
		}
		st.OccurredAt = at.Time
		out = append(out, st)
	}
	return out, sqldb.Translate(rows.Err())
}

func loadPauses(ctx context.Context, q sqldb.Querier, caseID int64) ([]Pause, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, kind, reason, items, special_kind, expected_days, started_at,
		ended_at, COALESCE(workdays, 0), outcome FROM case_pauses WHERE case_id = $1 ORDER BY id`, caseID)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Pause
	for rows.Next() {
		var p Pause
		var items string
		var start sqldb.Time
		var end sqldb.NullTime
		if err := rows.Scan(&p.ID, &p.Kind, &p.Reason, &items, &p.SpecialKind, &p.ExpectedDays, &start, &end,
			&p.Workdays, &p.Outcome); err != nil {
			return nil, sqldb.Translate(err)
		}
		p.StartedAt, p.EndedAt = start.Time, end.Time
		if err := json.Unmarshal([]byte(items), &p.Items); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, sqldb.Translate(rows.Err())
}

func loadConsultations(ctx context.Context, q sqldb.Querier, caseID int64) ([]Consultation, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, from_org_id, to_org_id, question, deadline, answer, answered_at,
		created_at FROM consultations WHERE case_id = $1 ORDER BY id`, caseID)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Consultation
	for rows.Next() {
		var c Consultation
		var deadline string
		var answered sqldb.NullTime
		var created sqldb.Time
		if err := rows.Scan(&c.ID, &c.FromOrgID, &c.ToOrgID, &c.Question, &deadline, &c.Answer, &answered,
			&created); err != nil {
			return nil, sqldb.Translate(err)
		}
		c.Deadline, c.AnsweredAt, c.CreatedAt = parseDay(deadline), answered.Time, created.Time
		out = append(out, c)
	}
	return out, sqldb.Translate(rows.Err())
}

// nextNumber returns the next value of a named counter, creating it at 1.
// The upsert holds the counter's row lock until commit, so numbers are
// unique and gap-free per committed transaction.
func nextNumber(ctx context.Context, tx *txn, name string) (int64, error) {
	var v int64
	err := tx.QueryRowContext(ctx, `INSERT INTO counters (name, value) VALUES ($1, 1)
		ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value`, name).Scan(&v)
	return v, sqldb.Translate(err)
}

// caseNumber formats 办件编号: region, date, serial, e.g. 511702-20260309-00012.
func caseNumber(ctx context.Context, tx *txn, prefix, region string, now time.Time) (string, error) {
	d := calendar.DateOf(now).String()
	n, err := nextNumber(ctx, tx, prefix+":"+region+":"+d)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s%s-%s-%05d", prefix, region, strings.ReplaceAll(d, "-", ""), n), nil
}
