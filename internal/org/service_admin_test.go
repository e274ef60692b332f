package org

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

func TestService_UpdateUnit(t *testing.T) {
	f := newFixture(t)
	zj := f.mustUnit(t, "511702", "zj")
	t.Run("OK audited with before and after", func(t *testing.T) {
		u := zj
		u.Phone, u.ShortName = "0818-2345678", "通川住建"
		got, err := f.svc.UpdateUnit(as(tongchuanAdmin), u)
		if err != nil || got.Phone != "0818-2345678" || got.Name != zj.Name || !got.Active {
			t.Fatalf("UpdateUnit = %+v, %v", got, err)
		}
		evs := f.events(t, "org.unit.update")
		if len(evs) != 1 || evs[0].RegionCode != "511702" {
			t.Fatalf("events = %+v", evs)
		}
		var d struct{ Changes map[string]change }
		if err := json.Unmarshal([]byte(evs[0].Detail), &d); err != nil {
			t.Fatal(err)
		}
		if len(d.Changes) != 2 || d.Changes["phone"].Before != "" || d.Changes["phone"].After != "0818-2345678" ||
			d.Changes["short_name"].Before != zj.ShortName {
			t.Fatalf("detail = %s", evs[0].Detail)
		}
	})
	t.Run("no change writes nothing", func(t *testing.T) {
		cur, _ := f.svc.Unit(as(cityAdmin), zj.ID)
		if _, err := f.svc.UpdateUnit(as(cityAdmin), cur); err != nil {
			t.Fatal(err)
		}
		if n := len(f.events(t, "org.unit.update")); n != 1 {
			t.Fatalf("update events = %d, want 1", n)
		}
	})
	t.Run("ErrForbidden other county admin", func(t *testing.T) {
		u := zj
		u.Phone = "0818-1111111"
		if _, err := f.svc.UpdateUnit(as(quxianAdmin), u); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("err = %v, want Forbidden", err)
		}
		if _, err := f.svc.UpdateUnit(as(tongchuanClerk), u); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("clerk err = %v, want Forbidden", err)
		}
	})
	t.Run("ErrInvalid fields", func(t *testing.T) {
		u := zj
		u.Name, u.CreditCode = "", "123"
		_, err := f.svc.UpdateUnit(as(tongchuanAdmin), u)
		assertField(t, err, "name", "请填写机构名称")
		assertField(t, err, "credit_code", "18位")
	})
	t.Run("ErrInvalid region change", func(t *testing.T) {
		u := zj
		u.RegionCode = "511725"
		assertField(t, errOnly(f.svc.UpdateUnit(as(cityAdmin), u)), "region_code", "不能修改")
	})
	t.Run("ErrInvalid parent cycle", func(t *testing.T) {
		xfsy := f.mustUnit(t, "511702", "xfsy") // child of zj
		u, _ := f.svc.Unit(as(cityAdmin), zj.ID)
		u.ParentID = xfsy.ID
		assertField(t, errOnly(f.svc.UpdateUnit(as(cityAdmin), u)), "parent_id", "下级机构")
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := f.svc.UpdateUnit(as(cityAdmin), Unit{ID: 99999}); !errs.Is(err, errs.NotFound) {
			t.Fatalf("err = %v", err)
		}
	})
	f.assertChainOK(t)
}

func errOnly(_ any, err error) error { return err }

func TestService_SetUnitActive(t *testing.T) {
	f := newFixture(t)
	rf := f.mustUnit(t, "511702", "rf")
	if err := f.svc.SetUnitActive(as(quxianAdmin), rf.ID, false); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("other county err = %v, want Forbidden", err)
	}
	if err := f.svc.SetUnitActive(as(tongchuanAdmin), rf.ID, false); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.UnitByFunction(as(cityAdmin), "511702", "rf"); !errs.Is(err, errs.NotFound) {
		t.Fatalf("inactive unit still found by function: %v", err)
	}
	assertCount(t, as(tongchuanClerk), f.svc, UnitFilter{Kind: KindDepartment}, 10)
	assertCount(t, as(tongchuanClerk), f.svc, UnitFilter{Kind: KindDepartment, IncludeInactive: true}, 11)
	if err := f.svc.SetUnitActive(as(tongchuanAdmin), rf.ID, false); err != nil {
		t.Fatal(err) // setting the same state again is a no-op
	}
	// A replacement department takes the function; the old one cannot come back.
	repl := Unit{RegionCode: "511702", Kind: KindDepartment, FunctionCode: "rf", Name: "通川区人防事务中心"}
	if _, err := f.svc.CreateUnit(as(tongchuanAdmin), repl); err != nil {
		t.Fatal(err)
	}
	err := f.svc.SetUnitActive(as(tongchuanAdmin), rf.ID, true)
	if !errs.Is(err, errs.Conflict) || !strings.Contains(errs.Message(err), "通川区人防事务中心") {
		t.Fatalf("reactivate err = %v, want Conflict naming the holder", err)
	}
	if n := len(f.events(t, "org.unit.deactivate")); n != 1 {
		t.Fatalf("deactivate events = %d, want 1", n)
	}
	f.assertChainOK(t)
}

func TestService_UpdateRegion(t *testing.T) {
	f := newFixture(t)
	zone, err := f.svc.RegionByCode(as(cityAdmin), "511772")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OK only editable fields change", func(t *testing.T) {
		r := zone
		r.ReportingCode, r.Note, r.Code, r.Kind, r.CodeIsInternal = "511722", "已确认按宣汉县上报。", "999999", KindCounty, false
		got, err := f.svc.UpdateRegion(as(cityAdmin), r)
		if err != nil {
			t.Fatal(err)
		}
		if got.ReportingCode != "511722" || got.Code != "511772" || got.Kind != KindZone || !got.CodeIsInternal {
			t.Fatalf("UpdateRegion = %+v", got)
		}
		evs := f.events(t, "org.region.update")
		if len(evs) != 1 || evs[0].ObjectID != "511772" || !strings.Contains(evs[0].Detail, `"before":"511703"`) {
			t.Fatalf("events = %+v", evs)
		}
	})
	t.Run("ErrForbidden county admin", func(t *testing.T) {
		qu, _ := f.svc.RegionByCode(as(cityAdmin), "511725")
		qu.Note = "改"
		if _, err := f.svc.UpdateRegion(as(quxianAdmin), qu); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("err = %v, want Forbidden", err)
		}
	})
	t.Run("ErrInvalid reporting code", func(t *testing.T) {
		r := zone
		r.ReportingCode = "510100"
		assertField(t, errOnly(f.svc.UpdateRegion(as(cityAdmin), r)), "reporting_code", "5117")
	})
	t.Run("ErrConflict name", func(t *testing.T) {
		r := zone
		r.Name = "渠县"
		err := errOnly(f.svc.UpdateRegion(as(cityAdmin), r))
		if !errs.Is(err, errs.Conflict) {
			t.Fatalf("err = %v, want Conflict", err)
		}
		assertField(t, err, "name", "已有名为")
	})
	f.assertChainOK(t)
}
