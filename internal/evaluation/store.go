package evaluation

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

type scanner interface{ Scan(dest ...any) error }

const ratingColumns = `r.id, r.case_id, r.case_number, r.case_status, r.item_name, r.project_name, r.region_code,
	r.rater_party, r.rater_user_id, r.rater_name, COALESCE(r.enterprise_id, 0), r.level, r.aspects, r.comment,
	r.created_at`

func ratingDest(r *Rating, aspects *string, created *sqldb.Time) []any {
	return []any{&r.ID, &r.CaseID, &r.CaseNumber, &r.CaseStatus, &r.ItemName, &r.ProjectName, &r.RegionCode,
		&r.party, &r.RaterUserID, &r.RaterName, &r.enterpriseID, &r.Level, aspects, &r.Comment, created}
}

func finishRating(r *Rating, aspects string, created sqldb.Time) {
	r.Aspects = []string{}
	if aspects != "" {
		r.Aspects = strings.Split(aspects, ",")
	}
	r.CreatedAt = created.Time
	r.LevelLabel = r.Level.Label()
}

// selectRatingByParty returns party's rating of case caseID with the id of
// its rectification, or NotFound.
func selectRatingByParty(ctx context.Context, q sqldb.Querier, caseID int64, party string) (Rating, error) {
	var r Rating
	var aspects string
	var created sqldb.Time
	dest := append(ratingDest(&r, &aspects, &created), &r.RectificationID)
	err := q.QueryRowContext(ctx, `SELECT `+ratingColumns+`, COALESCE(x.id, 0) FROM ratings r
		LEFT JOIN rectifications x ON x.rating_id = r.id
		WHERE r.case_id = $1 AND r.rater_party = $2`, caseID, party).Scan(dest...)
	if err != nil {
		return r, sqldb.Translate(err)
	}
	finishRating(&r, aspects, created)
	return r, nil
}

func insertRating(ctx context.Context, tx *sql.Tx, r Rating) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO ratings (case_id, case_number, case_status, item_name,
		project_name, region_code, rater_party, rater_user_id, rater_name, enterprise_id, level, aspects, comment,
		created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
		r.CaseID, r.CaseNumber, r.CaseStatus, r.ItemName, r.ProjectName, r.RegionCode, r.party, r.RaterUserID,
		r.RaterName, sql.NullInt64{Int64: r.enterpriseID, Valid: r.enterpriseID != 0}, int(r.Level),
		strings.Join(r.Aspects, ","), r.Comment, sqldb.T(r.CreatedAt)).Scan(&id)
	return id, sqldb.Translate(err)
}

// applicantOf returns the user who submitted application id (0 when it was
// registered without one). It reads the case engine's applications table,
// which casework.Case does not expose.
func applicantOf(ctx context.Context, q sqldb.Querier, applicationID int64) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT COALESCE(applicant_id, 0) FROM applications WHERE id = $1`,
		applicationID).Scan(&id)
	return id, sqldb.Translate(err)
}

const rectColumns = `x.id, x.org_id, x.org_name, x.due_date, x.due_provisional, x.answer,
	COALESCE(x.answered_by, 0), x.answerer_name, x.answered_at, x.close_kind, x.satisfied, x.close_note,
	COALESCE(x.closed_by, 0), x.closer_name, x.closed_at, x.created_at, ` + ratingColumns

const rectFrom = ` FROM rectifications x JOIN ratings r ON r.id = x.rating_id`

func scanRectification(sc scanner) (Rectification, error) {
	var x Rectification
	var due, aspects string
	var answered, closed sqldb.NullTime
	var created, rated sqldb.Time
	var satisfied sql.NullBool
	dest := append([]any{&x.ID, &x.OrgID, &x.OrgName, &due, &x.DueProvisional, &x.Answer, &x.AnsweredBy,
		&x.AnswererName, &answered, &x.CloseKind, &satisfied, &x.CloseNote, &x.ClosedBy, &x.CloserName, &closed,
		&created}, ratingDest(&x.Rating, &aspects, &rated)...)
	if err := sc.Scan(dest...); err != nil {
		return x, sqldb.Translate(err)
	}
	finishRating(&x.Rating, aspects, rated)
	x.Rating.RectificationID = x.ID
	var err error
	if x.Due, err = calendar.ParseDate(due); err != nil {
		return x, fmt.Errorf("rectification %d due date: %w", x.ID, err)
	}
	if satisfied.Valid {
		x.Satisfied = &satisfied.Bool
	}
	x.AnsweredAt, x.ClosedAt, x.CreatedAt = answered.Time, closed.Time, created.Time
	return x, nil
}

func selectRectification(ctx context.Context, q sqldb.Querier, id int64) (Rectification, error) {
	x, err := scanRectification(q.QueryRowContext(ctx, `SELECT `+rectColumns+rectFrom+` WHERE x.id = $1`, id))
	if errs.Is(err, errs.NotFound) {
		return x, errs.E(errs.NotFound, "差评整改记录不存在。")
	}
	return x, err
}

func insertRectification(ctx context.Context, tx *sql.Tx, x Rectification) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO rectifications (rating_id, case_id, region_code, org_id, org_name,
		due_date, due_provisional, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		x.Rating.ID, x.Rating.CaseID, x.Rating.RegionCode, x.OrgID, x.OrgName, x.Due, x.DueProvisional,
		sqldb.T(x.CreatedAt)).Scan(&id)
	return id, sqldb.Translate(err)
}

// updateAnswer records the answer unless the rectification was answered or
// closed meanwhile; false means a concurrent action won.
func updateAnswer(ctx context.Context, tx *sql.Tx, x Rectification) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE rectifications SET answer = $2, answered_by = $3, answerer_name = $4,
		answered_at = $5, answered_in_time = $6 WHERE id = $1 AND answered_at IS NULL AND closed_at IS NULL`,
		x.ID, x.Answer, x.AnsweredBy, x.AnswererName, sqldb.T(x.AnsweredAt), x.OnTime())
	return affected(res, err)
}

// updateClose closes the rectification unless it was closed meanwhile; a
// follow-up also needs the answer.
func updateClose(ctx context.Context, tx *sql.Tx, x Rectification) (bool, error) {
	var satisfied sql.NullBool
	if x.Satisfied != nil {
		satisfied = sql.NullBool{Bool: *x.Satisfied, Valid: true}
	}
	res, err := tx.ExecContext(ctx, `UPDATE rectifications SET close_kind = $2, satisfied = $3, close_note = $4,
		closed_by = $5, closer_name = $6, closed_at = $7
		WHERE id = $1 AND closed_at IS NULL AND ($2 = 'supervisor' OR answered_at IS NOT NULL)`,
		x.ID, x.CloseKind, satisfied, x.CloseNote, x.ClosedBy, x.CloserName, sqldb.T(x.ClosedAt))
	return affected(res, err)
}

func affected(res sql.Result, err error) (bool, error) {
	if err != nil {
		return false, sqldb.Translate(err)
	}
	n, err := res.RowsAffected()
	return n == 1, sqldb.Translate(err)
}

// query is the statement being built (sqldb.Query).
type query struct{ sqldb.Query }

// filter adds f's conditions; today decides what is overdue: past the due
// date ('YYYY-MM-DD' text compares as a date on both engines) unanswered.
func (q *query) filter(f Filter, today calendar.Date) {
	unanswered := `x.closed_at IS NULL AND x.answered_at IS NULL AND x.due_date `
	switch f.State {
	case StateOpen:
		q.Add(unanswered + `>= ` + q.Arg(today.String()))
	case StateOverdue:
		q.Add(unanswered + `< ` + q.Arg(today.String()))
	case StateAnswered:
		q.Add(`x.closed_at IS NULL AND x.answered_at IS NOT NULL`)
	case StateClosed:
		q.Add(`x.closed_at IS NOT NULL`)
	case StateActive:
		q.Add(`x.closed_at IS NULL`)
	}
	if f.RegionCode != "" {
		q.Add(`x.region_code = ` + q.Arg(f.RegionCode))
	}
	if f.CaseID != 0 {
		q.Add(`x.case_id = ` + q.Arg(f.CaseID))
	}
}

func selectRectifications(ctx context.Context, db sqldb.Querier, q *query, f Filter) ([]Rectification, int, error) {
	var total int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*)`+rectFrom+q.SQL(), q.Args...).Scan(&total); err != nil {
		return nil, 0, sqldb.Translate(err)
	}
	rows, err := db.QueryContext(ctx, `SELECT `+rectColumns+rectFrom+q.SQL()+
		fmt.Sprintf(` ORDER BY x.id DESC LIMIT %d OFFSET %d`, f.limit(), max(f.Offset, 0)), q.Args...)
	if err != nil {
		return nil, 0, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Rectification
	for rows.Next() {
		x, err := scanRectification(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, x)
	}
	return out, total, sqldb.Translate(rows.Err())
}
