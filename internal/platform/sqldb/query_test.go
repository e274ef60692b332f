package sqldb

import (
	"slices"
	"testing"
)

func TestQuery(t *testing.T) {
	var q Query
	if q.SQL() != "" {
		t.Fatalf("no conditions: %q", q.SQL())
	}
	q.Add("a = " + q.Arg(1))
	q.Add("b IN (" + q.Arg("x") + ", " + q.Arg("y") + ")")
	if got, want := q.SQL(), " WHERE a = $1 AND b IN ($2, $3)"; got != want {
		t.Fatalf("SQL = %q, want %q", got, want)
	}
	if !slices.Equal(q.Args, []any{1, "x", "y"}) {
		t.Fatalf("Args = %v", q.Args)
	}
}
