package project

import (
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

func TestService_Register(t *testing.T) {
	f := newFixture(t)
	t.Run("OK by a clerk, with works and a site", func(t *testing.T) {
		n := newProject(f.entA, "000001")
		n.SiteGeoJSON = square
		n.Works = []Work{{Code: n.Code, Name: "1#仓库", BuildingArea: 8600.5}, {Code: n.Code + "-001", Name: "门卫室", BuildingArea: 30}}
		pr := f.mustRegister(t, tcClerk, n)
		if pr.ID == 0 || pr.RegionName != "通川区" || pr.Investment != 3_800_50 || pr.Stage != 0 ||
			pr.EnterpriseID != f.entA.ID || len(pr.Works) != 2 || pr.Site == nil || pr.Site.AreaM2 < 10000 {
			t.Fatalf("stored project %+v", pr)
		}
		evs := f.events(t, "project.register")
		if len(evs) != 1 || evs[0].ObjectID != n.Code || evs[0].RegionCode != "511702" ||
			!strings.Contains(evs[0].Detail, `"investment":"3800.50"`) || !strings.Contains(evs[0].Detail, n.Code+"-001") {
			t.Fatalf("audit events %+v", evs)
		}
		f.assertChainOK(t)
	})
	t.Run("OK by an enterprise anywhere in Dazhou, with its registered name", func(t *testing.T) {
		n := newProject(f.entA, "000002")
		n.Code, n.RegionCode, n.OwnerName = "2026-511725-59-03-000002", "511725", "随便写的名字"
		pr := f.mustRegister(t, applicant(f.entA, "511702"), n)
		if pr.RegionCode != "511725" || pr.OwnerName != f.entA.Name {
			t.Fatalf("stored %+v", pr)
		}
	})
	t.Run("OK for an owner without an account", func(t *testing.T) {
		n := newProject(f.entA, "000003")
		n.OwnerCreditCode, n.OwnerName = creditCode(t, "12511700MB1234567"), "达州市某事业单位"
		if pr := f.mustRegister(t, tcClerk, n); pr.EnterpriseID != 0 {
			t.Fatalf("enterprise id %d", pr.EnterpriseID)
		}
	})
	t.Run("ErrConflict on a registered project code", func(t *testing.T) {
		_, err := f.svc.Register(as(tcClerk), newProject(f.entA, "000001"))
		if !errs.Is(err, errs.Conflict) {
			t.Fatalf("err %v", err)
		}
		assertField(t, err, "code", "已登记")
	})
	t.Run("ErrConflict on a used work code", func(t *testing.T) {
		n := newProject(f.entA, "000009")
		n.Works = []Work{{Code: n.Code, Name: "甲"}}
		f.mustRegister(t, tcClerk, n)
		if _, err := f.svc.AddWork(as(tcClerk), f.projectID(t, n.Code), Work{Code: n.Code + "-001", Name: "丙"}); err != nil {
			t.Fatal(err)
		}
		_, err := f.svc.AddWork(as(tcClerk), f.projectID(t, n.Code), Work{Code: n.Code + "-001", Name: "丁"})
		if !errs.Is(err, errs.Conflict) {
			t.Fatalf("err %v", err)
		}
		assertField(t, err, "code", "已被使用")
	})
	if n := len(f.events(t, "project.register")); n != 4 {
		t.Fatalf("%d project.register events, want 4", n)
	}
}

// projectID returns the id of the project with the code.
func (f *fixture) projectID(t *testing.T, code string) int64 {
	t.Helper()
	pr, err := f.svc.ByCode(as(supervisor), code)
	if err != nil {
		t.Fatalf("ByCode(%s): %v", code, err)
	}
	return pr.ID
}

func TestService_Register_Invalid(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name   string
		change func(n *NewProject)
		field  string
		msg    string
	}{
		{"code format", func(n *NewProject) { n.Code = "2026-5117-59-03-1" }, "code", "格式不正确"},
		{"code of 渠县 for a 通川区 project", func(n *NewProject) { n.Code = "2026-511725-59-03-000001" }, "code", "与所选区县“通川区”不一致"},
		{"code outside Dazhou", func(n *NewProject) { n.Code = "2026-510104-59-03-000001" }, "code", "不属于达州市"},
		{"code year", func(n *NewProject) { n.Code = "2031-511702-59-03-000001" }, "code", "年份 2031"},
		{"code type", func(n *NewProject) { n.Code = "2026-511702-59-05-000001" }, "code", "不能是 05"},
		{"unknown region", func(n *NewProject) { n.RegionCode = "110000" }, "region_code", "请选择"},
		{"no name", func(n *NewProject) { n.Name = " " }, "name", "请填写项目名称"},
		{"long name", func(n *NewProject) { n.Name = strings.Repeat("长", 101) }, "name", "不能超过100个字"},
		{"flow type 0", func(n *NewProject) { n.FlowType = 0 }, "flow_type", "请选择审批流程类型"},
		{"flow type 11", func(n *NewProject) { n.FlowType = 11 }, "flow_type", ""},
		{"no owner", func(n *NewProject) { n.OwnerName = "" }, "owner_name", "请填写建设单位名称"},
		{"credit check character", func(n *NewProject) { n.OwnerCreditCode = "91511702MA6DH20268" }, "owner_credit_code", "校验位不正确"},
		{"credit length", func(n *NewProject) { n.OwnerCreditCode = "9151" }, "owner_credit_code", "18位"},
		{"negative investment", func(n *NewProject) { n.Investment = -1 }, "investment", "0 至"},
		{"bad site", func(n *NewProject) { n.SiteGeoJSON = `{"type":"Point","coordinates":[107.5,31.2]}` }, "site_geojson", "Point"},
		{"bad work code", func(n *NewProject) { n.Works = []Work{{Code: "x", Name: "甲"}} }, "works[0].code", "3位序号"},
		{"work without a name", func(n *NewProject) { n.Works = []Work{{Code: n.Code}} }, "works[0].name", "请填写工程名称"},
		{"negative area", func(n *NewProject) { n.Works = []Work{{Code: n.Code, Name: "甲", BuildingArea: -1}} }, "works[0].building_area_m2", ""},
		{"duplicate work codes", func(n *NewProject) { n.Works = []Work{{Code: n.Code, Name: "甲"}, {Code: n.Code, Name: "乙"}} }, "works[1].code", "重复"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := newProject(f.entA, "000001")
			tc.change(&n)
			_, err := f.svc.Register(as(tcClerk), n)
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("err %v, want Invalid", err)
			}
			assertField(t, err, tc.field, tc.msg)
		})
	}
	if n := len(f.events(t, "project.")); n != 0 {
		t.Fatalf("invalid registrations left %d events", n)
	}
}

func TestService_Register_Forbidden(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name string
		p    *access.Principal
		n    NewProject
		kind errs.Kind
	}{
		{"a 通川区 clerk in 渠县", tcClerk, func() NewProject {
			n := newProject(f.entA, "000001")
			n.Code, n.RegionCode = "2026-511725-59-03-000001", "511725"
			return n
		}(), errs.Forbidden},
		{"a reviewer may not register", tcReviewer, newProject(f.entA, "000001"), errs.Forbidden},
		{"an enterprise for another credit code", applicant(f.entB, "511725"), newProject(f.entA, "000001"), errs.Forbidden},
		{"an enterprise without its row", &access.Principal{UserID: 9, Name: "孤儿", Enterprise: true, EnterpriseID: 999,
			Assignments: []access.Assignment{{Role: access.Applicant, RegionCode: "511702"}}}, newProject(f.entA, "000001"), errs.Forbidden},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := f.svc.Register(as(tc.p), tc.n); !errs.Is(err, tc.kind) {
				t.Fatalf("err %v, want %v", err, tc.kind)
			}
		})
	}
	if _, err := f.svc.Register(t.Context(), newProject(f.entA, "000001")); !errs.Is(err, errs.Unauthenticated) {
		t.Fatalf("anonymous: %v", err)
	}
	if n := len(f.events(t, "project.")); n != 0 {
		t.Fatalf("refused registrations left %d events", n)
	}
}
