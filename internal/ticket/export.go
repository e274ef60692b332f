package ticket

import (
	"bytes"
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/dazhou-gongai/gongai/internal/platform/pdfdoc"
	"github.com/dazhou-gongai/gongai/internal/platform/sla"
)

var reportHeader = []string{"分组", "工单数", "已完成", "处理完成率", "响应P50(分)", "响应P90(分)",
	"解决/答复P50(分)", "解决/答复P90(分)", "按时", "超时", "处理及时率"}

// cells returns r as table cells.
func (r ReportRow) cells() []string {
	return []string{r.Group, fmt.Sprint(r.Count), fmt.Sprint(r.Completed), Percent(r.CompletionRate),
		fmt.Sprint(r.ResponseP50), fmt.Sprint(r.ResponseP90), fmt.Sprint(r.ResolutionP50), fmt.Sprint(r.ResolutionP90),
		fmt.Sprint(r.Met), fmt.Sprint(r.Breached), Percent(r.OnTimeRate)}
}

// Percent formats a rate as "95.0%", or "—" when it is undefined (-1).
func Percent(x float64) string {
	if x < 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", x*100)
}

// conditions describes the report's filters for the 查询条件 sheet/page.
func (rep Report) conditions(by string, at time.Time) [][2]string {
	return [][2]string{{"统计期间（受理时间）", period(rep.From, rep.To)}, {"分组", byLabel(by)},
		{"目标", "处理完成率 100%，处理及时率 95%"}, {"生成时间", at.In(sla.Shanghai).Format("2006-01-02 15:04")}}
}

func period(from, to time.Time) string {
	f, t := "不限", "不限"
	if !from.IsZero() {
		f = from.In(sla.Shanghai).Format("2006-01-02")
	}
	if !to.IsZero() {
		t = to.Add(-time.Second).In(sla.Shanghai).Format("2006-01-02")
	}
	return f + " 至 " + t
}

func byLabel(by string) string {
	return map[string]string{ByKind: "工单类别", BySeverity: "级别", ByRegion: "区县", ByOrgUnit: "责任单位",
		ByMonth: "月", ByQuarter: "季度", ByYear: "年"}[by]
}

// XLSX writes the report as an Excel workbook with the StreamWriter: a
// 运维报表 sheet (header, rows, total) and a 查询条件 sheet with the
// filters and the time it was made.
func (rep Report) XLSX(at time.Time) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "运维报表"); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter("运维报表")
	if err != nil {
		return nil, err
	}
	rows := [][]string{reportHeader}
	for _, r := range rep.Rows {
		rows = append(rows, r.cells())
	}
	rows = append(rows, rep.Total.cells())
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		vals := make([]any, len(r))
		for j, v := range r {
			vals[j] = v
		}
		if err := sw.SetRow(cell, vals); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	if _, err := f.NewSheet("查询条件"); err != nil {
		return nil, err
	}
	for i, c := range rep.conditions(rep.By, at) {
		if err := f.SetSheetRow("查询条件", fmt.Sprintf("A%d", i+1), &[]any{c[0], c[1]}); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// PDF writes the report as an A4 PDF (package pdfdoc, embedded CJK font).
func (rep Report) PDF(at time.Time) ([]byte, error) {
	d, err := pdfdoc.New(pdfdoc.Meta{Title: "运维服务合规报表", Creator: "gongai", Footer: "达州市工程建设项目审批管理系统 运维报表",
		Created: at})
	if err != nil {
		return nil, err
	}
	d.Title("运维服务合规报表")
	for _, c := range rep.conditions(rep.By, at) {
		d.Row(c[0], c[1], 45)
	}
	t := pdfdoc.Table{Header: reportHeader, Widths: []float64{3, 1.3, 1.3, 1.6, 1.4, 1.4, 1.6, 1.6, 1, 1, 1.6}}
	for _, r := range rep.Rows {
		t.Rows = append(t.Rows, r.cells())
	}
	t.Rows = append(t.Rows, rep.Total.cells())
	d.Table(t)
	return d.Bytes()
}
