package indicator

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

func sqldbT(t time.Time) sqldb.Time { return sqldb.T(t) }

// dumpValues returns every stored value keyed by its identity.
func dumpValues(t *testing.T, e *env) map[string]string {
	t.Helper()
	rows, err := e.db.QueryContext(context.Background(), `SELECT code, region_code, period, period_start, dim,
		numerator, denominator, value FROM indicator_values`)
	e.must(t, err)
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var code, region, period, start, dim string
		var num, den float64
		var v sql.NullFloat64
		e.must(t, rows.Scan(&code, &region, &period, &start, &dim, &num, &den, &v))
		out[fmt.Sprintf("%s/%s/%s/%s/%s", code, region, period, start, dim)] = fmt.Sprintf("%g/%g/%v/%g", num, den, v.Valid, v.Float64)
	}
	e.must(t, rows.Err())
	return out
}
