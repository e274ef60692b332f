package anomaly

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/history"
	"github.com/dazhou-gongai/gongai/internal/indicator"
	"github.com/dazhou-gongai/gongai/internal/notify"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// indicatorSource gives the rules the indicator registry's daily values, as
// the app wires them (a day without a value is left out).
type indicatorSource struct{ ind *indicator.Service }

func (a indicatorSource) Series(ctx context.Context, code, region, period string, from, to time.Time) ([]Point, error) {
	pts, err := a.ind.Series(ctx, code, region, period, calendar.DateOf(from), calendar.DateOf(to).AddDays(-1))
	var out []Point
	for _, p := range pts {
		if p.Value != nil {
			out = append(out, Point{Start: p.Start.Time(), Value: *p.Value, Numerator: p.Numerator, Denominator: p.Denominator})
		}
	}
	return out, err
}

func (a indicatorSource) Indicators(ctx context.Context) ([]Indicator, error) {
	defs, err := a.ind.Definitions(ctx)
	out := make([]Indicator, len(defs))
	for i, d := range defs {
		out[i] = Indicator{Code: d.Code, Name: d.Name, Unit: d.Unit}
	}
	return out, err
}

// demoAlerts seeds a fresh installation as the app does on first start at
// now (reference data, indicator registry, default rules, the generated
// demo history), computes the indicators and runs the first evaluation; it
// returns the alerts then open.
func demoAlerts(t *testing.T, now time.Time) []Alert {
	t.Helper()
	db := testkit.NewDB(t)
	clock := func() time.Time { return now }
	rec := audit.NewRecorder(clock)
	ctx := context.Background()
	for _, fn := range []func(tx *sql.Tx) error{
		func(tx *sql.Tx) error { return org.Seed(ctx, tx, rec, now) },
		func(tx *sql.Tx) error { return calendar.Seed(ctx, tx, rec, now) },
		func(tx *sql.Tx) error { return catalog.Seed(ctx, tx, rec, now) },
		func(tx *sql.Tx) error { return indicator.Seed(ctx, tx, rec, now) },
		func(tx *sql.Tx) error { return SeedRules(ctx, tx, rec, now) },
	} {
		if err := db.WithTx(ctx, fn); err != nil {
			t.Fatal(err)
		}
	}
	if _, ran, err := history.New(history.DepsFor(db, clock)).SeedDemo(ctx, now); err != nil || !ran {
		t.Fatalf("demo history: ran %v, %v", ran, err)
	}
	cal, orgs := calendar.New(db, rec, clock), org.NewService(db, rec, clock)
	ind := indicator.NewService(indicator.Deps{DB: db, Audit: rec, Calendar: cal, Regions: orgs, Now: clock})
	if err := ind.Recompute(ctx); err != nil {
		t.Fatal(err)
	}
	svc := NewService(Deps{DB: db, Audit: rec, Source: indicatorSource{ind}, Regions: orgs, Calendar: cal,
		Notify: notify.NewService(db, clock), Now: clock})
	if _, err := svc.Evaluate(ctx, now); err != nil {
		t.Fatal(err)
	}
	q := &query{}
	q.filter(Filter{State: "active"}, nil)
	alerts, _, err := selectAlerts(ctx, db, q, Filter{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	return alerts
}

// TestDemo_PlantedAnomalyFires: on a fresh demo installation the first
// evaluation raises a firing alert that names 渠县 and 逾期率 and explains
// itself (the five working days' rate with its counts, and what it was
// compared with), from the overdue spike history.DemoParams plants in
// 渠县's last ten working days, with the default rules as seeded (minimum
// sample 5). Two starting days: a Saturday, and the day after a holiday.
func TestDemo_PlantedAnomalyFires(t *testing.T) {
	for _, now := range []time.Time{
		time.Date(2026, 11, 28, 1, 0, 0, 0, time.UTC), time.Date(2026, 5, 6, 1, 0, 0, 0, time.UTC),
	} {
		alerts := demoAlerts(t, now)
		var found *Alert
		for i, a := range alerts {
			if a.State == Firing && a.RegionCode == "511725" && a.IndicatorCode == "overdue_rate" {
				found = &alerts[i]
			}
		}
		if found == nil {
			t.Errorf("started %s: no firing 渠县 逾期率 alert among %d open", now.Format(time.DateOnly), len(alerts))
			continue
		}
		if e := found.Explanation; !strings.HasPrefix(e, "渠县 逾期率（截至 ") || !strings.Contains(e, "的近 5 个工作日合计） ") ||
			!strings.Contains(e, "倍标准差（阈值 3）") {
			t.Errorf("started %s: explanation %q", now.Format(time.DateOnly), e)
		}
	}
}
