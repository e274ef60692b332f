package project

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

func ptr[T any](v T) *T { return &v }

func TestService_Update(t *testing.T) {
	f := newScopeFixture(t)
	t.Run("OK with the changed fields audited", func(t *testing.T) {
		pr, err := f.svc.Update(as(tcClerk), f.tcA.ID, Update{Name: ptr(" 改名后的仓储项目 "), Investment: ptr(Money(4_000_00)),
			SiteGeoJSON: ptr(square), Address: ptr(f.tcA.Address)})
		if err != nil {
			t.Fatal(err)
		}
		if pr.Name != "改名后的仓储项目" || pr.Investment != 4_000_00 || pr.Site == nil || !pr.UpdatedAt.After(f.tcA.UpdatedAt) {
			t.Fatalf("updated %+v", pr)
		}
		evs := f.events(t, "project.update")
		if len(evs) != 1 {
			t.Fatalf("%d events", len(evs))
		}
		d := evs[0].Detail
		for _, want := range []string{`"name":{"before":"测试仓储项目000001","after":"改名后的仓储项目"}`,
			`"investment":{"before":"3800.50","after":"4000.00"}`, `"site":{"before":null,"after":{"area_m2":"10566.62","sha256":`} {
			if !strings.Contains(d, want) {
				t.Errorf("detail %s lacks %s", d, want)
			}
		}
		if strings.Contains(d, "address") {
			t.Errorf("unchanged address recorded: %s", d)
		}
	})
	t.Run("a no-op writes nothing", func(t *testing.T) {
		if _, err := f.svc.Update(as(tcClerk), f.tcA.ID, Update{Name: ptr("改名后的仓储项目")}); err != nil {
			t.Fatal(err)
		}
		if n := len(f.events(t, "project.update")); n != 1 {
			t.Fatalf("%d events after a no-op", n)
		}
	})
	t.Run("the owner enterprise removes the site", func(t *testing.T) {
		pr, err := f.svc.Update(as(applicant(f.entA, "511702")), f.tcA.ID, Update{SiteGeoJSON: ptr("")})
		if err != nil || pr.Site != nil {
			t.Fatalf("%+v %v", pr.Site, err)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		_, err := f.svc.Update(as(tcClerk), f.tcA.ID, Update{Name: ptr(""), Investment: ptr(Money(-5)),
			SiteGeoJSON: ptr("{}"), Address: ptr(strings.Repeat("路", 201))})
		for _, field := range []string{"name", "investment", "site_geojson", "address"} {
			assertField(t, err, field, "")
		}
	})
	for _, tc := range []struct {
		name string
		p    *access.Principal
		kind errs.Kind
	}{
		{"another enterprise gets NotFound", applicant(f.entB, "511725"), errs.NotFound},
		{"another county's clerk is forbidden", qxClerk, errs.Forbidden},
		{"a reviewer may only view", tcReviewer, errs.Forbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := f.svc.Update(as(tc.p), f.tcA.ID, Update{Name: ptr("偷改")}); !errs.Is(err, tc.kind) {
				t.Fatalf("err %v, want %v", err, tc.kind)
			}
			if _, err := f.svc.AddWork(as(tc.p), f.tcA.ID, Work{Code: f.tcA.Code, Name: "偷加"}); !errs.Is(err, tc.kind) {
				t.Fatalf("AddWork err %v, want %v", err, tc.kind)
			}
		})
	}
	f.assertChainOK(t)
}

func TestService_AddWork(t *testing.T) {
	f := newScopeFixture(t)
	w, err := f.svc.AddWork(as(applicant(f.entA, "511702")), f.tcA.ID, Work{Code: " " + f.tcA.Code + "-001 ", Name: "2#仓库", BuildingArea: 4300})
	if err != nil || w.ID == 0 || w.Code != f.tcA.Code+"-001" || w.CreatedAt.IsZero() {
		t.Fatalf("AddWork = %+v, %v", w, err)
	}
	pr, _ := f.svc.Get(as(tcClerk), f.tcA.ID)
	if len(pr.Works) != 1 || pr.Works[0] != w {
		t.Fatalf("works %+v, want [%+v]", pr.Works, w)
	}
	_, err = f.svc.AddWork(as(tcClerk), f.tcA.ID, Work{Code: f.qxB.Code, Name: "", BuildingArea: -1})
	for _, field := range []string{"code", "name", "building_area_m2"} {
		assertField(t, err, field, "")
	}
	evs := f.events(t, "project.work.add")
	if len(evs) != 1 || evs[0].ObjectID != f.tcA.Code || !strings.Contains(evs[0].Detail, `"work_code":"`+w.Code+`"`) {
		t.Fatalf("events %+v", evs)
	}
	f.assertChainOK(t)
}

func TestAdvanceStage(t *testing.T) {
	f := newScopeFixture(t)
	ctx := context.Background()
	advance := func(id int64, stage int) error {
		return f.db.WithTx(ctx, func(tx *sql.Tx) error { return AdvanceStage(ctx, tx, id, stage) })
	}
	stageOf := func() int {
		pr, err := f.svc.Get(as(supervisor), f.tcA.ID)
		if err != nil {
			t.Fatal(err)
		}
		return pr.Stage
	}
	for _, step := range []struct{ to, want int }{{2, 2}, {1, 2}, {2, 2}, {3, 3}, {5, 5}, {4, 5}} {
		if err := advance(f.tcA.ID, step.to); err != nil {
			t.Fatalf("AdvanceStage(%d): %v", step.to, err)
		}
		if got := stageOf(); got != step.want {
			t.Fatalf("after AdvanceStage(%d) the stage is %d, want %d", step.to, got, step.want)
		}
	}
	for _, bad := range []int{0, -1, 6} {
		if err := advance(f.tcA.ID, bad); !errs.Is(err, errs.Invalid) {
			t.Fatalf("AdvanceStage(%d): %v", bad, err)
		}
	}
	if err := advance(999999, 1); !errs.Is(err, errs.NotFound) {
		t.Fatalf("missing project: %v", err)
	}
	if pr, _ := f.svc.Get(as(supervisor), f.qxB.ID); pr.Stage != 0 {
		t.Fatalf("another project moved to %d", pr.Stage)
	}
	t.Run("rolled back with the caller's transaction", func(t *testing.T) {
		err := f.db.WithTx(ctx, func(tx *sql.Tx) error {
			if err := AdvanceStage(ctx, tx, f.qxB.ID, 3); err != nil {
				return err
			}
			return errs.E(errs.Conflict, "the case action failed")
		})
		if pr, _ := f.svc.Get(as(supervisor), f.qxB.ID); err == nil || pr.Stage != 0 {
			t.Fatalf("stage %d after a rolled-back transaction (%v)", pr.Stage, err)
		}
	})
}
