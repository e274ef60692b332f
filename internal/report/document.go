package report

import (
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/pdfdoc"
)

// shanghai is Beijing time (no daylight saving since 1991).
var shanghai = time.FixedZone("CST", 8*3600)

// generated are the lines every export adds to its conditions.
func generated(who string, at time.Time) []KeyText {
	return []KeyText{{"生成人", who}, {"生成时间", at.In(shanghai).Format("2006-01-02 15:04:05")}}
}

// Document lays a standard report out in the official form, made by who
// at the instant at.
func (st Standard) Document(who string, at time.Time) Document {
	return Document{Title: st.Title,
		Header:     []KeyText{{"填报单位", st.Unit}, {"统计期", st.Period}},
		Footer:     []KeyText{{"制表人", st.Preparer}, {"制表日期", st.PreparedOn}},
		Result:     st.Result,
		Conditions: append(append([]KeyText{{"报表", st.Title}}, st.Result.Conditions...), generated(who, at)...)}
}

// DynamicDocument lays a dynamic report out, made by who at at.
func DynamicDocument(r Result, who string, at time.Time) Document {
	name := r.Name
	if name == "" {
		name = "动态报表"
	}
	return Document{Title: name,
		Header:     []KeyText{{"统计期", r.RangeLabel}},
		Footer:     []KeyText{{"制表人", who}, {"制表日期", calendar.DateOf(at).Label()}},
		Result:     r,
		Conditions: append(append([]KeyText{{"报表", name}}, r.Conditions...), generated(who, at)...)}
}

// PDF writes d as an A4 document (package pdfdoc): title, header lines,
// the table, the footer lines and the conditions. Columns are many and
// narrow; the Excel file is the working copy.
func (d Document) PDF(at time.Time) ([]byte, error) {
	doc, err := pdfdoc.New(pdfdoc.Meta{Title: d.Title, Creator: "gongai", Created: at,
		Footer: "达州市工程建设项目审批管理系统 统计报表"})
	if err != nil {
		return nil, err
	}
	doc.Title(d.Title)
	doc.Centered(joinLines(d.Header))
	r := d.Result
	t := pdfdoc.Table{}
	for _, h := range r.RowHeaders {
		t.Header = append(t.Header, h)
		t.Widths = append(t.Widths, 2.2)
	}
	for i, c := range r.Columns {
		label := c.Label
		if len(r.ColGroups) > 0 {
			label = groupOf(r.ColGroups, i) + " " + label
		}
		t.Header = append(t.Header, label)
		t.Widths = append(t.Widths, 1.4)
	}
	for _, row := range r.Rows {
		cells := append([]string{}, row.Labels...)
		for _, c := range row.Cells {
			cells = append(cells, c.Text)
		}
		t.Rows = append(t.Rows, cells)
	}
	doc.Table(t)
	doc.Centered(joinLines(d.Footer))
	doc.Heading("查询条件")
	for _, c := range d.Conditions {
		doc.Row(c.Key, c.Text, 0)
	}
	return doc.Bytes()
}

// groupOf names the column group of leaf column i.
func groupOf(gs []Group, i int) string {
	for _, g := range gs {
		if i < g.Span {
			return g.Label
		}
		i -= g.Span
	}
	return ""
}
