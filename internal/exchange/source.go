package exchange

import (
	"context"
	"fmt"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// The exchange is a read model of the approval spine: it reads the rows the
// national standard is about (projects, cases, steps, pauses,
// consultations, licences) directly, read-only, because it runs as a
// background job with no principal and must see every region.

func loadProject(ctx context.Context, q sqldb.Querier, code string) (projectRow, error) {
	var p projectRow
	err := q.QueryRowContext(ctx, `SELECT p.code, p.name, rg.code, rg.reporting_code, p.flow_type, p.owner_name,
		p.owner_credit_code, p.investment, p.address
		FROM projects p JOIN regions rg ON rg.id = p.region_id WHERE p.code = $1`, code).Scan(
		&p.Code, &p.Name, &p.Region.Code, &p.Region.Reporting, &p.FlowType, &p.OwnerName, &p.OwnerUSC,
		&p.Investment, &p.Address)
	if err != nil {
		return p, fmt.Errorf("project %s: %w", code, sqldb.Translate(err))
	}
	return p, nil
}

func loadCase(ctx context.Context, q sqldb.Querier, number string) (caseRow, error) {
	var c caseRow
	var received sqldb.Time
	var accepted, concluded sqldb.NullTime
	err := q.QueryRowContext(ctx, `SELECT c.id, c.number, c.project_code, c.region_code, rg.reporting_code,
		c.item_code, c.item_name, COALESCE(rv.standard_code, ''), COALESCE(rv.result_name, ''), c.stage_no,
		c.status, c.limit_days, p.owner_credit_code, c.received_at, c.accepted_at, c.concluded_at
		FROM cases c JOIN projects p ON p.id = c.project_id JOIN regions rg ON rg.code = c.region_code
		LEFT JOIN catalog_items ci ON ci.code = c.item_code
		LEFT JOIN catalog_item_revisions rv ON rv.item_id = ci.id AND rv.revision = ci.revision
		WHERE c.number = $1`, number).Scan(&c.ID, &c.Number, &c.ProjectCode, &c.Region.Code, &c.Region.Reporting,
		&c.ItemCode, &c.ItemName, &c.StandardCode, &c.ResultName, &c.StageNo, &c.Status, &c.Limit, &c.OwnerUSC,
		&received, &accepted, &concluded)
	if err != nil {
		return c, fmt.Errorf("case %s: %w", number, sqldb.Translate(err))
	}
	c.ReceivedAt, c.AcceptedAt, c.ConcludedAt = received.Time, accepted.Time, concluded.Time
	l := licenceRow{}
	var revoked int
	err = q.QueryRowContext(ctx, `SELECT number, title, issue_date, CASE WHEN revoked_at IS NULL THEN 0 ELSE 1 END
		FROM licences WHERE case_id = $1`, c.ID).Scan(&l.Number, &l.Title, &l.IssueDate, &revoked)
	switch err = sqldb.Translate(err); {
	case err == nil:
		l.Revoked = revoked == 1
		c.Licence = &l
	case !errs.Is(err, errs.NotFound):
		return c, fmt.Errorf("licence of case %s: %w", number, err)
	}
	return c, nil
}

// loadSteps returns the processing steps of a case in order, numbered from
// 1; the clock's warning notes are internal and not reported.
func loadSteps(ctx context.Context, q sqldb.Querier, caseID int64) ([]stepRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT s.id, s.action, s.to_status, s.actor_name, COALESCE(o.name, ''),
		s.opinion, s.occurred_at FROM case_steps s LEFT JOIN org_units o ON o.id = s.org_unit_id
		WHERE s.case_id = $1 AND s.action NOT LIKE 'warn%' ORDER BY s.id`, caseID)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []stepRow
	for rows.Next() {
		s := stepRow{Seq: int64(len(out) + 1)}
		var at sqldb.Time
		if err := rows.Scan(&s.ID, &s.Action, &s.ToStatus, &s.Actor, &s.Org, &s.Opinion, &at); err != nil {
			return nil, sqldb.Translate(err)
		}
		s.OccurredAt = at.Time
		out = append(out, s)
	}
	return out, sqldb.Translate(rows.Err())
}

// loadSpecials returns the 特别程序 pauses of a case (补正 is not one).
func loadSpecials(ctx context.Context, q sqldb.Querier, caseID int64) ([]pauseRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, special_kind, reason, expected_days, started_at, ended_at, outcome
		FROM case_pauses WHERE case_id = $1 AND kind = 'special' ORDER BY id`, caseID)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []pauseRow
	for rows.Next() {
		var p pauseRow
		var started sqldb.Time
		var ended sqldb.NullTime
		if err := rows.Scan(&p.ID, &p.Kind, &p.Reason, &p.ExpectedDays, &started, &ended, &p.Outcome); err != nil {
			return nil, sqldb.Translate(err)
		}
		p.StartedAt, p.EndedAt = started.Time, ended.Time
		out = append(out, p)
	}
	return out, sqldb.Translate(rows.Err())
}

func loadConsultations(ctx context.Context, q sqldb.Querier, caseID int64) ([]consultRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT k.id, f.name, t.name, k.question, k.answer, k.deadline, k.created_at,
		k.answered_at FROM consultations k JOIN org_units f ON f.id = k.from_org_id
		JOIN org_units t ON t.id = k.to_org_id WHERE k.case_id = $1 ORDER BY k.id`, caseID)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []consultRow
	for rows.Next() {
		var k consultRow
		var created sqldb.Time
		var answered sqldb.NullTime
		if err := rows.Scan(&k.ID, &k.FromOrg, &k.ToOrg, &k.Question, &k.Answer, &k.Deadline, &created,
			&answered); err != nil {
			return nil, sqldb.Translate(err)
		}
		k.CreatedAt, k.AnsweredAt = created.Time, answered.Time
		out = append(out, k)
	}
	return out, sqldb.Translate(rows.Err())
}

// caseDrafts maps everything reported about case number, parents first:
// project, owner unit, instance, steps, special procedures,
// consultations, result.
func caseDrafts(ctx context.Context, q sqldb.Querier, number string) ([]draft, error) {
	c, err := loadCase(ctx, q, number)
	if err != nil {
		return nil, err
	}
	p, err := loadProject(ctx, q, c.ProjectCode)
	if err != nil {
		return nil, err
	}
	out := []draft{mapProject(p), mapUnit(p), mapInstance(c)}
	steps, err := loadSteps(ctx, q, c.ID)
	if err != nil {
		return nil, err
	}
	for _, s := range steps {
		out = append(out, mapStep(c, s))
	}
	specials, err := loadSpecials(ctx, q, c.ID)
	if err != nil {
		return nil, err
	}
	for _, sp := range specials {
		out = append(out, mapSpecial(c, sp))
	}
	cons, err := loadConsultations(ctx, q, c.ID)
	if err != nil {
		return nil, err
	}
	for _, k := range cons {
		out = append(out, mapConsultation(c, k))
	}
	if d, ok := mapResult(c); ok {
		out = append(out, d)
	}
	return out, nil
}
