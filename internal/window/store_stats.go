package window

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// stepFact is one window action on a case (case_steps written by the case
// engine with no department, i.e. by a window or the applicant).
type stepFact struct {
	CaseID     int64
	Action     string
	ActorID    int64
	At         time.Time
	ReceivedAt time.Time
	Region     string
}

// moveFact is one row of case_window_moves.
type moveFact struct {
	CaseID, To, From, By int64
	At                   time.Time
}

// apptFact is one checked appointment.
type apptFact struct {
	WindowID int64
	Status   string
	MarkedBy int64
}

// inList appends regions to args and returns "col IN (...)"; "" when
// regions is nil (every region).
func inList(col string, regions []string, args *[]any) string {
	if regions == nil {
		return ""
	}
	marks := []string{"''"}
	for _, r := range regions {
		*args = append(*args, r)
		marks = append(marks, "$"+strconv.Itoa(len(*args)))
	}
	return col + " IN (" + strings.Join(marks, ", ") + ")"
}

// selectStepFacts reads the window actions of [from, to) on cases of the
// regions, or cases that were at a window of the regions. The conditions on
// the step are those of the partial index case_steps_window (migration
// 00202), word for word: SQLite uses it only then.
func selectStepFacts(ctx context.Context, q sqldb.Querier, from, to time.Time, regions []string) ([]stepFact, error) {
	sqlText, args := stepFactsSQL(from, to, regions)
	rows, err := q.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []stepFact
	for rows.Next() {
		var f stepFact
		var at, rec sqldb.Time
		if err := rows.Scan(&f.CaseID, &f.Action, &f.ActorID, &at, &rec, &f.Region); err != nil {
			return nil, sqldb.Translate(err)
		}
		f.At, f.ReceivedAt = at.Time, rec.Time
		out = append(out, f)
	}
	return out, sqldb.Translate(rows.Err())
}

// stepFactsSQL is the query of selectStepFacts and its arguments.
func stepFactsSQL(from, to time.Time, regions []string) (string, []any) {
	args := []any{sqldb.T(from), sqldb.T(to)}
	sqlText := `SELECT s.case_id, s.action, COALESCE(s.actor_id, 0), s.occurred_at, c.received_at, c.region_code
		FROM case_steps s JOIN cases c ON c.id = s.case_id
		WHERE s.occurred_at >= $1 AND s.occurred_at < $2 AND s.org_unit_id IS NULL
		AND s.action IN ('receive', 'accept', 'refuse', 'not_receive', 'request_fix')`
	if cond := inList("c.region_code", regions, &args); cond != "" {
		sqlText += ` AND (` + cond + ` OR s.case_id IN (SELECT m.case_id FROM case_window_moves m
			JOIN windows w ON w.id = m.to_window_id WHERE ` + inList("w.region_code", regions, &args) + `))`
	}
	return sqlText + ` ORDER BY s.case_id, s.id`, args
}

// selectMoveFacts reads the moves before to of the cases moved in [from,
// to) or acted on then, by case and time.
func selectMoveFacts(ctx context.Context, q sqldb.Querier, from, to time.Time) ([]moveFact, error) {
	rows, err := q.QueryContext(ctx, `SELECT m.case_id, m.to_window_id, COALESCE(m.from_window_id, 0), m.moved_by, m.moved_at
		FROM case_window_moves m WHERE m.moved_at < $2 AND (m.moved_at >= $1 OR m.case_id IN
		(SELECT s.case_id FROM case_steps s WHERE s.occurred_at >= $1 AND s.occurred_at < $2))
		ORDER BY m.case_id, m.moved_at, m.id`, sqldb.T(from), sqldb.T(to))
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []moveFact
	for rows.Next() {
		var f moveFact
		var at sqldb.Time
		if err := rows.Scan(&f.CaseID, &f.To, &f.From, &f.By, &at); err != nil {
			return nil, sqldb.Translate(err)
		}
		f.At = at.Time
		out = append(out, f)
	}
	return out, sqldb.Translate(rows.Err())
}

// selectApptFacts reads the appointments of [from, to] marked arrived or
// no-show.
func selectApptFacts(ctx context.Context, q sqldb.Querier, from, to calendar.Date) ([]apptFact, error) {
	rows, err := q.QueryContext(ctx, `SELECT window_id, status, COALESCE(marked_by, 0) FROM appointments
		WHERE day >= $1 AND day <= $2 AND status IN ('arrived', 'no_show')`, from.String(), to.String())
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []apptFact
	for rows.Next() {
		var f apptFact
		if err := rows.Scan(&f.WindowID, &f.Status, &f.MarkedBy); err != nil {
			return nil, sqldb.Translate(err)
		}
		out = append(out, f)
	}
	return out, sqldb.Translate(rows.Err())
}

// selectClerks lists the distinct people on the windows of the regions.
func selectClerks(ctx context.Context, q sqldb.Querier, regions []string) ([]Staff, error) {
	var args []any
	sqlText := `SELECT s.user_id, MIN(s.user_name) FROM window_staff s JOIN windows w ON w.id = s.window_id`
	if cond := inList("w.region_code", regions, &args); cond != "" {
		sqlText += " WHERE " + cond
	}
	rows, err := q.QueryContext(ctx, sqlText+` GROUP BY s.user_id ORDER BY s.user_id`, args...)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Staff
	for rows.Next() {
		var st Staff
		if err := rows.Scan(&st.UserID, &st.Name); err != nil {
			return nil, sqldb.Translate(err)
		}
		out = append(out, st)
	}
	return out, sqldb.Translate(rows.Err())
}
