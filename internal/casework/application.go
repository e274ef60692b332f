package casework

import (
	"context"

	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/project"
)

// insertCase creates the 办件 of one stage item in status 已接件 (1). The
// limit is the item's promised limit (statutory when none is promised).
func (s *Service) insertCase(ctx context.Context, tx *txn, appID int64, appNumber string, proj project.Project,
	flow catalog.Flow, stageNo int, si catalog.StageItem) error {
	number, err := caseNumber(ctx, tx, "", proj.RegionCode, s.now())
	if err != nil {
		return err
	}
	limit := si.Item.PromisedDays
	if limit <= 0 {
		limit = si.Item.StatutoryDays
	}
	join := si.Join
	if join == "" {
		join = JoinAll
	}
	now := sqldb.T(s.now())
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO cases (number, application_id, application_number, project_id,
		project_code, project_name, enterprise_id, region_code, item_code, item_name, flow_id, stage_no, status,
		join_policy, quorum, limit_days, statutory_days, received_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,1,$13,$14,$15,$16,$17,$17) RETURNING id`,
		number, appID, appNumber, proj.ID, proj.Code, proj.Name, nullID(proj.EnterpriseID), proj.RegionCode,
		si.ItemCode, si.Item.Name, flow.ID, stageNo, join, si.Quorum, limit, si.Item.StatutoryDays, now).Scan(&id)
	if err != nil {
		return sqldb.Translate(err)
	}
	c, err := loadCase(ctx, tx, id)
	if err != nil {
		return err
	}
	return s.note(ctx, tx, &c, "receive", 0, Received, "", 0, map[string]any{"item": si.ItemCode})
}

// Application returns an application with its cases, all visible to the
// caller (NotFound otherwise).
func (s *Service) Application(ctx context.Context, id int64) (Application, error) {
	var app Application
	err := s.db.QueryRowContext(ctx, `SELECT id, number, project_id, stage_no, scope, channel
		FROM applications WHERE id = $1`, id).Scan(&app.ID, &app.Number, &app.ProjectID, &app.StageNo,
		&app.Scope, &app.Channel)
	if err != nil {
		return app, sqldb.Translate(err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM cases WHERE application_id = $1 ORDER BY id`, id)
	if err != nil {
		return app, sqldb.Translate(err)
	}
	var ids []int64
	for rows.Next() {
		var cid int64
		if err := rows.Scan(&cid); err != nil {
			rows.Close()
			return app, sqldb.Translate(err)
		}
		ids = append(ids, cid)
	}
	rows.Close()
	for _, cid := range ids {
		c, err := s.Get(ctx, cid)
		if err != nil {
			return app, err
		}
		app.Cases = append(app.Cases, c)
	}
	if len(app.Cases) == 0 {
		return app, errs.E(errs.NotFound, "申报不存在。")
	}
	return app, nil
}
