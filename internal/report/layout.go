package report

import (
	"cmp"
	"slices"
	"strings"
)

// node is one row of the result tree: vals are the row members (star for
// the summed-over ones), depth the number fixed.
type node struct {
	vals  []string
	depth int
	kids  []*node
	index map[string]*node
	ranks map[string]int // column member + sep + measure → rank among siblings
}

// leafKeys are the split keys of the displayed detail cells.
func (c *cube) leafKeys() [][]string {
	var out [][]string
	for k := range c.cells {
		vals := strings.Split(k, sep)
		if slices.Contains(vals[:c.nRows], star) {
			continue
		}
		if c.periodPos < 0 && vals[len(vals)-1] != winCur {
			continue
		}
		if c.periodPos >= 0 && !c.displayed(vals[c.periodPos]) {
			continue
		}
		out = append(out, vals)
	}
	return out
}

// tree builds the row tree of the displayed detail cells, plus pad: row
// members of the first dimension to show even without cases.
func (c *cube) tree(pad []string) *node {
	root := &node{vals: stars(c.nRows), index: map[string]*node{}}
	insert := func(rowVals []string) {
		n := root
		for i := 0; i < len(rowVals); i++ {
			kid := n.index[rowVals[i]]
			if kid == nil {
				v := append(append([]string{}, rowVals[:i+1]...), stars(c.nRows-i-1)...)
				kid = &node{vals: v, depth: i + 1, index: map[string]*node{}}
				n.index[rowVals[i]] = kid
				n.kids = append(n.kids, kid)
			}
			n = kid
		}
	}
	for _, vals := range c.leafKeys() {
		insert(vals[:c.nRows])
	}
	for _, m := range pad {
		insert([]string{m})
	}
	return root
}

func stars(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = star
	}
	return out
}

// key is the full cell key of row members vals in column member col.
func (c *cube) key(vals []string, col string) []string {
	k := append([]string{}, vals...)
	if c.spec.Column != "" {
		k = append(k, col)
	}
	if c.periodPos < 0 {
		k = append(k, winCur)
	}
	return k
}

// sortTree orders every sibling list by the sort measure (on the column
// total) or by member order, and ranks the siblings.
func (c *cube) sortTree(n *node, names *Names, cols []string) {
	if len(n.kids) == 0 {
		return
	}
	dim := c.spec.Rows[n.depth]
	m, bySort := measureOf(c.spec.Sort)
	slices.SortStableFunc(n.kids, func(a, b *node) int {
		if bySort {
			va, oka := c.get(c.key(a.vals, star)).value(m)
			vb, okb := c.get(c.key(b.vals, star)).value(m)
			if r := compareValues(va, oka, vb, okb, c.spec.Desc); r != 0 {
				return r
			}
		}
		return compareMembers(names, dim, a.vals[n.depth], b.vals[n.depth])
	})
	c.rank(n.kids, cols)
	for _, k := range n.kids {
		c.sortTree(k, names, cols)
	}
}

// compareValues orders defined values before undefined ones.
func compareValues(a float64, oka bool, b float64, okb bool, desc bool) int {
	switch {
	case oka && !okb:
		return -1
	case !oka && okb:
		return 1
	case desc:
		return cmp.Compare(b, a)
	}
	return cmp.Compare(a, b)
}

// better reports whether lower values of m are better (rank 1 = lowest).
func lowerIsBetter(m measureDef) bool {
	return m.Key == "overdue" || m.Key == "overdue_rate" || m.Kind == kindDays
}

// rank fills the ranks of siblings for every ranked measure and column:
// standard competition ranking (1, 1, 3), rank 1 for the best value.
func (c *cube) rank(sibs []*node, cols []string) {
	for _, d := range c.spec.Derived {
		if d.Kind != DerivedRank {
			continue
		}
		m, _ := measureOf(d.Measure)
		for _, col := range cols {
			vals := make([]float64, len(sibs))
			oks := make([]bool, len(sibs))
			for i, s := range sibs {
				vals[i], oks[i] = c.get(c.key(s.vals, col)).value(m)
			}
			for i, s := range sibs {
				if !oks[i] {
					continue
				}
				r := 1
				for j := range sibs {
					if oks[j] && (lowerIsBetter(m) && vals[j] < vals[i] || !lowerIsBetter(m) && vals[j] > vals[i]) {
						r++
					}
				}
				if s.ranks == nil {
					s.ranks = map[string]int{}
				}
				s.ranks[col+sep+m.Key] = r
			}
		}
	}
}
