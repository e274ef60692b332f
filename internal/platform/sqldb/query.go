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

// IDList renders integer ids as the inside of a SQL IN list, led by 0 (never
// an id) so that an empty list is still valid SQL. Integers cannot carry
// SQL, so inlining them is safe, and a long list costs no placeholders.
func IDList(ids []int64) string {
	parts := make([]string, 0, len(ids)+1)
	parts = append(parts, "0")
	for _, id := range ids {
		parts = append(parts, strconv.FormatInt(id, 10))
	}
	return strings.Join(parts, ",")
}
