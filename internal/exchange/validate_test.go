package exchange

import (
	"context"
	"maps"
	"strings"
	"testing"
	"time"
)

const (
	testXMDM = "2026-511702-48-01-000001"
	testUSC  = "91511702MA6DH20267"
)

func goodInstance() Record {
	return Record{Table: TableInstance, Key: TableInstance + ":C1:r1:p1", LSH: "3", DFSJZJ: "C1", Revision: 1, SJYXBS: 1,
		Fields: map[string]string{"XZQHDM": "511702", "XMDM": testXMDM, "GCDM": testXMDM, "SPSXSLBM": "C1",
			"SPSXBM": "permit", "SPSXMC": "施工许可", "SPJDXH": "3", "DWTYSHXYDM": testUSC, "BLZT": "11",
			"SQSJ": "2026-03-09 10:00:00", "SLSJ": "2026-03-09 11:00:00", "BJSJ": "2026-03-10 16:00:00", "BLSX": "5"}}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(f map[string]string, r *Record)
		want   string // "" = valid
	}{
		{"valid", func(map[string]string, *Record) {}, ""},
		{"internal region code", func(f map[string]string, _ *Record) { f["XZQHDM"] = "511772" }, "XZQHDM"},
		{"project code format", func(f map[string]string, _ *Record) { f["XMDM"] = "2026-511702-48-04-000001" }, "XMDM"},
		{"project code outside Dazhou", func(f map[string]string, _ *Record) { f["XMDM"] = "2026-510100-48-01-000001" }, "XMDM"},
		{"credit code check char", func(f map[string]string, _ *Record) { f["DWTYSHXYDM"] = "91511702MA6DH20268" }, "DWTYSHXYDM"},
		{"status out of range", func(f map[string]string, _ *Record) { f["BLZT"] = "16" }, "BLZT"},
		{"missing required", func(f map[string]string, _ *Record) { delete(f, "SPSXMC") }, "缺少必填字段 SPSXMC"},
		{"unknown column", func(f map[string]string, _ *Record) { f["FOO"] = "1" }, "没有字段 FOO"},
		{"time format", func(f map[string]string, _ *Record) { f["SQSJ"] = "2026/03/09" }, "SQSJ"},
		{"concluded without time", func(f map[string]string, _ *Record) { delete(f, "BJSJ") }, "BJSJ"},
		{"concluded before accepted", func(f map[string]string, _ *Record) { f["BJSJ"] = "2026-03-09 10:30:00" }, "早于受理时间"},
		{"end time on open case", func(f map[string]string, _ *Record) { f["BLZT"] = "8" }, "未办结"},
		{"no local key", func(_ map[string]string, r *Record) { r.DFSJZJ = "" }, "DFSJZJ"},
		{"invalid without reason", func(_ map[string]string, r *Record) { r.SJYXBS = 0 }, "SJWXYY"},
		{"unknown table", func(_ map[string]string, r *Record) { r.Table = "SPGL_FOO" }, "未知的数据表"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := goodInstance()
			r.Fields = maps.Clone(r.Fields)
			tt.change(r.Fields, &r)
			got := strings.Join(Validate(r), "；")
			if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
				t.Errorf("Validate = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMapping(t *testing.T) {
	zone := region{Code: "511772", Reporting: "511703"}
	p := projectRow{Code: testXMDM, Name: "东部经开区厂房", Region: zone, FlowType: 6, OwnerName: "达州某公司",
		OwnerUSC: testUSC, Investment: 125050, Address: "东部经开区"}
	at := time.Date(2026, 3, 9, 2, 0, 0, 0, time.UTC) // 10:00 Beijing
	c := caseRow{Number: "511772-20260309-00001", ProjectCode: testXMDM, Region: zone, ItemCode: "permit",
		ItemName: "施工许可", StageNo: 3, Status: 11, Limit: 5, OwnerUSC: testUSC, ReceivedAt: at,
		AcceptedAt: at.Add(time.Hour), ConcludedAt: at.Add(30 * time.Hour),
		Licence: &licenceRow{Number: "LIC-1", Title: "建筑工程施工许可证", IssueDate: "2026-03-10"}}
	res, ok := mapResult(c)
	tests := []struct {
		name  string
		d     draft
		want  map[string]string
		table string
	}{
		{"project reports the parent code", mapProject(p), map[string]string{"XZQHDM": "511703", "XMDM": testXMDM,
			"GCDM": testXMDM, "SPLCLX": "6", "ZTZE": "1250.50"}, TableProject},
		{"unit", mapUnit(p), map[string]string{"DWTYSHXYDM": testUSC, "DWLX": "1", "XZQHDM": "511703"}, TableUnit},
		{"instance", mapInstance(c), map[string]string{"BLZT": "11", "SQSJ": "2026-03-09 10:00:00",
			"SLSJ": "2026-03-09 11:00:00", "BJSJ": "2026-03-10 16:00:00", "SPSXSLBM": c.Number}, TableInstance},
		{"step", mapStep(c, stepRow{ID: 7, Seq: 2, Action: "accept", ToStatus: 3, OccurredAt: at}),
			map[string]string{"XH": "2", "BLHJ": "受理", "BLZT": "3", "BLSJ": "2026-03-09 10:00:00"}, TableStep},
		{"special", mapSpecial(c, pauseRow{ID: 1, Kind: "expert", Reason: "专家论证", ExpectedDays: 3, StartedAt: at}),
			map[string]string{"TBCXLX": "expert", "TBCXSX": "3", "TBCXJSSJ": ""}, TableSpecial},
		{"result carries the licence", res, map[string]string{"PFWH": "LIC-1", "PFWJMC": "建筑工程施工许可证",
			"PFRQ": "2026-03-10", "ZZBS": "LIC-1"}, TableResult},
	}
	if !ok {
		t.Fatal("a concluded case has a result")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.d.Table != tt.table {
				t.Fatalf("table %s, want %s", tt.d.Table, tt.table)
			}
			for k, v := range tt.want {
				if tt.d.Fields[k] != v {
					t.Errorf("%s = %q, want %q", k, tt.d.Fields[k], v)
				}
			}
			r := Record{Table: tt.d.Table, Key: recordKey(tt.d.Table, tt.d.DFSJZJ, 1, 1), LSH: "1", DFSJZJ: tt.d.DFSJZJ,
				SJYXBS: tt.d.Valid, SJWXYY: tt.d.Why, Fields: tt.d.Fields}
			if p := Validate(r); len(p) > 0 {
				t.Errorf("mapped record invalid: %v", p)
			}
		})
	}
	c.Status = 15
	if d, _ := mapResult(c); d.Valid != 0 || d.Why == "" {
		t.Errorf("a revoked case's result is invalid with a reason: %+v", d)
	}
	c.Status, c.ConcludedAt = 8, time.Time{}
	if _, ok := mapResult(c); ok {
		t.Error("an open case has no result")
	}
}

// The receiver refuses a step for an instance it does not know, and takes
// it once the instance (and its parents) arrived.
func TestReceiver_Ordering(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	step := Record{Table: TableStep, Key: TableStep + ":C1/BL/1:r1:p1", LSH: "4", DFSJZJ: "C1/BL/1", Revision: 1,
		SJYXBS: 1, Fields: map[string]string{"XZQHDM": "511702", "XMDM": testXMDM, "SPSXSLBM": "C1", "XH": "1",
			"BLHJ": "受理", "BLZT": "3", "BLSJ": "2026-03-09 11:00:00"}}
	send := func(r Record) Receipt {
		raw, _ := encodeRecord(r)
		rc, err := e.rv.Accept(ctx, raw)
		if err != nil {
			t.Fatal(err)
		}
		return rc
	}
	if rc := send(step); rc.SJSCZT != StateRejected || !strings.Contains(rc.SBYY, "审批事项办理（C1）尚未被接收") {
		t.Fatalf("step before instance: %+v", rc)
	}
	if rc := send(goodInstance()); rc.SJSCZT != StateRejected || !strings.Contains(rc.SBYY, "项目基本信息") ||
		!strings.Contains(rc.SBYY, "项目单位") {
		t.Fatalf("instance before project and unit: %+v", rc)
	}
	proj := Record{Table: TableProject, Key: TableProject + ":" + testXMDM + ":r1:p1", LSH: "1", DFSJZJ: testXMDM,
		SJYXBS: 1, Fields: map[string]string{"XZQHDM": "511702", "XMDM": testXMDM, "GCDM": testXMDM, "XMMC": "项目",
			"SPLCLX": "3", "ZTZE": "1.00"}}
	unit := Record{Table: TableUnit, Key: TableUnit + ":" + unitKey(testXMDM, testUSC) + ":r1:p1", LSH: "2",
		DFSJZJ: unitKey(testXMDM, testUSC), SJYXBS: 1, Fields: map[string]string{"XZQHDM": "511702", "XMDM": testXMDM,
			"DWMC": "单位", "DWTYSHXYDM": testUSC, "DWLX": "1"}}
	for _, r := range []Record{proj, unit, goodInstance(), step, step} {
		if rc := send(r); rc.SJSCZT != StateAccepted {
			t.Fatalf("%s: %+v", r.Key, rc)
		}
	}
	got, _ := e.rv.AcceptedRecords(ctx)
	if len(got) != 4 || got[3].Deliveries != 2 {
		t.Fatalf("accepted %d, last delivered %d times", len(got), got[len(got)-1].Deliveries)
	}
}
