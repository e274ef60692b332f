package report

import (
	"bytes"
	"math"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Sheet names of an exported workbook.
const (
	SheetReport     = "报表"
	SheetConditions = "查询条件"
)

// Document is a result with the lines printed above and below its table:
// the official header (填报单位, 统计期) and footer (制表人, 制表日期), and
// the conditions for the 查询条件 sheet (which add 生成人 and 生成时间).
type Document struct {
	Title      string
	Header     []KeyText
	Footer     []KeyText
	Result     Result
	Conditions []KeyText
}

// xlsxStyles are the style ids of a workbook.
type xlsxStyles struct{ title, head, total, count, days, pct, growth int }

func newStyles(f *excelize.File) (xlsxStyles, error) {
	var s xlsxStyles
	border := []excelize.Border{{Type: "left", Style: 1}, {Type: "right", Style: 1}, {Type: "top", Style: 1},
		{Type: "bottom", Style: 1}}
	pct, growth, days := "0.0%", "+0.0%;-0.0%;0.0%", "0.0"
	specs := []struct {
		dst *int
		st  excelize.Style
	}{
		{&s.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}, Alignment: &excelize.Alignment{Horizontal: "center"}}},
		{&s.head, excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&s.total, excelize.Style{Font: &excelize.Font{Bold: true}, Border: border}},
		{&s.count, excelize.Style{Border: border, NumFmt: 3}},
		{&s.days, excelize.Style{Border: border, CustomNumFmt: &days}},
		{&s.pct, excelize.Style{Border: border, CustomNumFmt: &pct}},
		{&s.growth, excelize.Style{Border: border, CustomNumFmt: &growth}},
	}
	for _, sp := range specs {
		id, err := f.NewStyle(&sp.st)
		if err != nil {
			return s, err
		}
		*sp.dst = id
	}
	return s, nil
}

// XLSX writes d as a workbook: the 报表 sheet (title, header lines, a
// two-row header when there is a column dimension, the rows with numbers
// as numbers, the footer) written with the StreamWriter, and the 查询条件
// sheet.
func (d Document) XLSX() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetReport); err != nil {
		return nil, err
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(SheetReport)
	if err != nil {
		return nil, err
	}
	if err := d.writeReport(sw, st); err != nil {
		return nil, err
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	if err := d.writeConditions(f); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// sheetWriter appends rows to a stream.
type sheetWriter struct {
	sw  *excelize.StreamWriter
	row int
}

func (w *sheetWriter) add(vals []any) error {
	w.row++
	cell, _ := excelize.CoordinatesToCellName(1, w.row)
	return w.sw.SetRow(cell, vals)
}

func (w *sheetWriter) merge(c1, r1, c2, r2 int) error {
	if c1 == c2 && r1 == r2 {
		return nil
	}
	a, _ := excelize.CoordinatesToCellName(c1, r1)
	b, _ := excelize.CoordinatesToCellName(c2, r2)
	return w.sw.MergeCell(a, b)
}

func (d Document) writeReport(sw *excelize.StreamWriter, st xlsxStyles) error {
	r := d.Result
	nLab, width := len(r.RowHeaders), len(r.RowHeaders)+len(r.Columns)
	if err := sw.SetColWidth(1, nLab, 22); err != nil {
		return err
	}
	if err := sw.SetColWidth(nLab+1, max(width, nLab+1), 14); err != nil {
		return err
	}
	w := &sheetWriter{sw: sw}
	if err := w.add([]any{excelize.Cell{StyleID: st.title, Value: d.Title}}); err != nil {
		return err
	}
	if err := w.merge(1, 1, width, 1); err != nil {
		return err
	}
	if err := w.add([]any{joinLines(d.Header)}); err != nil {
		return err
	}
	if err := d.writeHead(w, st); err != nil {
		return err
	}
	for _, row := range r.Rows {
		if err := w.add(rowValues(row, r.Columns, st)); err != nil {
			return err
		}
	}
	if r.Truncated {
		if err := w.add([]any{"（明细超过 5000 行，已截断）"}); err != nil {
			return err
		}
	}
	return w.add([]any{joinLines(d.Footer)})
}

// writeHead writes the column header: with a column dimension, a row of
// member names over the measure names, the row-dimension names merged down.
func (d Document) writeHead(w *sheetWriter, st xlsxStyles) error {
	r := d.Result
	nLab := len(r.RowHeaders)
	head := func(s string) any { return excelize.Cell{StyleID: st.head, Value: s} }
	var leaf []any
	for _, h := range r.RowHeaders {
		leaf = append(leaf, head(h))
	}
	for _, c := range r.Columns {
		leaf = append(leaf, head(c.Label))
	}
	if len(r.ColGroups) == 0 {
		return w.add(leaf)
	}
	top := append([]any{}, leaf[:nLab]...)
	for _, g := range r.ColGroups {
		top = append(top, head(g.Label))
		for range g.Span - 1 {
			top = append(top, head(""))
		}
	}
	if err := w.add(top); err != nil {
		return err
	}
	col := nLab + 1
	for _, g := range r.ColGroups {
		if err := w.merge(col, w.row, col+g.Span-1, w.row); err != nil {
			return err
		}
		col += g.Span
	}
	for i := 1; i <= nLab; i++ {
		if err := w.merge(i, w.row, i, w.row+1); err != nil {
			return err
		}
	}
	return w.add(leaf)
}

// rowValues are the cells of one row: labels, then numbers with their
// formats ("—" stays text).
func rowValues(row Row, cols []Column, st xlsxStyles) []any {
	var out []any
	for _, l := range row.Labels {
		style := st.count
		if row.Depth < len(row.Labels) {
			style = st.total
		}
		out = append(out, excelize.Cell{StyleID: style, Value: l})
	}
	for i, c := range row.Cells {
		out = append(out, xlsxCell(c, cols[i].Kind, st))
	}
	return out
}

func xlsxCell(c Cell, kind string, st xlsxStyles) excelize.Cell {
	if !c.Valid || strings.Contains(c.Text, "百分点") {
		return excelize.Cell{StyleID: st.count, Value: c.Text}
	}
	switch kind {
	case kindDays:
		return excelize.Cell{StyleID: st.days, Value: math.Round(c.Value*10) / 10}
	case kindRate, "share":
		return excelize.Cell{StyleID: st.pct, Value: c.Value}
	case "growth":
		return excelize.Cell{StyleID: st.growth, Value: c.Value}
	}
	return excelize.Cell{StyleID: st.count, Value: int64(math.Round(c.Value))}
}

func (d Document) writeConditions(f *excelize.File) error {
	if _, err := f.NewSheet(SheetConditions); err != nil {
		return err
	}
	if err := f.SetColWidth(SheetConditions, "A", "A", 20); err != nil {
		return err
	}
	if err := f.SetColWidth(SheetConditions, "B", "B", 80); err != nil {
		return err
	}
	rows := append([]KeyText{{"条件", "取值"}}, d.Conditions...)
	for i, c := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(SheetConditions, cell, &[]any{c.Key, c.Text}); err != nil {
			return err
		}
	}
	return nil
}

// joinLines writes header lines on one line: "填报单位：…    统计期：…".
func joinLines(lines []KeyText) string {
	parts := make([]string, len(lines))
	for i, l := range lines {
		parts[i] = l.Key + "：" + l.Text
	}
	return strings.Join(parts, "    ")
}
