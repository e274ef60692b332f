package indicator

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// bulkTable is a table written in bulk: its key columns, its other
// columns, each column's PostgreSQL type, and optionally a timestamp
// column set to one value for every row written (stamp, empty for none).
type bulkTable struct {
	name       string
	key, other []string
	types      []string // of key then other: "text" or "float8"
	stamp      string
}

// Rows per statement. SQLite takes one placeholder per value (at most
// 32,766 per statement; 200 rows keep its prepared statement small);
// PostgreSQL takes one array per column through unnest, so a statement
// carries thousands of rows in one round trip, parsed once.
const (
	sqliteBulkRows   = 200
	postgresBulkRows = 5000
)

func bulkRows(d sqldb.Dialect) int {
	if d == sqldb.Postgres {
		return postgresBulkRows
	}
	return sqliteBulkRows
}

// columns are the key columns, the others and the stamp column, if any.
func (t bulkTable) columns() []string {
	cols := append(append([]string{}, t.key...), t.other...)
	if t.stamp != "" {
		cols = append(cols, t.stamp)
	}
	return cols
}

// put inserts rows (each: the key columns then the others, strings and
// float64 or *float64 for NULL) or, when the key exists, overwrites the
// other columns. Rows should come in key order: on PostgreSQL a sorted
// insert touches each index page once instead of at random.
func (t bulkTable) put(ctx context.Context, tx *sql.Tx, d sqldb.Dialect, rows [][]any, stamp sqldb.Time) error {
	cols := append(append([]string{}, t.key...), t.other...)
	var set []string
	for _, c := range append(append([]string{}, t.other...), t.stamp) {
		if c != "" {
			set = append(set, c+" = excluded."+c)
		}
	}
	head := "INSERT INTO " + t.name + " (" + strings.Join(cols, ", ")
	tail := " ON CONFLICT (" + strings.Join(t.key, ", ") + ") DO UPDATE SET " + strings.Join(set, ", ")
	for chunk := range chunks(rows, bulkRows(d)) {
		var q string
		var args []any
		if d == sqldb.Postgres {
			q, args = t.pgSource(chunk, len(cols))
			q = head + stampCol(t.stamp) + ") SELECT u.*" + stampArg(t.stamp, len(cols)+1) + " FROM " + q
			if t.stamp != "" {
				args = append(args, stamp)
			}
		} else {
			var st any
			if t.stamp != "" {
				st = stamp
			}
			q, args = sqliteValues(chunk, len(cols), st)
			q = head + stampCol(t.stamp) + ") VALUES " + q
		}
		if _, err := tx.ExecContext(ctx, q+tail, args...); err != nil {
			return sqldb.Translate(err)
		}
	}
	return nil
}

// remove deletes the rows whose keys are given (each: the key columns).
func (t bulkTable) remove(ctx context.Context, tx *sql.Tx, d sqldb.Dialect, keys [][]any) error {
	for chunk := range chunks(keys, bulkRows(d)) {
		var q string
		var args []any
		if d == sqldb.Postgres {
			var src string
			src, args = t.pgSource(chunk, len(t.key))
			var on []string
			for i, c := range t.key {
				on = append(on, "t."+c+" = u.c"+strconv.Itoa(i))
			}
			q = "DELETE FROM " + t.name + " t USING " + src + " WHERE " + strings.Join(on, " AND ")
		} else {
			var src string
			src, args = sqliteValues(chunk, len(t.key), nil)
			q = "DELETE FROM " + t.name + " WHERE (" + strings.Join(t.key, ", ") + ") IN (VALUES " + src + ")"
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return sqldb.Translate(err)
		}
	}
	return nil
}

// pgSource is "unnest($1::text[], …) AS u(c0, c1, …)" over the first n
// columns of rows, with one array argument per column.
func (t bulkTable) pgSource(rows [][]any, n int) (string, []any) {
	var b strings.Builder
	b.WriteString("unnest(")
	args := make([]any, n)
	names := make([]string, n)
	for c := range n {
		if c > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(c+1) + "::" + t.types[c] + "[]")
		names[c] = "c" + strconv.Itoa(c)
		args[c] = pgArray(rows, c, t.types[c])
	}
	b.WriteString(") AS u(" + strings.Join(names, ", ") + ")")
	return b.String(), args
}

// pgArray gathers column c of rows into the slice pgx sends as an array.
func pgArray(rows [][]any, c int, typ string) any {
	if typ == "text" {
		out := make([]string, len(rows))
		for i, r := range rows {
			out[i] = r[c].(string)
		}
		return out
	}
	out := make([]*float64, len(rows))
	for i, r := range rows {
		switch v := r[c].(type) {
		case float64:
			out[i] = &v
		case *float64:
			out[i] = v
		}
	}
	return out
}

// sqliteValues is "(?, ?), (?, ?)" for the first n columns of rows, plus
// one placeholder for stamp at the end of each row when stamp is not nil,
// with the arguments (a *float64 passed as its value or NULL).
func sqliteValues(rows [][]any, n int, stamp any) (string, []any) {
	width := n
	if stamp != nil {
		width++
	}
	tuple := "(" + strings.Repeat("?, ", width-1) + "?)"
	args := make([]any, 0, len(rows)*width)
	for _, r := range rows {
		for _, v := range r[:n] {
			if p, ok := v.(*float64); ok {
				v = nil
				if p != nil {
					v = *p
				}
			}
			args = append(args, v)
		}
		if stamp != nil {
			args = append(args, stamp)
		}
	}
	return strings.Repeat(tuple+", ", len(rows)-1) + tuple, args
}

func stampCol(c string) string {
	if c == "" {
		return ""
	}
	return ", " + c
}

func stampArg(c string, n int) string {
	if c == "" {
		return ""
	}
	return ", $" + strconv.Itoa(n) + "::timestamptz"
}

// chunks yields xs in pieces of at most n.
func chunks[T any](xs []T, n int) func(yield func([]T) bool) {
	return func(yield func([]T) bool) {
		for i := 0; i < len(xs); i += n {
			if !yield(xs[i:min(i+n, len(xs))]) {
				return
			}
		}
	}
}
