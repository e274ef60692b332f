package project

import (
	"testing"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// scopeFixture registers a 通川区 project of A, a 渠县 project of B and a
// city project of B.
type scopeFixture struct {
	*fixture
	tcA, qxB, cityB Project
}

func newScopeFixture(t *testing.T) scopeFixture {
	f := newFixture(t)
	sf := scopeFixture{fixture: f}
	sf.tcA = f.mustRegister(t, tcClerk, newProject(f.entA, "000001"))
	n := newProject(f.entB, "000002")
	n.Code, n.RegionCode, n.Name, n.FlowType, n.Investment = "2026-511725-70-03-000002", "511725", "渠县滨河住宅", 3, 68_500_00
	sf.qxB = f.mustRegister(t, qxClerk, n)
	n = newProject(f.entB, "000003")
	n.Code, n.RegionCode, n.Name, n.FlowType, n.Investment = "2026-511700-83-01-000003", "511700", "市一中教学楼", 1, 21_000_00
	sf.cityB = f.mustRegister(t, cityClerk, n)
	return sf
}

func TestService_Get_Scope(t *testing.T) {
	f := newScopeFixture(t)
	machine := &access.Principal{APIKeyID: 1, Name: "渠县接口", Assignments: []access.Assignment{{Role: access.Machine, RegionCode: "511725"}}}
	tests := []struct {
		name string
		p    *access.Principal
		pr   Project
		kind errs.Kind // -1: allowed
	}{
		{"a 通川区 clerk sees a 通川区 project", tcClerk, f.tcA, -1},
		{"a 通川区 clerk cannot see a 渠县 project", tcClerk, f.qxB, errs.Forbidden},
		{"a 通川区 clerk cannot see a city project", tcClerk, f.cityB, errs.Forbidden},
		{"the city supervisor sees a county project", supervisor, f.qxB, -1},
		{"an enterprise sees its own project", applicant(f.entA, "511702"), f.tcA, -1},
		{"an enterprise gets NotFound for another's project", applicant(f.entA, "511702"), f.qxB, errs.NotFound},
		{"…even in its own region", applicant(f.entB, "511725"), f.tcA, errs.NotFound},
		{"an enterprise sees its project in another region", applicant(f.entB, "511725"), f.cityB, -1},
		{"a machine client by region", machine, f.qxB, -1},
		{"a machine client of another region", machine, f.tcA, errs.Forbidden},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := f.svc.Get(as(tc.p), tc.pr.ID)
			if tc.kind == -1 {
				if err != nil || got.Code != tc.pr.Code {
					t.Fatalf("Get = %v, %v", got.Code, err)
				}
				return
			}
			if !errs.Is(err, tc.kind) {
				t.Fatalf("Get: %v, want %v", err, tc.kind)
			}
			if _, err := f.svc.ByCode(as(tc.p), tc.pr.Code); !errs.Is(err, tc.kind) {
				t.Fatalf("ByCode: %v, want %v", err, tc.kind)
			}
		})
	}
	if _, err := f.svc.Get(as(supervisor), 999999); !errs.Is(err, errs.NotFound) {
		t.Fatalf("missing project: %v", err)
	}
	if _, err := f.svc.Get(t.Context(), f.tcA.ID); !errs.Is(err, errs.Unauthenticated) {
		t.Fatalf("anonymous: %v", err)
	}
	if _, err := f.svc.Get(as(staff(access.OpsEngineer, "511700")), f.tcA.ID); err != nil {
		t.Fatalf("a city ops engineer reads every project (data governance): %v", err)
	}
	if _, err := f.svc.Get(as(staff(access.Machine, "511725")), f.tcA.ID); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("another county's machine client: %v", err)
	}
}

func codes(p Page) []string {
	out := []string{}
	for _, pr := range p.Items {
		out = append(out, pr.Code)
	}
	return out
}

func TestService_List(t *testing.T) {
	f := newScopeFixture(t)
	stage0 := 0
	stage2 := 2
	tests := []struct {
		name  string
		p     *access.Principal
		f     Filter
		total int
		first string
	}{
		{"supervisor sees all, newest first", supervisor, Filter{}, 3, f.cityB.Code},
		{"county clerk sees its county", tcClerk, Filter{}, 1, f.tcA.Code},
		{"enterprise A sees its own", applicant(f.entA, "511702"), Filter{}, 1, f.tcA.Code},
		{"enterprise B sees its own across regions", applicant(f.entB, "511725"), Filter{Sort: "code"}, 2, f.cityB.Code},
		{"region filter", supervisor, Filter{RegionCode: "511725"}, 1, f.qxB.Code},
		{"flow type filter", supervisor, Filter{FlowType: 3}, 1, f.qxB.Code},
		{"stage filter", supervisor, Filter{Stage: &stage0}, 3, f.cityB.Code},
		{"stage filter, none", supervisor, Filter{Stage: &stage2}, 0, ""},
		{"text in the name", supervisor, Filter{Query: "滨河"}, 1, f.qxB.Code},
		{"text in the code", supervisor, Filter{Query: "511700-83"}, 1, f.cityB.Code},
		{"text in the owner's credit code", supervisor, Filter{Query: f.entA.CreditCode[8:]}, 1, f.tcA.Code},
		{"LIKE wildcards are literal", supervisor, Filter{Query: "%"}, 0, ""},
		{"sort by investment", supervisor, Filter{Sort: "investment"}, 3, f.tcA.Code},
		{"sort by investment, descending", supervisor, Filter{Sort: "-investment"}, 3, f.qxB.Code},
		{"paging", supervisor, Filter{Sort: "code", Offset: 1, Limit: 1}, 3, f.tcA.Code},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			page, err := f.svc.List(as(tc.p), tc.f)
			if err != nil {
				t.Fatal(err)
			}
			first := ""
			if len(page.Items) > 0 {
				first = page.Items[0].Code
			}
			if page.Total != tc.total || first != tc.first {
				t.Fatalf("total %d first %q (%v), want %d %q", page.Total, first, codes(page), tc.total, tc.first)
			}
		})
	}
	t.Run("paging limits", func(t *testing.T) {
		page, err := f.svc.List(as(supervisor), Filter{Limit: 1000})
		if err != nil || page.Limit != MaxLimit || len(page.Items) != 3 {
			t.Fatalf("%+v %v", page, err)
		}
		page, _ = f.svc.List(as(supervisor), Filter{})
		if page.Limit != DefaultLimit {
			t.Fatalf("default limit %d", page.Limit)
		}
	})
	t.Run("ErrForbidden for another county's filter", func(t *testing.T) {
		if _, err := f.svc.List(as(tcClerk), Filter{RegionCode: "511725"}); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		bad := 9
		for field, flt := range map[string]Filter{"sort": {Sort: "owner"}, "flow_type": {FlowType: 11},
			"stage": {Stage: &bad}, "offset": {Offset: -1}} {
			_, err := f.svc.List(as(supervisor), flt)
			assertField(t, err, field, "")
		}
	})
}
