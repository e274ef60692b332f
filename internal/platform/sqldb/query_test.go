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

func TestIDList(t *testing.T) {
	for _, tc := range []struct {
		ids  []int64
		want string
	}{{nil, "0"}, {[]int64{7}, "0,7"}, {[]int64{3, 12, 9000000000}, "0,3,12,9000000000"}} {
		if got := IDList(tc.ids); got != tc.want {
			t.Errorf("IDList(%v) = %q, want %q", tc.ids, got, tc.want)
		}
	}
}
