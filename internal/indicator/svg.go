package indicator

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// TrendPoint is one labelled value of a trend chart (nil: no data).
type TrendPoint struct {
	Label string
	Value *float64
}

// Chart geometry, in SVG user units.
const (
	chartW, chartH         = 640, 220
	padL, padR, padT, padB = 56, 16, 16, 40
	plotW, plotH           = chartW - padL - padR, chartH - padT - padB
)

// TrendSVG draws pts as an inline, accessible SVG line chart: role="img"
// with a <title> and <desc>; gaps where there is no data; the target as a
// dashed line. The page shows the same values in a table beside it (the
// text alternative). Every text is escaped; numbers are formatted here.
func TrendSVG(id, title, unit string, pts []TrendPoint, target *float64) template.HTML {
	lo, hi, ok := bounds(pts, target)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="trend" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-t %s-d" xmlns="http://www.w3.org/2000/svg">`,
		chartW, chartH, id, id)
	fmt.Fprintf(&b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, esc(title), id, esc(describe(pts, unit)))
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#6b7280"/>`, padL, padT+plotH, padL+plotW, padT+plotH)
	if !ok {
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" fill="#4b5563">暂无数据</text></svg>`, chartW/2, chartH/2)
		return template.HTML(b.String())
	}
	y := func(v float64) float64 { return float64(padT+plotH) - (v-lo)/(hi-lo)*float64(plotH) }
	x := func(i int) float64 {
		if len(pts) == 1 {
			return float64(padL + plotW/2)
		}
		return float64(padL) + float64(i)*float64(plotW)/float64(len(pts)-1)
	}
	for _, v := range []float64{lo, hi} {
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end" font-size="12" fill="#4b5563">%s</text>`, padL-6, y(v)+4, fmtNum(v))
	}
	if target != nil {
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#b45309" stroke-dasharray="6 4"><title>目标 %s</title></line>`,
			padL, y(*target), padL+plotW, y(*target), fmtNum(*target))
	}
	drawLine(&b, pts, x, y)
	for i, p := range pts {
		if i == 0 || i == len(pts)-1 || len(pts) <= 12 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" font-size="11" fill="#4b5563">%s</text>`, x(i), chartH-12, esc(p.Label))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// drawLine draws the runs of consecutive values as polylines with dots.
func drawLine(b *strings.Builder, pts []TrendPoint, x func(int) float64, y func(float64) float64) {
	var run []string
	flush := func() {
		if len(run) > 1 {
			fmt.Fprintf(b, `<polyline fill="none" stroke="#1d4ed8" stroke-width="2" points="%s"/>`, strings.Join(run, " "))
		}
		run = run[:0]
	}
	for i, p := range pts {
		if p.Value == nil {
			flush()
			continue
		}
		run = append(run, fmt.Sprintf("%.1f,%.1f", x(i), y(*p.Value)))
		fmt.Fprintf(b, `<circle cx="%.1f" cy="%.1f" r="3" fill="#1d4ed8"><title>%s：%s</title></circle>`,
			x(i), y(*p.Value), esc(p.Label), fmtNum(*p.Value))
	}
	flush()
}

// bounds returns the value axis; ok is false when no point has a value.
func bounds(pts []TrendPoint, target *float64) (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, p := range pts {
		if p.Value != nil {
			lo, hi, ok = math.Min(lo, *p.Value), math.Max(hi, *p.Value), true
		}
	}
	if !ok {
		return 0, 0, false
	}
	if target != nil {
		lo, hi = math.Min(lo, *target), math.Max(hi, *target)
	}
	lo = math.Min(lo, 0)
	if hi-lo < 1e-9 {
		hi = lo + 1
	}
	return lo, hi, true
}

func describe(pts []TrendPoint, unit string) string {
	parts := make([]string, 0, len(pts))
	for _, p := range pts {
		v := "暂无数据"
		if p.Value != nil {
			v = fmtNum(*p.Value) + unit
		}
		parts = append(parts, p.Label+" "+v)
	}
	return strings.Join(parts, "；")
}

// fmtNum shows at most two decimals, without trailing zeros.
func fmtNum(v float64) string {
	s := fmt.Sprintf("%.2f", v)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}

func esc(s string) string { return template.HTMLEscapeString(s) }
