package casework

import (
	"context"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/project"
)

// enterStage marks the project as being in the case's stage once a case of
// that stage is accepted (the project's stage never moves backwards).
func (s *Service) enterStage(ctx context.Context, tx *txn, c *Case) error {
	return project.AdvanceStage(ctx, tx.Tx, c.ProjectID, c.StageNo)
}

// completeStage moves the project to the next stage of its flow when every
// case of this stage is concluded and none was refused or denied; after the
// last stage the project is complete. Withdrawn cases do not count.
func (s *Service) completeStage(ctx context.Context, tx *txn, c *Case) error {
	var open, failed, passed int
	err := tx.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN status IN (1, 3, 6, 7, 8, 9, 10) THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status IN (4, 5, 13, 15) THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status IN (11, 12) THEN 1 ELSE 0 END), 0)
		FROM cases WHERE project_id = $1 AND stage_no = $2 AND id <> $3`, c.ProjectID, c.StageNo, c.ID).Scan(&open, &failed, &passed)
	if err != nil {
		return sqldb.Translate(err)
	}
	// c itself is counted from memory: its row is written at flush.
	switch {
	case c.Status == Approved || c.Status == ApprovedDeficiency:
		passed++
	case c.Status.Terminal() && c.Status != WithdrawnEarly && c.Status != Withdrawn:
		failed++
	case !c.Status.Terminal():
		open++
	}
	if open > 0 || failed > 0 || passed == 0 {
		return nil
	}
	flow, err := s.flow(ctx, c.FlowID)
	if err != nil {
		return err
	}
	next := project.StageCompleted
	for _, st := range flow.Stages {
		if st.No > c.StageNo && st.No < next {
			next = st.No
		}
	}
	return project.AdvanceStage(ctx, tx.Tx, c.ProjectID, next)
}
