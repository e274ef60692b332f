package history

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// fixedNow is the clock of the fixtures: the batch rows' and audit events'
// time, never the generated data's.
var fixedNow = time.Date(2026, 3, 9, 2, 0, 0, 0, time.UTC)

// newService returns a Service over a fresh database seeded like a new
// gongai: regions and units, the calendar and the catalog.
func newService(t testing.TB) (*Service, *sqldb.DB) {
	t.Helper()
	db := testkit.NewDB(t)
	now := func() time.Time { return fixedNow }
	rec := audit.NewRecorder(now)
	ctx := context.Background()
	for _, fn := range []func(tx *sql.Tx) error{
		func(tx *sql.Tx) error { return org.Seed(ctx, tx, rec, now()) },
		func(tx *sql.Tx) error { return calendar.Seed(ctx, tx, rec, now()) },
		func(tx *sql.Tx) error { return catalog.Seed(ctx, tx, rec, now()) },
	} {
		if err := db.WithTx(ctx, fn); err != nil {
			t.Fatal(err)
		}
	}
	return New(DepsFor(db, now)), db
}

// smallParams is a quick history: six months of 2025 up to a mid-month
// AsOf, about 1,200 cases.
func smallParams() Params {
	return Params{Seed: 7, From: Month{2025, time.July}, To: Month{2025, time.December},
		AsOf: time.Date(2025, 12, 18, 3, 0, 0, 0, time.UTC), CasesPerMonth: 200, Label: "测试数据"}
}
