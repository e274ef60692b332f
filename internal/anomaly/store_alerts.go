package anomaly

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

const alertColumns = `a.id, a.rule_id, r.name, r.method, r.direction, r.threshold, r.indicator_code, r.indicator_name, r.unit, a.region_code,
	a.region_name, a.state, a.streak, a.day, a.value, a.baseline, a.spread, a.score, a.sample, a.explanation,
	a.opened_at, a.fired_at, a.ended_at, a.end_reason, a.acked_at, a.acker_name, a.ack_note, a.resolver_name,
	a.resolve_note, a.updated_at`

const alertFrom = ` FROM anomaly_alerts a JOIN anomaly_rules r ON r.id = a.rule_id`

func scanAlert(sc scanner) (Alert, error) {
	var a Alert
	var value, baseline, spread, score, sample sql.NullFloat64
	var opened, updated sqldb.Time
	var fired, ended, acked sqldb.NullTime
	err := sc.Scan(&a.ID, &a.RuleID, &a.RuleName, &a.Method, &a.Direction, &a.Threshold, &a.IndicatorCode, &a.IndicatorName, &a.Unit,
		&a.RegionCode, &a.RegionName, &a.State, &a.Streak, &a.Day, &value, &baseline, &spread, &score, &sample,
		&a.Explanation, &opened, &fired, &ended, &a.EndReason, &acked, &a.AckerName, &a.AckNote, &a.ResolverName,
		&a.ResolveNote, &updated)
	if err != nil {
		return a, sqldb.Translate(err)
	}
	a.Value, a.Baseline, a.Spread, a.Score, a.Sample = ptr(value), ptr(baseline), ptr(spread), ptr(score), ptr(sample)
	a.OpenedAt, a.FiredAt, a.EndedAt, a.AckedAt, a.UpdatedAt = opened.Time, fired.Time, ended.Time, acked.Time, updated.Time
	a.StateLabel = a.State.Label()
	return a, nil
}

func selectAlert(ctx context.Context, q sqldb.Querier, id int64) (Alert, error) {
	a, err := scanAlert(q.QueryRowContext(ctx, `SELECT `+alertColumns+alertFrom+` WHERE a.id = $1`, id))
	if errs.Is(err, errs.NotFound) {
		return a, errs.E(errs.NotFound, "告警不存在。")
	}
	return a, err
}

// selectOpenAlert returns the open alert of the rule in the region, and
// false when there is none (the region is normal).
func selectOpenAlert(ctx context.Context, q sqldb.Querier, ruleID int64, region string) (Alert, bool, error) {
	a, err := scanAlert(q.QueryRowContext(ctx, `SELECT `+alertColumns+alertFrom+
		` WHERE a.rule_id = $1 AND a.region_code = $2 AND a.ended_at IS NULL`, ruleID, region))
	if errs.Is(err, errs.NotFound) {
		return a, false, nil
	}
	return a, err == nil, err
}

// filter adds f's conditions; scope nil means every region.
func (q *query) filter(f Filter, scope []string) {
	if scope != nil {
		q.in("a.region_code", scope)
	}
	switch st := State(f.State); {
	case f.State == "" || f.State == "active":
		q.add(`a.ended_at IS NULL`)
	case f.State == "ended":
		q.add(`a.ended_at IS NOT NULL`)
	case st.Valid() && st != Normal:
		q.add(`a.ended_at IS NULL AND a.state = ` + q.arg(f.State))
	}
	if f.RegionCode != "" {
		q.add(`a.region_code = ` + q.arg(f.RegionCode))
	}
	if f.RuleID != 0 {
		q.add(`a.rule_id = ` + q.arg(f.RuleID))
	}
}

func selectAlerts(ctx context.Context, db sqldb.Querier, q *query, f Filter) ([]Alert, int, error) {
	var total int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM anomaly_alerts a`+q.sql(), q.args...).Scan(&total); err != nil {
		return nil, 0, sqldb.Translate(err)
	}
	rows, err := db.QueryContext(ctx, `SELECT `+alertColumns+alertFrom+q.sql()+
		fmt.Sprintf(` ORDER BY a.id DESC LIMIT %d OFFSET %d`, f.limit(), max(f.Offset, 0)), q.args...)
	if err != nil {
		return nil, 0, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Alert
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, a)
	}
	return out, total, sqldb.Translate(rows.Err())
}

// judged are the columns an evaluation writes.
type judged struct {
	State  State
	Streak int
	Day    calendar.Date
	J      Judgement
	At     time.Time
}

// args are the judgement's nullable numbers: value, baseline, spread,
// score (NULL when infinite: a flat baseline), sample.
func (e judged) args() []any {
	j := e.J
	return []any{nullFloat(j.Value, j.HasValue), nullFloat(j.Baseline, j.HasBaseline),
		nullFloat(j.Spread, j.HasBaseline), nullFloat(j.Score, j.HasBaseline && !math.IsInf(j.Score, 0)),
		nullFloat(j.Sample, j.HasValue)}
}

func insertAlert(ctx context.Context, tx *sql.Tx, ruleID int64, region, regionName string, e judged) (int64, error) {
	var id int64
	args := append([]any{ruleID, region, regionName, e.State, e.Streak, e.Day}, e.args()...)
	args = append(args, e.J.Explanation, sqldb.T(e.At), firedAt(e))
	err := tx.QueryRowContext(ctx, `INSERT INTO anomaly_alerts (rule_id, region_code, region_name, state, streak,
		day, value, baseline, spread, score, sample, explanation, opened_at, updated_at, fired_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14) RETURNING id`, args...).Scan(&id)
	return id, sqldb.Translate(err)
}

func firedAt(e judged) sqldb.NullTime {
	if e.State == Firing {
		return sqldb.NT(e.At)
	}
	return sqldb.NullTime{}
}

// updateJudged writes an evaluation of open alert id found in state from;
// reaching normal ends it as recovered. false means it changed meanwhile
// (resolved by a person).
func updateJudged(ctx context.Context, tx *sql.Tx, id int64, from State, e judged) (bool, error) {
	var ended sqldb.NullTime
	reason := ""
	if e.State == Normal {
		ended, reason = sqldb.NT(e.At), "recovered"
	}
	args := append([]any{id, from, e.State, e.Streak, e.Day}, e.args()...)
	args = append(args, e.J.Explanation, sqldb.T(e.At), firedAt(e), ended, reason)
	res, err := tx.ExecContext(ctx, `UPDATE anomaly_alerts SET state = $3, streak = $4, day = $5, value = $6,
		baseline = $7, spread = $8, score = $9, sample = $10, explanation = $11, updated_at = $12,
		fired_at = COALESCE(fired_at, $13), ended_at = $14, end_reason = $15
		WHERE id = $1 AND state = $2 AND ended_at IS NULL`, args...)
	return affected(res, err)
}

// updateAck records an acknowledgement of open alert id; false when it
// ended or was acknowledged meanwhile.
func updateAck(ctx context.Context, tx *sql.Tx, id, userID int64, name, note string, at time.Time) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE anomaly_alerts SET acked_at = $2, acked_by = $3, acker_name = $4,
		ack_note = $5, updated_at = $2 WHERE id = $1 AND ended_at IS NULL AND acked_at IS NULL`,
		id, sqldb.T(at), userID, name, note)
	return affected(res, err)
}

// updateResolve ends open alert id as resolved by a person; false when it
// ended meanwhile.
func updateResolve(ctx context.Context, tx *sql.Tx, id, userID int64, name, note string, at time.Time) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE anomaly_alerts SET state = 'normal', streak = 0, ended_at = $2,
		end_reason = 'resolved', resolved_by = $3, resolver_name = $4, resolve_note = $5, updated_at = $2
		WHERE id = $1 AND ended_at IS NULL`, id, sqldb.T(at), userID, name, note)
	return affected(res, err)
}

func insertTransition(ctx context.Context, tx *sql.Tx, alertID int64, t Transition, actorID int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO anomaly_transitions (alert_id, from_state, to_state, action, day,
		value, explanation, actor_id, actor_name, note, occurred_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		alertID, t.From, t.To, t.Action, t.Day, nullPtr(t.Value), t.Explanation,
		sql.NullInt64{Int64: actorID, Valid: actorID != 0}, t.ActorName, t.Note, sqldb.T(t.OccurredAt))
	return sqldb.Translate(err)
}

func nullPtr(p *float64) sql.NullFloat64 {
	if p == nil {
		return sql.NullFloat64{}
	}
	return sql.NullFloat64{Float64: *p, Valid: true}
}

func selectTransitions(ctx context.Context, q sqldb.Querier, alertID int64) ([]Transition, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, from_state, to_state, action, day, value, explanation, actor_name,
		note, occurred_at FROM anomaly_transitions WHERE alert_id = $1 ORDER BY id`, alertID)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Transition
	for rows.Next() {
		var t Transition
		var v sql.NullFloat64
		var at sqldb.Time
		if err := rows.Scan(&t.ID, &t.From, &t.To, &t.Action, &t.Day, &v, &t.Explanation, &t.ActorName, &t.Note, &at); err != nil {
			return nil, sqldb.Translate(err)
		}
		t.Value, t.OccurredAt = ptr(v), at.Time
		t.FromLabel, t.ToLabel = t.From.Label(), t.To.Label()
		out = append(out, t)
	}
	return out, sqldb.Translate(rows.Err())
}
