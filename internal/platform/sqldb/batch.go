package sqldb

import (
	"context"
	"regexp"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

// Stmt is one SQL statement with its arguments ($1… numbered from 1).
type Stmt struct {
	SQL  string
	Args []any
}

var placeholder = regexp.MustCompile(`\$(\d+)`)

// ExecAll runs stmts in order inside q (a transaction). On PostgreSQL they
// go to the server in one round trip: the statements are joined and sent
// with pgx's simple protocol, which quotes the arguments on the client —
// the way to batch writes through database/sql, where the network, not
// the server, is what a short write costs. SQLite runs them one by one (it
// has no network). The statements must not contain "$" other than in
// placeholders.
func ExecAll(ctx context.Context, q Querier, d Dialect, stmts []Stmt) error {
	if d != Postgres || len(stmts) < 2 {
		for _, st := range stmts {
			if _, err := q.ExecContext(ctx, st.SQL, st.Args...); err != nil {
				return Translate(err)
			}
		}
		return nil
	}
	var b strings.Builder
	args := []any{pgx.QueryExecModeSimpleProtocol}
	for i, st := range stmts {
		if i > 0 {
			b.WriteString(";\n")
		}
		offset := len(args) - 1
		b.WriteString(placeholder.ReplaceAllStringFunc(st.SQL, func(p string) string {
			n, _ := strconv.Atoi(p[1:])
			return "$" + strconv.Itoa(n+offset)
		}))
		args = append(args, st.Args...)
	}
	_, err := q.ExecContext(ctx, b.String(), args...)
	return Translate(err)
}
