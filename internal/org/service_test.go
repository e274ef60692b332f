package org

import (
	"context"
	"strconv"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

func TestService_Lookups(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	regions, err := f.svc.Regions(ctx)
	if err != nil || len(regions) != 10 || regions[0].Code != "511700" || regions[9].Code != "511772" {
		t.Fatalf("Regions = %d regions, %v", len(regions), err)
	}
	if _, err := f.svc.RegionByCode(ctx, "110000"); !errs.Is(err, errs.NotFound) {
		t.Fatalf("RegionByCode(unknown) err = %v, want NotFound", err)
	}
	if r, err := f.svc.RegionByID(ctx, regions[6].ID); err != nil || r.Name != "渠县" {
		t.Fatalf("RegionByID = %+v, %v", r, err)
	}
	if _, err := f.svc.RegionByID(ctx, 99999); !errs.Is(err, errs.NotFound) {
		t.Fatalf("RegionByID(unknown) err = %v", err)
	}
	zj := f.mustUnit(t, "511702", "zj")
	if zj.Name != "通川区住房和城乡建设局" || zj.RegionName != "通川区" || zj.RegionCode != "511702" {
		t.Fatalf("通川 zj = %+v", zj)
	}
	if u, err := f.svc.Unit(ctx, zj.ID); err != nil || u != zj {
		t.Fatalf("Unit = %+v, %v", u, err)
	}
	if _, err := f.svc.Unit(ctx, 99999); !errs.Is(err, errs.NotFound) {
		t.Fatalf("Unit(unknown) err = %v", err)
	}
	power := f.mustUnit(t, "511725", "power")
	got, err := f.svc.UnitsByIDs(ctx, []int64{zj.ID, power.ID, zj.ID, 99999})
	if err != nil || len(got) != 2 || got[zj.ID].Name != zj.Name || got[power.ID].Name != "国网四川省电力公司渠县供电分公司" {
		t.Fatalf("UnitsByIDs = %v, %v", got, err)
	}
	if got, err := f.svc.UnitsByIDs(ctx, nil); err != nil || got == nil || len(got) != 0 {
		t.Fatalf("UnitsByIDs(nil) = %v, %v", got, err)
	}
	if _, err := f.svc.UnitByFunction(ctx, "511702", "nope"); !errs.Is(err, errs.NotFound) {
		t.Fatalf("UnitByFunction(unknown) err = %v", err)
	}
}

func TestService_ListUnits(t *testing.T) {
	f := newFixture(t)
	perRegion := len(functions)
	t.Run("window clerk sees only own county", func(t *testing.T) {
		units, err := f.svc.ListUnits(as(tongchuanClerk), UnitFilter{})
		if err != nil || len(units) != perRegion {
			t.Fatalf("ListUnits = %d units, %v; want %d", len(units), err, perRegion)
		}
		for _, u := range units {
			if u.RegionCode != "511702" {
				t.Fatalf("clerk of 通川区 sees %s of %s", u.Name, u.RegionName)
			}
		}
	})
	t.Run("ErrForbidden other county filter", func(t *testing.T) {
		_, err := f.svc.ListUnits(as(tongchuanClerk), UnitFilter{RegionCode: "511725"})
		if !errs.Is(err, errs.Forbidden) {
			t.Fatalf("err = %v, want Forbidden", err)
		}
	})
	t.Run("city admin sees all", func(t *testing.T) {
		units, err := f.svc.ListUnits(as(cityAdmin), UnitFilter{})
		if err != nil || len(units) != 10*perRegion {
			t.Fatalf("ListUnits = %d, %v", len(units), err)
		}
	})
	t.Run("filters", func(t *testing.T) {
		ctx := as(cityAdmin)
		assertCount(t, ctx, f.svc, UnitFilter{RegionCode: "511725"}, perRegion)
		assertCount(t, ctx, f.svc, UnitFilter{Kind: KindUtility}, 50)
		assertCount(t, ctx, f.svc, UnitFilter{RegionCode: "511722", Kind: KindWindow}, 1)
		assertCount(t, ctx, f.svc, UnitFilter{Query: "住房和城乡建设局"}, 16) // city + 7 counties, each bureau and its 消防审验 科/股; zones run a 建设局
		assertCount(t, ctx, f.svc, UnitFilter{Query: "100%"}, 0)
		assertCount(t, ctx, f.svc, UnitFilter{Query: "渠县供电"}, 1)
	})
	t.Run("ErrInvalid kind", func(t *testing.T) {
		_, err := f.svc.ListUnits(as(cityAdmin), UnitFilter{Kind: "bureau"})
		assertField(t, err, "kind", "机构类别无效")
	})
	t.Run("ErrUnauthenticated", func(t *testing.T) {
		_, err := f.svc.ListUnits(context.Background(), UnitFilter{})
		if !errs.Is(err, errs.Unauthenticated) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrForbidden applicant", func(t *testing.T) {
		_, err := f.svc.ListUnits(as(staff(access.Applicant, "511702")), UnitFilter{})
		if !errs.Is(err, errs.Forbidden) {
			t.Fatalf("err = %v", err)
		}
	})
}

func assertCount(t *testing.T, ctx context.Context, svc *Service, f UnitFilter, want int) {
	t.Helper()
	units, err := svc.ListUnits(ctx, f)
	if err != nil || len(units) != want {
		t.Fatalf("ListUnits(%+v) = %d units, %v; want %d", f, len(units), err, want)
	}
}

func TestService_ViewUnit(t *testing.T) {
	f := newFixture(t)
	own, other := f.mustUnit(t, "511702", "zj"), f.mustUnit(t, "511725", "zj")
	if u, err := f.svc.ViewUnit(as(tongchuanClerk), own.ID); err != nil || u.ID != own.ID {
		t.Fatalf("ViewUnit(own) = %+v, %v", u, err)
	}
	if _, err := f.svc.ViewUnit(as(tongchuanClerk), other.ID); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("ViewUnit(渠县) err = %v, want Forbidden", err)
	}
	if _, err := f.svc.ViewUnit(as(cityAdmin), other.ID); err != nil {
		t.Fatalf("city admin ViewUnit(渠县): %v", err)
	}
	if _, err := f.svc.ViewUnit(as(cityAdmin), 99999); !errs.Is(err, errs.NotFound) {
		t.Fatalf("ViewUnit(unknown) err = %v", err)
	}
}

func TestService_CreateUnit(t *testing.T) {
	f := newFixture(t)
	agency := Unit{RegionCode: "511702", Kind: KindAgency, FunctionCode: "survey", Name: "通川区某测绘有限公司",
		CreditCode: "91510100ma6cguga1w", Phone: "0818-2123456", SortOrder: 500}
	t.Run("OK", func(t *testing.T) {
		u, err := f.svc.CreateUnit(as(tongchuanAdmin), agency)
		if err != nil {
			t.Fatal(err)
		}
		if u.ID == 0 || !u.Active || u.RegionName != "通川区" || u.CreditCode != "91510100MA6CGUGA1W" {
			t.Fatalf("created %+v", u)
		}
		evs := f.events(t, "org.unit.create")
		if len(evs) != 1 || evs[0].ObjectID != strconv.FormatInt(u.ID, 10) || evs[0].RegionCode != "511702" {
			t.Fatalf("audit events %+v", evs)
		}
	})
	tests := []struct {
		name   string
		p      *access.Principal
		change func(*Unit)
		kind   errs.Kind
		field  string
		msg    string
	}{
		{"ErrForbidden other county", quxianAdmin, func(*Unit) {}, errs.Forbidden, "", ""},
		{"ErrForbidden clerk", tongchuanClerk, func(*Unit) {}, errs.Forbidden, "", ""},
		{"ErrInvalid credit code", tongchuanAdmin, func(u *Unit) { u.CreditCode = "91510100MA6CGUGA1X" }, errs.Invalid, "credit_code", "校验位"},
		{"ErrInvalid empty name", tongchuanAdmin, func(u *Unit) { u.Name = " " }, errs.Invalid, "name", "请填写机构名称"},
		{"ErrInvalid phone", tongchuanAdmin, func(u *Unit) { u.Phone = "电话" }, errs.Invalid, "phone", "数字"},
		{"ErrInvalid unknown region", cityAdmin, func(u *Unit) { u.RegionCode = "110000" }, errs.Invalid, "region_code", "不存在"},
		{"ErrInvalid parent in other county", tongchuanAdmin, func(u *Unit) {
			u.ParentID = f.mustUnit(t, "511725", "zj").ID
		}, errs.Invalid, "parent_id", "同一区县"},
		{"ErrConflict same name", tongchuanAdmin, func(u *Unit) { u.Name = "通川区水务局" }, errs.Conflict, "name", "已有名为"},
		{"ErrConflict second active department", tongchuanAdmin, func(u *Unit) {
			u.Kind, u.FunctionCode, u.Name = KindDepartment, "zj", "通川区第二住建局"
		}, errs.Conflict, "function_code", "已有该职能的启用部门"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := agency
			u.Name = "通川区另一家测绘公司"
			tt.change(&u)
			_, err := f.svc.CreateUnit(as(tt.p), u)
			if !errs.Is(err, tt.kind) {
				t.Fatalf("err = %v, want kind %v", err, tt.kind)
			}
			if tt.field != "" {
				assertField(t, err, tt.field, tt.msg)
			}
		})
	}
	if n := len(f.events(t, "org.unit.create")); n != 1 {
		t.Fatalf("failed creates left %d create events, want 1", n)
	}
	f.assertChainOK(t)
}
