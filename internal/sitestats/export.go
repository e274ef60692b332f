package sitestats

import (
	"bytes"
	"fmt"

	"github.com/xuri/excelize/v2"
)

// Condition is one line of the 查询条件 sheet: what the figures cover.
type Condition struct{ Name, Value string }

// sheet is one data sheet of the workbook.
type sheet struct {
	name   string
	header []any
	rows   [][]any
}

// XLSX writes rep as an Excel workbook, each table on its own sheet written
// with excelize's StreamWriter, and a last sheet 查询条件 listing conds.
// Site-wide sheets (searches, conversions) are present only when the
// report has them.
func (rep Report) XLSX(conds []Condition) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheets := rep.sheets()
	if err := f.SetSheetName("Sheet1", sheets[0].name); err != nil {
		return nil, err
	}
	for i, sh := range sheets {
		if i > 0 {
			if _, err := f.NewSheet(sh.name); err != nil {
				return nil, err
			}
		}
		if err := stream(f, sh); err != nil {
			return nil, fmt.Errorf("sheet %s: %w", sh.name, err)
		}
	}
	cond := sheet{name: "查询条件", header: []any{"条件", "取值"}}
	for _, c := range conds {
		cond.rows = append(cond.rows, []any{c.Name, c.Value})
	}
	if _, err := f.NewSheet(cond.name); err != nil {
		return nil, err
	}
	if err := stream(f, cond); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (rep Report) sheets() []sheet {
	days := sheet{name: "每日访问", header: []any{"日期", "浏览量", "访客数（按日去重）"}}
	for _, d := range rep.Days {
		days.rows = append(days.rows, []any{d.Day.String(), d.Views, d.Visitors})
	}
	days.rows = append(days.rows, []any{"合计", rep.Views, rep.Visitors})
	mods := countSheet("按模块", "模块", rep.Modules)
	regs := countSheet("按区县", "区县", rep.Regions)
	out := []sheet{days, mods, regs}
	if !rep.SiteWide {
		return out
	}
	out = append(out, searchSheet("热门搜索", rep.Searches), searchSheet("无结果搜索", rep.NoResults))
	items := sheet{name: "办事指南转化", header: []any{"事项编码", "事项名称", "浏览量", "浏览者（按日去重）", "当日网上申报", "转化率"}}
	for _, it := range rep.Items {
		items.rows = append(items.rows, []any{it.Code, it.Name, it.Views, it.Viewers, it.Conversions, Percent(it.Rate)})
	}
	return append(out, items)
}

func countSheet(name, key string, rows []CountRow) sheet {
	sh := sheet{name: name, header: []any{key, "浏览量", "访客数（按日去重）"}}
	for _, r := range rows {
		sh.rows = append(sh.rows, []any{r.Label, r.Views, r.Visitors})
	}
	return sh
}

func searchSheet(name string, rows []SearchRow) sheet {
	sh := sheet{name: name, header: []any{"模块", "搜索词", "搜索次数", "有结果", "无结果"}}
	for _, r := range rows {
		sh.rows = append(sh.rows, []any{r.ModuleLabel, r.Term, r.Searches, r.WithResults, r.NoResults})
	}
	return sh
}

// stream writes sh (header first) with a StreamWriter, which keeps memory
// flat however long the period.
func stream(f *excelize.File, sh sheet) error {
	sw, err := f.NewStreamWriter(sh.name)
	if err != nil {
		return err
	}
	if err := sw.SetColWidth(1, len(sh.header), 18); err != nil {
		return err
	}
	for i, row := range append([][]any{sh.header}, sh.rows...) {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// Percent formats a rate as "12.5%", or "—" when it is undefined (< 0).
func Percent(x float64) string {
	if x < 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", x*100)
}
