package quality

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/dazhou-gongai/gongai/internal/project"
	"github.com/peterstace/simplefeatures/geom"
	"github.com/peterstace/simplefeatures/rtree"
)

// checkDuplicates finds projects registered twice: the same code once
// normalised, or a near-identical name on an overlapping site (candidate
// pairs come from an R-tree of the sites' bounding boxes, so the check is
// not quadratic), or — for projects without a site — the same normalised
// name and address. The later registration (higher id) is the failing one.
func checkDuplicates(ctx context.Context, e *checkEnv) (outcome, error) {
	eval, err := countBy(ctx, e.q, sqlProjectsByRegion)
	if err != nil {
		return outcome{}, err
	}
	rows, err := loadSites(ctx, e.q)
	if err != nil {
		return outcome{}, err
	}
	threshold := e.floatParam("name_similarity", 0.85)
	out := outcome{evaluated: eval}
	add := func(dup, orig siteRow, why string) {
		out.failures = append(out.failures, projectFailure(dup.id, dup.region, fmt.Sprintf(
			"项目“%s”（%s）与先登记的项目“%s”（%s）疑似重复：%s。", dup.name, dup.code, orig.name, orig.code, why)))
	}
	sameCode(rows, add)
	sameNameAddress(rows, add)
	overlapping(rows, threshold, add)
	return out, nil
}

func sameCode(rows []siteRow, add func(dup, orig siteRow, why string)) {
	first := map[string]siteRow{}
	for _, r := range rows { // by id
		key := strings.ToUpper(project.NormalizeCode(r.code))
		if orig, ok := first[key]; ok {
			add(r, orig, "项目代码相同")
			continue
		}
		first[key] = r
	}
}

func sameNameAddress(rows []siteRow, add func(dup, orig siteRow, why string)) {
	first := map[string]siteRow{}
	for _, r := range rows {
		if r.hasSite {
			continue
		}
		key := r.region + "|" + normalName(r.name) + "|" + normalName(r.addr)
		if orig, ok := first[key]; ok {
			add(r, orig, "项目名称和建设地址相同（均未提供用地红线）")
			continue
		}
		first[key] = r
	}
}

func overlapping(rows []siteRow, threshold float64, add func(dup, orig siteRow, why string)) {
	var items []rtree.BulkItem
	for i, r := range rows {
		if r.hasSite {
			lo, hi, ok := r.site.Envelope().MinMaxXYs()
			if ok {
				items = append(items, rtree.BulkItem{Box: rtree.Box{MinX: lo.X, MinY: lo.Y, MaxX: hi.X, MaxY: hi.Y}, RecordID: i})
			}
		}
	}
	tree := rtree.BulkLoad(items)
	for _, it := range items {
		dup := rows[it.RecordID]
		_ = tree.RangeSearch(it.Box, func(j int) error {
			orig := rows[j]
			if orig.id >= dup.id { // each pair once, the later one failing
				return nil
			}
			sim := similarity(normalName(dup.name), normalName(orig.name))
			if sim >= threshold && overlaps(dup.site, orig.site) {
				add(dup, orig, fmt.Sprintf("名称相似度 %.0f%%，用地红线重叠", sim*100))
				return rtree.Stop
			}
			return nil
		})
	}
}

// overlaps reports whether two sites share some area (touching edges do not count).
func overlaps(a, b geom.Geometry) bool {
	if !geom.Intersects(a, b) {
		return false
	}
	in, err := geom.Intersection(a, b)
	return err == nil && in.Area() > 0
}

// normalName drops spaces, punctuation and brackets and folds full-width
// letters and digits, so that “达州 XX 项目（一期）” equals “达州XX项目(一期)”.
func normalName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 0xFF01 && r <= 0xFF5E { // full-width ASCII
			r -= 0xFEE0
		}
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// similarity is 1 − edit distance ÷ the longer length, over runes.
func similarity(a, b string) float64 {
	ra, rb := []rune(a), []rune(b)
	n := max(len(ra), len(rb))
	if n == 0 {
		return 1
	}
	return 1 - float64(editDistance(ra, rb))/float64(n)
}

func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
