package exchange

import (
	"strconv"
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/project"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

func TestService_Import(t *testing.T) {
	e := newEnv(t)
	demo := e.DemoProject(t, "511702", 4)
	csv := "项目代码,项目名称,行政区划代码,审批流程类型,建设单位,统一社会信用代码,总投资（万元）,建设地点\n" +
		"2026-511702-47-03-012345,滨江新厂房,511702,6,达州某公司," + testUSC + ",1250.5,通川区滨江路\n" +
		demo.Code + ",改名后的项目," + demo.RegionCode + "," + itoa(demo.FlowType) + "," + demo.OwnerName + "," +
		demo.OwnerCreditCode + "," + demo.Investment.Decimal() + "," + demo.Address + "\n" +
		demo.Code + ",改名后的项目," + demo.RegionCode + "," + itoa(demo.FlowType) + "," + demo.OwnerName + "," +
		demo.OwnerCreditCode + "," + demo.Investment.Decimal() + "," + demo.Address + "\n" +
		"2026-511702-47-03-012346,坏信用代码,511702,6,某公司,91511702MA6DH20268,10,通川区\n" +
		"2026-511799-47-03-012347,外地项目,511799,6,某公司," + testUSC + ",10,外地\n"
	rep, err := e.ex.Import(e.As(t, "yunwei"), ImportInput{Source: "file", FileName: "x.csv", Format: "csv", Data: []byte(csv)})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 1 || rep.Updated != 1 || rep.Unchanged != 1 || rep.Rejected != 2 || rep.ID == 0 {
		t.Fatalf("report: %+v", rep)
	}
	if r := rep.Rows[3]; r.Line != 5 || !strings.Contains(strings.Join(r.Reasons, ""), "校验") {
		t.Errorf("bad credit code: %+v", r)
	}
	if r := rep.Rows[4]; !strings.Contains(strings.Join(r.Reasons, ""), "不是达州市的区县") {
		t.Errorf("foreign region: %+v", r)
	}
	p, err := e.Projects.ByCode(e.As(t, "jianguan"), "2026-511702-47-03-012345")
	if err != nil || p.Investment != project.Money(125050) || p.FlowType != 6 {
		t.Fatalf("created project: %+v %v", p, err)
	}
	if p, _ := e.Projects.ByCode(e.As(t, "jianguan"), demo.Code); p.Name != "改名后的项目" {
		t.Errorf("updated name: %q", p.Name)
	}
	if got := testkit.AuditEvents(t, e.DB, "exchange.import"); len(got) != 1 {
		t.Errorf("audit events: %d", len(got))
	}
	if len(testkit.AuditEvents(t, e.DB, "project.register")) == 0 {
		t.Error("the registry recorded the new project")
	}
	stored, err := e.ex.ImportReportByID(e.As(t, "admin"), rep.ID)
	if err != nil || len(stored.Rows) != 5 {
		t.Fatalf("stored report: %v %v", stored, err)
	}
	e.AssertChainOK(t)
}

func TestService_Import_Refused(t *testing.T) {
	e := newEnv(t)
	if _, err := e.ex.Import(e.As(t, "chuangkou"), ImportInput{Format: "csv", Data: []byte("x")}); !errs.Is(err, errs.Forbidden) {
		t.Errorf("a window clerk: %v", err)
	}
	_, err := e.ex.Import(e.As(t, "yunwei"), ImportInput{Format: "csv", Data: []byte("名称\n甲\n")})
	if f := errs.FieldsOf(err); !strings.Contains(f["file"], "项目代码") {
		t.Errorf("no code column: %v", err)
	}
	_, err = e.ex.Import(e.As(t, "yunwei"), ImportInput{Format: "json", Data: []byte(`{"records": 3}`)})
	if f := errs.FieldsOf(err); f["file"] == "" {
		t.Errorf("bad JSON: %v", err)
	}
	rep, err := e.ex.Import(e.As(t, "yunwei"), ImportInput{Source: "api", Format: "json",
		Data: []byte(`[{"XMDM": "2026-511703-47-03-000001", "XMMC": "东部经开区厂房", "XZQHDM": "511772",
		"SPLCLX": 6, "DWMC": "达州某公司", "DWTYSHXYDM": "` + testUSC + `", "ZTZE": 300}]`)})
	if err != nil || rep.Created != 1 {
		t.Fatalf("zone project by API: %+v %v", rep, err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
