package window

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// TestStepFactsUseWindowIndex: the window statistics read the window's
// steps through the partial index case_steps_window (migration 00202).
// SQLite uses a partial index only when the query states its condition, so
// an edit of the query or of the index that drops a word would silently
// read every step of the period again (97 → 14 ms at a million cases).
func TestStepFactsUseWindowIndex(t *testing.T) {
	db := testkit.NewDB(t)
	if db.Dialect != sqldb.SQLite {
		t.Skip("the plan checked is SQLite's; PostgreSQL proves partial-index predicates itself")
	}
	ctx := context.Background()
	from := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for _, regions := range [][]string{nil, {"511702"}} {
		q, args := stepFactsSQL(from, from.AddDate(0, 1, 0), regions)
		rows, err := db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		if text := strings.Join(plan, "; "); !strings.Contains(text, "USING INDEX case_steps_window") {
			t.Errorf("regions %v: the steps are not read through case_steps_window: %s", regions, text)
		}
	}
}
