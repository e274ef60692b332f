package report

import (
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

// star is the member of a dimension that has been summed over.
const star = "*"

// sep joins the members of a cell key.
const sep = "\x1f"

// Window members of a report without a period dimension.
const (
	winCur = "cur"
	winYoY = "yoy"
	winMoM = "mom"
)

// cube holds the accumulated cells of one report. A cell key has one
// member per dimension (rows, then the column dimension if any, then —
// when the period is not a dimension — the comparison window), star for
// the summed-over dimensions. Each case-event is added at every level:
// each prefix of the row dimensions (subtotals and the grand total), the
// share base (all rows but the period summed), each with the column
// member and with the column total.
type cube struct {
	spec      *Spec
	rg        Range
	dims      []string // rows then column
	nRows     int
	periodPos int // position of DimPeriod in dims, -1 when absent
	cells     map[string]*acc
	starts    map[string]calendar.Date // period key → start
	items     map[string]string        // item code → name
	yoy, mom  window
}

func newCube(s *Spec, rg Range) *cube {
	c := &cube{spec: s, rg: rg, dims: append([]string{}, s.Rows...), nRows: len(s.Rows), periodPos: -1,
		cells: map[string]*acc{}, starts: map[string]calendar.Date{}, items: map[string]string{}}
	if s.Column != "" {
		c.dims = append(c.dims, s.Column)
	}
	for i, d := range c.dims {
		if d == DimPeriod {
			c.periodPos = i
		}
	}
	c.yoy, c.mom = comparisonWindows(s.Period, rg)
	return c
}

// addAll adds every event of every fact.
func (c *cube) addAll(facts []fact) {
	for i := range facts {
		f := &facts[i]
		c.items[f.Item] = f.ItemName
		for e := event(0); e < nEvents; e++ {
			if d := f.date(e); !d.IsZero() {
				c.addEvent(e, f, d)
			}
		}
	}
}

// addEvent adds event e of f on day d to every cell it belongs to.
func (c *cube) addEvent(e event, f *fact, d calendar.Date) {
	vals := make([]string, len(c.dims), len(c.dims)+1)
	for i, dim := range c.dims {
		vals[i] = c.member(dim, f, d)
	}
	if c.periodPos >= 0 {
		c.addLevels(e, f, vals, c.displayed(vals[c.periodPos]))
		return
	}
	for _, w := range []struct {
		name string
		in   window
	}{{winCur, window{c.rg.From, c.rg.To}}, {winYoY, c.yoy}, {winMoM, c.mom}} {
		if w.in.contains(d) {
			c.addLevels(e, f, append(vals, w.name), true)
		}
	}
}

// addLevels adds to the cell of vals and to its subtotal, share-base and
// column-total cells, each once. An event outside the displayed periods
// (kept for 同比/环比) goes only into cells of its own period, never into a
// total over periods.
func (c *cube) addLevels(e event, f *fact, vals []string, inRange bool) {
	seen := make(map[string]bool, 10)
	add := func(v []string) {
		k := strings.Join(v, sep)
		if seen[k] || !inRange && v[c.periodPos] == star {
			return
		}
		seen[k] = true
		a := c.cells[k]
		if a == nil {
			a = &acc{}
			c.cells[k] = a
		}
		a.add(e, f)
	}
	for _, v := range c.levels(vals) {
		add(v)
		if c.spec.Column != "" {
			t := append([]string{}, v...)
			t[c.nRows] = star
			add(t)
		}
	}
}

// levels are vals with each suffix of the row members starred, and the
// share base.
func (c *cube) levels(vals []string) [][]string {
	out := make([][]string, 0, c.nRows+2)
	for k := c.nRows; k >= 0; k-- {
		v := append([]string{}, vals...)
		for i := k; i < c.nRows; i++ {
			v[i] = star
		}
		out = append(out, v)
	}
	return append(out, c.shareBase(vals))
}

// shareBase is vals with every row member but the period starred.
func (c *cube) shareBase(vals []string) []string {
	v := append([]string{}, vals...)
	for i := 0; i < c.nRows; i++ {
		if i != c.periodPos {
			v[i] = star
		}
	}
	return v
}

// member is f's member of dimension dim for an event on day d.
func (c *cube) member(dim string, f *fact, d calendar.Date) string {
	switch dim {
	case DimRegion:
		return f.Region
	case DimDept:
		return strconv.FormatInt(f.Dept, 10)
	case DimItem:
		return f.Item
	case DimFlowType:
		return strconv.Itoa(f.FlowType)
	case DimStage:
		return strconv.Itoa(f.Stage)
	case DimChannel:
		return f.Channel
	}
	start := periodStart(c.spec.Period, d)
	k := periodKey(c.spec.Period, start)
	c.starts[k] = start
	return k
}

// displayed reports whether a period member lies in the report's range.
func (c *cube) displayed(periodKey string) bool {
	s, ok := c.starts[periodKey]
	return ok && !s.Before(c.rg.From) && !s.After(c.rg.To)
}

// get returns the cell of vals (nil when no case fell in it).
func (c *cube) get(vals []string) *acc { return c.cells[strings.Join(vals, sep)] }
