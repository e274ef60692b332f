package report

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/dazhou-gongai/gongai/internal/platform/pdfdoc"
)

// TestStandard_ExportsOpen builds the monthly report by region and flow
// type, writes Excel and PDF, and reads both back.
func TestStandard_ExportsOpen(t *testing.T) {
	e := newEnv(t)
	knownData(t, e)
	st, err := e.svc.Standard(e.as(t, "jianguan"), StandardInput{Period: "2026-03", By: DimFlowType})
	if err != nil {
		t.Fatal(err)
	}
	if st.Title != "达州市工程建设项目审批统计月报（2026年3月）" || st.Preparer == "" || st.Unit == "" {
		t.Errorf("header %+v", st)
	}
	// ten regions, each with a subtotal; the two with cases have a detail row
	if n := len(st.Result.Rows); n != 1+10+2 {
		t.Errorf("%d rows, want 13:\n%s", n, strings.Join(texts(st.Result), "\n"))
	}
	doc := st.Document("周监管", e.clock.Now())
	data, err := doc.XLSX()
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{SheetReport, SheetConditions}) {
		t.Fatalf("sheets %v", got)
	}
	rows, err := f.GetRows(SheetReport)
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != st.Title || !strings.Contains(rows[1][0], "填报单位：") || rows[2][2] != "受理件数" {
		t.Errorf("head rows %q", rows[:3])
	}
	if rows[3][0] != "合计" || rows[3][2] != "5" {
		t.Errorf("total row %q", rows[3])
	}
	if last := rows[len(rows)-1][0]; !strings.Contains(last, "制表人：周监管") || !strings.Contains(last, "制表日期：2026年4月8日") {
		t.Errorf("footer %q", last)
	}
	conds, _ := f.GetRows(SheetConditions)
	joined := ""
	for _, r := range conds {
		joined += strings.Join(r, "=") + "\n"
	}
	for _, want := range []string{"统计期间=2026年3月", "数据范围=全市", "生成人=周监管", "生成时间=2026-04-08 10:00:00"} {
		if !strings.Contains(joined, want) {
			t.Errorf("conditions lack %q:\n%s", want, joined)
		}
	}
	pdf, err := doc.PDF(e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := pdfdoc.Check(pdf); err != nil {
		t.Fatal(err)
	}
	words, _ := pdfdoc.Text(pdf)
	if !slices.Contains(words, st.Title) {
		t.Errorf("PDF lacks the title: %q", words[:min(len(words), 10)])
	}
}

// TestStandard_CountyScope: a county head's standard report lists only
// that county, and a quarter is accepted.
func TestStandard_CountyScope(t *testing.T) {
	e := newEnv(t)
	knownData(t, e)
	st, err := e.svc.Standard(e.as(t, "fuzeren"), StandardInput{Period: "2026-Q1"})
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, Result{Rows: st.Result.Rows[:2]}, []string{
		"合计|7|+40.0%|—|0|—|—|0|0|—|—|—",
		"通川区|7|+40.0%|—|0|—|—|0|0|—|—|—",
	})
	if len(st.Result.Rows) != 2 {
		t.Errorf("county report has %d rows", len(st.Result.Rows))
	}
	if _, err := e.svc.Standard(e.as(t, "fuzeren"), StandardInput{Period: "2026-13"}); err == nil {
		t.Error("bad period accepted")
	}
}
