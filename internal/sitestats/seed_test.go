package sitestats

import (
	"context"
	"net/http"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/testkit"
)

func TestSeedDemo(t *testing.T) {
	e := newEnv(t, Deps{})
	ok, err := e.svc.SeedDemo(context.Background(), 60)
	if err != nil || !ok {
		t.Fatalf("SeedDemo = %v, %v", ok, err)
	}
	if ok, err := e.svc.SeedDemo(context.Background(), 60); err != nil || ok {
		t.Fatalf("second SeedDemo = %v, %v; want nothing done", ok, err)
	}
	rep, err := e.svc.Report(as(jianguan), Filter{From: day1.AddDays(-60), To: day1.AddDays(-1)})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Demo == nil || rep.Demo.From != day1.AddDays(-60) || rep.Demo.To != day1.AddDays(-1) {
		t.Errorf("demo range = %+v", rep.Demo)
	}
	var modViews int64
	for _, m := range rep.Modules {
		modViews += m.Views
	}
	if rep.Views == 0 || modViews != rep.Views || len(rep.NoResults) != len(demoMissing) || len(rep.Items) != 2 {
		t.Errorf("demo report: %d views (modules %d), %d no-result terms, %d items", rep.Views, modViews,
			len(rep.NoResults), len(rep.Items))
	}
	for _, d := range rep.Days {
		if d.Visitors > d.Views || d.Views == 0 {
			t.Errorf("%s: %d visitors of %d views", d.Day, d.Visitors, d.Views)
		}
	}
	if evs := testkit.AuditEvents(t, e.db, "sitestats.seed_demo"); len(evs) != 1 {
		t.Errorf("seed audit events = %d", len(evs))
	}
	testkit.Check(t, "page", testkit.Do(t, e.router(t), as(jianguan), "GET", "/sitestats", nil),
		testkit.Want{Status: http.StatusOK, Contains: []string{"演示数据：", "白蚁防治"}})
	if rep, _ := e.svc.Report(as(jianguan), Filter{From: day1, To: day1}); rep.Demo != nil {
		t.Error("today is not demo data")
	}
}
