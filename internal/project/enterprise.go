package project

import (
	"context"
	"database/sql"
	"errors"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// enterprise is what this package needs of an enterprise account.
type enterprise struct {
	ID         int64
	CreditCode string
	Name       string
	RegionID   int64
}

// The two functions below are this package's only reads of identity's
// enterprises table, and they only read. They exist because a principal
// carries just its enterprise id, while visibility and registration are
// decided by the owner's 统一社会信用代码; NewService takes no identity
// service (identity depends on org, and project sits beside it), so the row
// is read here with plain SQL. If identity gains an exported lookup, these
// two are the only places to change.

// enterpriseByID returns the enterprise with the id, or errs.NotFound.
func enterpriseByID(ctx context.Context, q sqldb.Querier, id int64) (enterprise, error) {
	e := enterprise{ID: id}
	err := q.QueryRowContext(ctx, `SELECT credit_code, name, region_id FROM enterprises WHERE id = $1`, id).
		Scan(&e.CreditCode, &e.Name, &e.RegionID)
	return e, sqldb.Translate(err)
}

// enterpriseIDByCreditCode returns the id of the enterprise account with
// the credit code, or 0 when there is none.
func enterpriseIDByCreditCode(ctx context.Context, q sqldb.Querier, code string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM enterprises WHERE credit_code = $1`, code).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, sqldb.Translate(err)
}
