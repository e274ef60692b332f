package indicator

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// fakeQuality is a data-quality Source: one record per test region and
// day, failing on odd days.
type fakeQuality struct{}

func (fakeQuality) Codes() []string { return []string{CompletenessRate} }

func (fakeQuality) Figures(ctx context.Context, from, to calendar.Date) ([]Figure, error) {
	var out []Figure
	for d := from; d.Before(to); d = d.AddDays(1) {
		if d.Before(calendar.NewDate(2026, 3, 1)) || d.After(calendar.NewDate(2026, 3, 20)) {
			continue
		}
		for i, r := range testRegions {
			out = append(out, Figure{Code: CompletenessRate, RegionCode: r, Day: d, Denominator: 1,
				Numerator: one(d.Day()%2 == 0 || i == 0),
				Ref:       Ref{Kind: "record", Key: fmt.Sprintf("rec:%s:%s", r, d), Label: "记录 " + d.String()}})
		}
	}
	return out, nil
}

// TestDrill_TotalsEqualValues drills into every indicator's value for
// every region and the city and requires the list's totals to equal the
// stored numerator and denominator, and the pages to add up to Total.
func TestDrill_TotalsEqualValues(t *testing.T) {
	e := newEnv(t)
	e.svc.source = fakeQuality{}
	e.generate(t, 4)
	if err := e.svc.Recompute(context.Background()); err != nil {
		t.Fatal(err)
	}
	march := calendar.NewDate(2026, 3, 1)
	for _, d := range Catalogue {
		for _, region := range append([]string{CityWide}, testRegions...) {
			what := d.Code + " " + region
			dr, err := e.svc.Drill(cityOps, DrillQuery{Code: d.Code, Region: region, Period: Month, Start: march, Limit: 500})
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			if dr.Stale || dr.Numerator != dr.Stored.Numerator || dr.Denominator != dr.Stored.Denominator {
				t.Errorf("%s: drill %v/%v, stored %v/%v", what, dr.Numerator, dr.Denominator, dr.Stored.Numerator, dr.Stored.Denominator)
			}
			if !sameValue(dr.Value, dr.Stored.Value) {
				t.Errorf("%s: drill value %s, stored %s", what, show(dr.Value), show(dr.Stored.Value))
			}
			checkList(t, e, what, dr)
		}
	}
	if p := stored(t, e, CompletenessRate, "511700", Month, march); p.Value == nil || *p.Value != 100 {
		t.Errorf("511700 completeness = %s, want 100", show(p.Value))
	}
}

// checkList pages through a drill-down and sums it.
func checkList(t *testing.T, e *env, what string, dr Drill) {
	t.Helper()
	var num, den float64
	n := 0
	for off := 0; ; off += 7 {
		pg, err := e.svc.Drill(cityOps, DrillQuery{Code: dr.Definition.Code, Region: dr.RegionCode, Period: Month,
			Start: dr.Start, Limit: 7, Offset: off})
		e.must(t, err)
		if len(pg.Items) == 0 {
			break
		}
		for _, f := range pg.Items {
			num, den, n = num+f.Numerator, den+f.Denominator, n+1
		}
	}
	if n != dr.Total || math.Abs(num-dr.Numerator) > 1e-9 || math.Abs(den-dr.Denominator) > 1e-9 {
		t.Errorf("%s: list of %d sums to %v/%v; drill total %d, %v/%v", what, n, num, den, dr.Total, dr.Numerator, dr.Denominator)
	}
}

func sameValue(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return math.Abs(*a-*b) < 1e-3
}

// TestQuality_NoSourceMeansNoData: without a Source the data-quality
// indicators have no value (暂无数据), not 0.
func TestQuality_NoSourceMeansNoData(t *testing.T) {
	e := newEnv(t)
	e.generate(t, 1)
	e.must(t, e.svc.Recompute(context.Background()))
	p := stored(t, e, ReportSuccessRate, CityWide, Month, calendar.NewDate(2026, 3, 1))
	if p.Value != nil || p.Denominator != 0 {
		t.Errorf("report_success_rate without source = %+v, want no data", p)
	}
	if got := (Definition{Unit: "%"}).Show(p.Value); got != "暂无数据" {
		t.Errorf("Show(nil) = %q", got)
	}
}

// TestAccess_CountyScope: a county head sees only their county; the
// city-wide aggregate and other counties are forbidden.
func TestAccess_CountyScope(t *testing.T) {
	e := newEnv(t)
	e.must(t, e.svc.Recompute(context.Background()))
	head := as(access.DeptHead, "511702")
	march := calendar.NewDate(2026, 3, 1)
	m, err := e.svc.Matrix(head, Month, march)
	e.must(t, err)
	if len(m.Rows) != 1 || m.Rows[0].RegionCode != "511702" {
		t.Errorf("county matrix rows = %+v", m.Rows)
	}
	for _, region := range []string{CityWide, "511725"} {
		if _, err := e.svc.Drill(head, DrillQuery{Code: OverdueRate, Region: region, Period: Month, Start: march}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("county head drilling %s: %v, want Forbidden", region, err)
		}
	}
	if _, err := e.svc.Matrix(as(access.Applicant, "511702"), Month, march); !errs.Is(err, errs.Forbidden) {
		t.Errorf("enterprise matrix: %v, want Forbidden", err)
	}
	if _, err := e.svc.UpdateDefinition(head, OverdueRate, InputOf(Catalogue[12])); !errs.Is(err, errs.Forbidden) {
		t.Errorf("county head editing: %v, want Forbidden", err)
	}
}
