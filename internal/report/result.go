package report

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/catalog"
)

// Result is a computed report: a header of columns and the rows in display
// order (the grand total first, each subtotal before its members).
type Result struct {
	Name       string    `json:"name"`
	Spec       Spec      `json:"spec"`
	RangeLabel string    `json:"range_label"`
	RowHeaders []string  `json:"row_headers"`
	ColGroups  []Group   `json:"col_groups,omitempty" doc:"列维度的取值（每个跨若干列），无列维度时为空"`
	Columns    []Column  `json:"columns"`
	Rows       []Row     `json:"rows"`
	Truncated  bool      `json:"truncated" doc:"明细行超过 5000 行时截断"`
	Conditions []KeyText `json:"conditions" doc:"查询条件（导出到 Excel 的查询条件表）"`
}

// Group is a column-dimension member spanning Span leaf columns.
type Group struct {
	Label string `json:"label"`
	Span  int    `json:"span"`
}

// Column is one leaf column: a measure or a derived column.
type Column struct {
	Label string `json:"label"`
	Kind  string `json:"kind" doc:"count、days、rate、growth、share、rank"`
}

// Row is one row. Depth is how many row dimensions it fixes: 0 for the
// grand total, the number of row dimensions for a detail row.
type Row struct {
	Labels []string `json:"labels"`
	Depth  int      `json:"depth"`
	Cells  []Cell   `json:"cells"`
}

// Cell is one value; Text is what pages and files show ("—" when the
// value is undefined).
type Cell struct {
	Value float64 `json:"value"`
	Valid bool    `json:"valid"`
	Text  string  `json:"text"`
}

// KeyText is one line of the conditions.
type KeyText struct {
	Key  string `json:"key"`
	Text string `json:"text"`
}

// Names resolves the members of the dimensions to Chinese names.
type Names struct {
	Regions     map[string]string // code → name
	RegionOrder map[string]int    // code → display position
	Depts       map[int64]string  // org unit id → name
}

// memberLabel names member v of dim.
func (c *cube) memberLabel(n *Names, dim, v string) string {
	if v == star {
		return "合计"
	}
	switch dim {
	case DimRegion:
		if s, ok := n.Regions[v]; ok {
			return s
		}
	case DimDept:
		id, _ := strconv.ParseInt(v, 10, 64)
		if id == 0 {
			return "（未指定牵头部门）"
		}
		if s, ok := n.Depts[id]; ok {
			return s
		}
	case DimItem:
		if s := c.items[v]; s != "" {
			return s
		}
	case DimFlowType:
		t, _ := strconv.Atoi(v)
		if s := catalog.FlowTypeName(t); s != "" {
			return s
		}
	case DimStage:
		st, _ := strconv.Atoi(v)
		if st == 0 {
			return "辅线"
		}
		if s := catalog.StageName(st); s != "" {
			return s
		}
	case DimChannel:
		return labelOf(Channels, v)
	case DimPeriod:
		if s, ok := c.starts[v]; ok {
			return periodLabel(c.spec.Period, s)
		}
	}
	return v
}

// compareMembers orders two members of dim for display.
func compareMembers(n *Names, dim, a, b string) int {
	switch dim {
	case DimRegion:
		oa, okA := n.RegionOrder[a]
		ob, okB := n.RegionOrder[b]
		if okA && okB {
			return cmp.Compare(oa, ob)
		}
	case DimDept, DimFlowType, DimStage:
		x, _ := strconv.ParseInt(a, 10, 64)
		y, _ := strconv.ParseInt(b, 10, 64)
		return cmp.Compare(x, y)
	}
	return cmp.Compare(a, b)
}

// columnMembers are the displayed members of the column dimension in
// order, then the total; just the total when there is no column dimension.
func (c *cube) columnMembers(n *Names) []string {
	if c.spec.Column == "" {
		return []string{star}
	}
	set := map[string]bool{}
	for _, node := range c.leafKeys() {
		set[node[c.nRows]] = true
	}
	var out []string
	for m := range set {
		if m != star {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return compareMembers(n, c.spec.Column, a, b) })
	return append(out, star)
}
