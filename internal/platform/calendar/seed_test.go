package calendar

import (
	"context"
	"database/sql"
	"encoding/csv"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// officialRow is one line of testdata/cn-holidays-2025-2026.csv, the State
// Council's list for 2025 and 2026 (copied from shared/data).
type officialRow struct{ date, kind, festival, source string }

func officialList(t *testing.T) []officialRow {
	t.Helper()
	fh, err := os.Open("testdata/cn-holidays-2025-2026.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	recs, err := csv.NewReader(fh).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []officialRow
	for _, r := range recs[1:] {
		out = append(out, officialRow{r[0], r[1], r[2], r[3]})
	}
	return out
}

// festivalDifferences are the only festival names in which the seed differs
// from the official list. lunar-go files the 2025 National Day make-up
// workdays under the combined festival 国庆中秋 (seeded as 国庆节、中秋节,
// which is also the heading of that paragraph of 国办发明电〔2024〕12号),
// where the list says 国庆节. Dates, kinds and sources are all equal.
var festivalDifferences = map[string]string{
	"2025-09-28": "国庆节、中秋节",
	"2025-10-11": "国庆节、中秋节",
}

func TestSeed_EqualsOfficialList(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	var seeded []Day
	for _, y := range []int{2025, 2026} {
		days, err := f.cal.Days(ctx, y)
		if err != nil {
			t.Fatal(err)
		}
		seeded = append(seeded, days...)
	}
	official := officialList(t)
	if len(seeded) != len(official) {
		t.Fatalf("seeded %d exceptions for 2025–2026, the official list has %d", len(seeded), len(official))
	}
	for i, want := range official {
		got := seeded[i]
		festival := want.festival
		if alt, ok := festivalDifferences[want.date]; ok {
			festival = alt
		}
		if got.Date.String() != want.date || string(got.Kind) != want.kind || got.Source != want.source ||
			got.Festival != festival {
			t.Errorf("row %d: seeded %s %s %s %s, official %+v", i+2, got.Date, got.Kind, got.Festival, got.Source, want)
		}
	}
}

func TestSeed_YearsAndCounts(t *testing.T) {
	f := newFixture(t)
	years, err := f.cal.Years(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// Counts measured with lunar-go v1.4.7 (reference/tech-choices.md §4).
	want := map[int][2]int{2024: {30, 8}, 2025: {28, 5}, 2026: {33, 6}, 2027: {29, 5}}
	if len(years) != len(want) {
		t.Fatalf("covered years %+v", years)
	}
	for _, y := range years {
		if c := want[y.Year]; y.Holidays != c[0] || y.Workdays != c[1] || !y.Covered || y.Source == "" {
			t.Errorf("%d: %+v, want holidays/workdays %v", y.Year, y, c)
		}
	}
	if y, _ := f.cal.Year(context.Background(), 2028); y.Covered || y.Year != 2028 {
		t.Fatalf("2028: %+v", y)
	}
}

func TestSeed_IdempotentAndKeepsAdminEdits(t *testing.T) {
	f := newFixture(t)
	if err := f.cal.DeleteDay(as(admin), d(t, "2027-01-31")); err != nil {
		t.Fatal(err)
	}
	f.mustSeed(t) // a second run inserts nothing, not even the deleted day
	if n := len(f.events(t, "calendar.seed")); n != 1 {
		t.Fatalf("calendar.seed events = %d, want 1", n)
	}
	if days, _ := f.cal.Days(context.Background(), 2027); len(days) != 33 {
		t.Fatalf("2027 has %d exceptions after re-seeding, want 33 (34 seeded, 1 deleted)", len(days))
	}
	f.assertChainOK(t)
}

func TestSeedDays_LunarGoRepresentation(t *testing.T) {
	// lunar-go marks a make-up working day with IsWork(); each must be a
	// weekend, or the seed would break Day.Validate.
	for y := seedFirstYear; y <= seedLastYear; y++ {
		for _, day := range seedDays(y) {
			if err := day.Validate(); err != nil {
				t.Errorf("%s %s %s: %v", day.Date, day.Kind, day.Festival, err)
			}
		}
	}
	if n := len(seedDays(2028)); n != 0 {
		t.Fatalf("lunar-go has %d entries for 2028; extend the seed", n)
	}
}

// TestSeed_ConcurrentInstances starts the seed in several transactions at
// once, as servers starting together on one PostgreSQL do: the data is
// seeded once and audited once.
func TestSeed_ConcurrentInstances(t *testing.T) {
	db := testkit.NewPostgresDB(t)
	rec := audit.NewRecorder(time.Now)
	ctx := context.Background()
	var wg sync.WaitGroup
	failures := make(chan error, 4)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			failures <- db.WithTx(ctx, func(tx *sql.Tx) error { return Seed(ctx, tx, rec, time.Now()) })
		}()
	}
	wg.Wait()
	close(failures)
	for err := range failures {
		if err != nil {
			t.Fatal(err)
		}
	}
	f := fixture{db: db, rec: rec, cal: New(db, rec, time.Now)}
	if n := len(f.events(t, "calendar.seed")); n != 1 {
		t.Fatalf("calendar.seed events = %d, want 1", n)
	}
	if days, _ := f.cal.Days(ctx, 2026); len(days) != 39 {
		t.Fatalf("2026 has %d exceptions", len(days))
	}
	f.assertChainOK(t)
}
