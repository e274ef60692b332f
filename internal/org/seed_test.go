package org

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

func countRows(t *testing.T, f fixture, table string) int {
	t.Helper()
	var n int
	if err := f.db.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSeed_Idempotent(t *testing.T) {
	db := testkit.NewDB(t)
	f := fixture{db: db, rec: audit.NewRecorder(time.Now)}
	f.svc = NewService(db, f.rec, time.Now)
	f.mustSeed(t)
	regions, units := countRows(t, f, "regions"), countRows(t, f, "org_units")
	if regions != 10 || units != 10*len(seedUnitsFor(seedRegions[0])) {
		t.Fatalf("after first seed: %d regions, %d units; want 10 and %d", regions, units, 10*17)
	}
	f.mustSeed(t)
	if r, u := countRows(t, f, "regions"), countRows(t, f, "org_units"); r != regions || u != units {
		t.Fatalf("second seed changed counts: %d/%d regions, %d/%d units", r, regions, u, units)
	}
	evs := f.events(t, "org.seed")
	if len(evs) != 1 {
		t.Fatalf("org.seed events = %d, want 1 (the second run inserts nothing)", len(evs))
	}
	var detail map[string]int
	if err := json.Unmarshal([]byte(evs[0].Detail), &detail); err != nil {
		t.Fatal(err)
	}
	if detail["regions_added"] != 10 || detail["units_added"] != units {
		t.Fatalf("org.seed detail = %v", detail)
	}
	f.assertChainOK(t)
}

func TestSeed_EveryRegionHasEveryFunction(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	regions, err := f.svc.Regions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range regions {
		stem := seedStem(t, r.Code)
		for _, fn := range functions {
			u := f.mustUnit(t, r.Code, fn.Code)
			if u.Kind != fn.Kind || !u.Active {
				t.Errorf("%s %s: kind %s active %v", r.Name, fn.Code, u.Kind, u.Active)
			}
			if !strings.Contains(u.Name, stem) {
				t.Errorf("%s %s: name %q does not name the place %q", r.Name, fn.Code, u.Name, stem)
			}
		}
		window, zwfw := f.mustUnit(t, r.Code, "window"), f.mustUnit(t, r.Code, "zwfw")
		if window.ParentID != zwfw.ID || !strings.HasSuffix(window.Name, "政务服务中心工程建设项目综合窗口") {
			t.Errorf("%s window %+v, want under %d", r.Name, window, zwfw.ID)
		}
		if xfsy, zj := f.mustUnit(t, r.Code, "xfsy"), f.mustUnit(t, r.Code, "zj"); xfsy.ParentID != zj.ID {
			t.Errorf("%s 消防审验 parent %d, want 住建 %d", r.Name, xfsy.ParentID, zj.ID)
		}
	}
}

func seedStem(t *testing.T, code string) string {
	t.Helper()
	for _, sr := range seedRegions {
		if sr.Code == code {
			return sr.stem
		}
	}
	t.Fatalf("no seed region %s", code)
	return ""
}

func TestSeed_Regions(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	city, err := f.svc.RegionByCode(ctx, "511700")
	if err != nil || city.Name != "达州市本级" || city.Kind != KindCity || city.ParentID != 0 {
		t.Fatalf("city = %+v, %v", city, err)
	}
	tests := []struct {
		code, name, kind, reporting string
		internal                    bool
	}{
		{"511702", "通川区", KindDistrict, "511702", false},
		{"511703", "达川区", KindDistrict, "511703", false},
		{"511722", "宣汉县", KindCounty, "511722", false},
		{"511723", "开江县", KindCounty, "511723", false},
		{"511724", "大竹县", KindCounty, "511724", false},
		{"511725", "渠县", KindCounty, "511725", false},
		{"511781", "万源市", KindCountyCity, "511781", false},
		{"511771", "达州高新区", KindZone, "511771", false},
		{"511772", "东部经开区", KindZone, "511703", true},
	}
	for _, tt := range tests {
		r, err := f.svc.RegionByCode(ctx, tt.code)
		if err != nil {
			t.Fatalf("%s: %v", tt.code, err)
		}
		if r.Name != tt.name || r.Kind != tt.kind || r.ReportingCode != tt.reporting ||
			r.CodeIsInternal != tt.internal || r.ParentID != city.ID {
			t.Errorf("region %s = %+v", tt.code, r)
		}
		if tt.kind == KindZone && r.Note == "" {
			t.Errorf("zone %s has no note on its code", tt.code)
		}
	}
	if got, _ := f.svc.RegionByCode(ctx, "511772"); !strings.Contains(got.Note, "内部编码") {
		t.Errorf("东部经开区 note = %q, want it to say the code is internal", got.Note)
	}
}

func TestSeed_KeepsRenamedAndRestoresMissing(t *testing.T) {
	f := newFixture(t)
	before := countRows(t, f, "org_units")
	zj := f.mustUnit(t, "511725", "zj")
	zj.Name = "渠县住建局"
	if _, err := f.svc.UpdateUnit(as(cityAdmin), zj); err != nil {
		t.Fatal(err)
	}
	gas := f.mustUnit(t, "511725", "gas")
	if _, err := f.db.Exec(`DELETE FROM org_units WHERE id = $1`, gas.ID); err != nil {
		t.Fatal(err)
	}
	f.mustSeed(t)
	if after := countRows(t, f, "org_units"); after != before {
		t.Fatalf("units after reseed = %d, want %d", after, before)
	}
	if got := f.mustUnit(t, "511725", "zj"); got.Name != "渠县住建局" {
		t.Fatalf("renamed 住建 = %q; seed must not undo an administrator's edit", got.Name)
	}
	if got := f.mustUnit(t, "511725", "gas"); got.Name != gas.Name {
		t.Fatalf("restored gas = %q, want %q", got.Name, gas.Name)
	}
	f.assertChainOK(t)
}

func TestSeed_InCallersTransaction(t *testing.T) {
	db := testkit.NewDB(t)
	rec := audit.NewRecorder(time.Now)
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := Seed(ctx, tx, rec, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM regions`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("regions after rollback = %d, %v; want 0", n, err)
	}
}
