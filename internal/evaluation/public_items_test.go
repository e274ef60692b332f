package evaluation

import (
	"context"
	"slices"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// TestResultItemsRefresh: the register's item list is kept for itemsTTL
// and then read again, so an item's first concluded case adds it after at
// most that long; callers get copies, not the kept list.
func TestResultItemsRefresh(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	c := e.acceptedCase(t, "items-ttl")
	before, err := e.ev.ResultItems(ctx)
	if err != nil {
		t.Fatal(err)
	}
	has := func(items []ItemOption) bool {
		return slices.ContainsFunc(items, func(o ItemOption) bool { return o.Code == c.ItemCode })
	}
	if has(before) {
		t.Fatalf("the item of an open case is listed: %v", before)
	}
	if _, err := e.db.ExecContext(ctx, `UPDATE cases SET status = 11, concluded_at = $1 WHERE id = $2`,
		sqldb.T(e.clock.Now()), c.ID); err != nil {
		t.Fatal(err)
	}
	cached, err := e.ev.ResultItems(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if has(cached) || len(cached) != len(before) {
		t.Fatalf("within the TTL: %v, want the first list unchanged", cached)
	}
	e.clock.Set(e.clock.Now().Add(itemsTTL))
	after, err := e.ev.ResultItems(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !has(after) {
		t.Fatalf("after the TTL the concluded case's item %s is not listed: %v", c.ItemCode, after)
	}
	after[0].Name = "changed by the caller"
	again, err := e.ev.ResultItems(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if again[0].Name == "changed by the caller" {
		t.Fatal("a caller's change reached the kept list")
	}
}
