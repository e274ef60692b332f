package indicator

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// sampleRow is one stored sample of a median indicator.
type sampleRow struct {
	code, region, day, dim, ref string
	value                       float64
}

// batchRows is how many rows one INSERT carries.
const batchRows = 200

// insertValues inserts vals in multi-row statements.
func insertValues(ctx context.Context, tx *sql.Tx, d sqldb.Dialect, vals []Value, now time.Time) error {
	var stmts []sqldb.Stmt
	for i := 0; i < len(vals); i += batchRows {
		chunk := vals[i:min(i+batchRows, len(vals))]
		var b strings.Builder
		b.WriteString(`INSERT INTO indicator_values (code, region_code, period, period_start, dim, numerator,
			denominator, value, computed_at) VALUES `)
		args := make([]any, 0, len(chunk)*9)
		for j, v := range chunk {
			if j > 0 {
				b.WriteString(", ")
			}
			writeTuple(&b, d, len(args), 9)
			args = append(args, v.Code, v.RegionCode, v.Period, v.Start, v.Dim, v.Numerator, v.Denominator, v.Value,
				sqldb.T(now))
		}
		stmts = append(stmts, sqldb.Stmt{SQL: b.String(), Args: args})
	}
	return execChunks(ctx, tx, d, stmts)
}

// insertSamples inserts the samples in multi-row statements.
func insertSamples(ctx context.Context, tx *sql.Tx, d sqldb.Dialect, rows []sampleRow) error {
	var stmts []sqldb.Stmt
	for i := 0; i < len(rows); i += batchRows {
		chunk := rows[i:min(i+batchRows, len(rows))]
		var b strings.Builder
		b.WriteString(`INSERT INTO indicator_samples (code, region_code, day, dim, ref, value) VALUES `)
		args := make([]any, 0, len(chunk)*6)
		for j, r := range chunk {
			if j > 0 {
				b.WriteString(", ")
			}
			writeTuple(&b, d, len(args), 6)
			args = append(args, r.code, r.region, r.day, r.dim, r.ref, r.value)
		}
		stmts = append(stmts, sqldb.Stmt{SQL: b.String(), Args: args})
	}
	return execChunks(ctx, tx, d, stmts)
}

// writeTuple writes one row of n placeholders whose first argument is
// number after+1: "?" on SQLite, where modernc looks each numbered "$n" up
// by name (quadratic in the parameters of a statement: with 1,800 of them
// parsing was most of a Recompute), "$n" on PostgreSQL, where ExecAll
// renumbers them when it joins statements.
func writeTuple(b *strings.Builder, d sqldb.Dialect, after, n int) {
	b.WriteByte('(')
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		if d == sqldb.Postgres {
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(after + i + 1))
		} else {
			b.WriteByte('?')
		}
	}
	b.WriteByte(')')
}

// execChunks runs statements a few at a time (one round trip each group on
// PostgreSQL).
func execChunks(ctx context.Context, tx *sql.Tx, d sqldb.Dialect, stmts []sqldb.Stmt) error {
	for i := 0; i < len(stmts); i += 10 {
		if err := sqldb.ExecAll(ctx, tx, d, stmts[i:min(i+10, len(stmts))]); err != nil {
			return err
		}
	}
	return nil
}
