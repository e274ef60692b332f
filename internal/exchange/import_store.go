package exchange

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

const importColumns = `id, source, file_name, format, created, updated, unchanged, rejected, rows, user_name, created_at`

func scanImport(sc scanner) (ImportReport, error) {
	var r ImportReport
	var rows string
	var at sqldb.Time
	err := sc.Scan(&r.ID, &r.Source, &r.FileName, &r.Format, &r.Created, &r.Updated, &r.Unchanged, &r.Rejected,
		&rows, &r.UserName, &at)
	if err != nil {
		return r, sqldb.Translate(err)
	}
	r.CreatedAt = at.Time
	if err := json.Unmarshal([]byte(rows), &r.Rows); err != nil {
		return r, fmt.Errorf("import %d rows: %w", r.ID, err)
	}
	return r, nil
}

// Imports lists the latest import reports, newest first, without their
// rows. Who: holders of access.ExchangeAdmin. Errors: Unauthenticated,
// Forbidden.
func (s *Service) Imports(ctx context.Context, limit int) ([]ImportReport, error) {
	if _, _, err := admin(ctx); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+importColumns+` FROM exchange_imports ORDER BY id DESC LIMIT $1`,
		min(max(limit, 1), 100))
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	out := []ImportReport{}
	for rows.Next() {
		r, err := scanImport(rows)
		if err != nil {
			return nil, err
		}
		r.Rows = nil
		out = append(out, r)
	}
	return out, sqldb.Translate(rows.Err())
}

// ImportReportByID returns one stored report with its rows. Errors: as
// Imports; NotFound.
func (s *Service) ImportReportByID(ctx context.Context, id int64) (ImportReport, error) {
	if _, _, err := admin(ctx); err != nil {
		return ImportReport{}, err
	}
	r, err := scanImport(s.db.QueryRowContext(ctx, `SELECT `+importColumns+` FROM exchange_imports WHERE id = $1`, id))
	if errs.Is(err, errs.NotFound) {
		return r, errs.E(errs.NotFound, "导入报告不存在。")
	}
	return r, err
}
