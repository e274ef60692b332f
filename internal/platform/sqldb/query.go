package sqldb

import (
	"strconv"
	"strings"
)

// Query accumulates the conditions and positional arguments of a statement
// built from parts, so that every value reaches the database as a
// placeholder ($1, $2, …: both drivers accept them) and never as text.
type Query struct {
	Where []string
	Args  []any
}

// Arg appends v and returns its placeholder.
func (q *Query) Arg(v any) string {
	q.Args = append(q.Args, v)
	return "$" + strconv.Itoa(len(q.Args))
}

// Add appends a condition; conditions are joined with AND.
func (q *Query) Add(cond string) { q.Where = append(q.Where, cond) }

// SQL is " WHERE c1 AND c2 …", or "" without conditions.
func (q *Query) SQL() string {
	if len(q.Where) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(q.Where, " AND ")
}
