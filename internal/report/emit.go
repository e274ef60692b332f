package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// result lays the cube out: header, grand total, subtotals and details.
// pad lists members of the first row dimension shown even without cases.
func (c *cube) result(names *Names, pad []string) Result {
	cols := c.columnMembers(names)
	root := c.tree(pad)
	c.sortTree(root, names, cols)
	if n := c.spec.TopN; n > 0 && len(root.kids) > n {
		root.kids = root.kids[:n]
	}
	r := Result{Spec: *c.spec}
	for _, d := range c.spec.Rows {
		r.RowHeaders = append(r.RowHeaders, dimLabel(d))
	}
	r.Columns = c.columns()
	if c.spec.Column != "" {
		for _, col := range cols {
			r.ColGroups = append(r.ColGroups, Group{Label: c.memberLabel(names, c.spec.Column, col), Span: len(r.Columns)})
		}
		one := r.Columns
		for range cols[1:] {
			r.Columns = append(r.Columns, one...)
		}
	}
	r.Rows = append(r.Rows, c.row(names, root, cols))
	details := 0
	var walk func(n *node)
	walk = func(n *node) {
		for _, k := range n.kids {
			if details >= MaxRows {
				r.Truncated = true
				return
			}
			if len(k.kids) == 0 || c.spec.Subtotals {
				r.Rows = append(r.Rows, c.row(names, k, cols))
			}
			if len(k.kids) == 0 {
				details++
			}
			walk(k)
		}
	}
	walk(root)
	return r
}

// columns are the leaf columns of one column member.
func (c *cube) columns() []Column {
	var out []Column
	for _, key := range c.spec.Measures {
		m, _ := measureOf(key)
		out = append(out, Column{Label: m.Label, Kind: m.Kind})
		for _, d := range c.spec.Derived {
			if d.Measure != key {
				continue
			}
			kind := map[string]string{DerivedYoY: "growth", DerivedMoM: "growth", DerivedShare: "share",
				DerivedRank: "rank", DerivedCum: m.Kind}[d.Kind]
			out = append(out, Column{Label: m.Label + derivedLabels[d.Kind], Kind: kind})
		}
	}
	return out
}

// row builds the row of node n.
func (c *cube) row(names *Names, n *node, cols []string) Row {
	r := Row{Depth: n.depth}
	for i, v := range n.vals {
		switch {
		case n.depth == 0 && i == 0:
			r.Labels = append(r.Labels, "合计")
		case v == star && i == n.depth && n.depth > 0:
			r.Labels = append(r.Labels, "小计")
		case v == star:
			r.Labels = append(r.Labels, "")
		default:
			r.Labels = append(r.Labels, c.memberLabel(names, c.spec.Rows[i], v))
		}
	}
	for _, col := range cols {
		full := c.key(n.vals, col)
		for _, key := range c.spec.Measures {
			m, _ := measureOf(key)
			v, ok := c.get(full).value(m)
			r.Cells = append(r.Cells, cellOf(m.Kind, v, ok))
			for _, d := range c.spec.Derived {
				if d.Measure == key {
					r.Cells = append(r.Cells, c.derived(d.Kind, m, full, n, col))
				}
			}
		}
	}
	return r
}

// derived computes one derived cell of the cell full.
func (c *cube) derived(kind string, m measureDef, full []string, n *node, col string) Cell {
	cur, ok := c.get(full).value(m)
	switch kind {
	case DerivedYoY, DerivedMoM:
		prev, found := c.shifted(full, kind)
		if !found {
			return cellOf("", 0, false)
		}
		p, pok := c.get(prev).value(m)
		return growth(m, cur, ok, p, pok)
	case DerivedShare:
		base, bok := c.get(c.shareBase(full)).value(m)
		if !ok || !bok || base == 0 {
			return cellOf(kindRate, 0, false)
		}
		return cellOf(kindRate, cur/base, true)
	case DerivedRank:
		r, ok := n.ranks[col+sep+m.Key]
		return cellOf("rank", float64(r), ok)
	case DerivedCum:
		if c.periodPos < 0 || full[c.periodPos] == star {
			return cellOf(m.Kind, 0, false)
		}
		v, ok := c.cumulative(full).value(m)
		return cellOf(m.Kind, v, ok)
	}
	return cellOf("", 0, false)
}

// shifted is the key of the comparison cell of full: the period a year or
// one period earlier, or the comparison window. found is false for a
// total over periods, which has no single earlier period.
func (c *cube) shifted(full []string, kind string) ([]string, bool) {
	k := append([]string{}, full...)
	if c.periodPos < 0 {
		k[len(k)-1] = map[string]string{DerivedYoY: winYoY, DerivedMoM: winMoM}[kind]
		return k, true
	}
	start, ok := c.starts[k[c.periodPos]]
	if !ok {
		return nil, false
	}
	if kind == DerivedYoY {
		start = yearEarlier(c.spec.Period, start)
	} else {
		start = shiftPeriods(c.spec.Period, start, -1)
	}
	k[c.periodPos] = periodKey(c.spec.Period, start)
	return k, true
}

// cumulative merges the cells of full's row over the displayed periods
// up to and including full's period.
func (c *cube) cumulative(full []string) *acc {
	total := &acc{}
	p := full[c.periodPos]
	for key, start := range c.starts {
		if !c.displayed(key) || start.After(c.starts[p]) {
			continue
		}
		k := append([]string{}, full...)
		k[c.periodPos] = key
		total.merge(c.get(k))
	}
	return total
}

// growth is the change from prev to cur: a relative change for counts
// and durations, a difference in percentage points for rates.
func growth(m measureDef, cur float64, ok bool, prev float64, pok bool) Cell {
	if !ok || !pok {
		return cellOf("growth", 0, false)
	}
	if m.Kind == kindRate {
		d := (cur - prev) * 100
		return Cell{Value: d, Valid: true, Text: fmt.Sprintf("%+.1f个百分点", d)}
	}
	if prev == 0 {
		return cellOf("growth", 0, false)
	}
	return cellOf("growth", (cur-prev)/prev, true)
}

// cellOf formats v by kind; an undefined value shows "—".
func cellOf(kind string, v float64, ok bool) Cell {
	if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
		return Cell{Text: "—"}
	}
	c := Cell{Value: v, Valid: true}
	switch kind {
	case kindCount:
		c.Text = thousands(int64(math.Round(v)))
	case kindDays:
		c.Text = strconv.FormatFloat(v, 'f', 1, 64)
	case kindRate:
		c.Text = strconv.FormatFloat(v*100, 'f', 1, 64) + "%"
	case "growth":
		c.Text = fmt.Sprintf("%+.1f%%", v*100)
	case "rank":
		c.Text = strconv.Itoa(int(v))
	default:
		c.Text = strconv.FormatFloat(v, 'f', -1, 64)
	}
	return c
}

// thousands writes n with thousands separators.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var parts []string
	for len(s) > 3 {
		parts = append([]string{s[len(s)-3:]}, parts...)
		s = s[:len(s)-3]
	}
	out := strings.Join(append([]string{s}, parts...), ",")
	if neg {
		return "-" + out
	}
	return out
}
