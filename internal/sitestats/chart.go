package sitestats

import (
	"fmt"
	"html/template"
	"strings"
)

// Chart geometry of the daily bars, in SVG user units.
const (
	chartW, chartH       = 760, 240
	padLeft, padRight    = 56, 12
	padTop, padBottom    = 16, 40
	viewsFill, uniqFill  = "#9cc3e6", "#1d5d99"
	gridStroke, axisText = "#d0d7de", "#57606a"
)

// DailyChart draws the page views (light bars) and unique visitors (dark
// bars inside them) of each day as an inline SVG with a title, a
// description and a tooltip per bar. The page shows the same figures in a
// table beside it, so the chart carries no information of its own. Only
// numbers and dates go into it; the text is escaped all the same.
func DailyChart(days []DayRow) template.HTML {
	var b strings.Builder
	peak := int64(0)
	for _, d := range days {
		peak = max(peak, d.Views, d.Visitors)
	}
	top := niceCeil(peak)
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="daily-title daily-desc">`,
		chartW, chartH, chartW, chartH)
	b.WriteString(`<title id="daily-title">每日浏览量与访客数</title>`)
	fmt.Fprintf(&b, `<desc id="daily-desc">%s</desc>`, template.HTMLEscapeString(chartDesc(days, peak)))
	grid(&b, top)
	bars(&b, days, top)
	xLabels(&b, days)
	legend(&b)
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // built from numbers and escaped text only
}

func chartDesc(days []DayRow, peak int64) string {
	if len(days) == 0 {
		return "没有数据。"
	}
	return fmt.Sprintf("%s 至 %s 共 %d 天，单日最高 %d。浅色柱为浏览量，深色柱为访客数（按日去重）。",
		days[0].Day, days[len(days)-1].Day, len(days), peak)
}

// niceCeil rounds n up to 1, 2 or 5 times a power of ten (at least 5), so
// that the axis has round gridlines.
func niceCeil(n int64) int64 {
	if n <= 5 {
		return 5
	}
	p := int64(1)
	for p*10 < n {
		p *= 10
	}
	for _, m := range []int64{1, 2, 5, 10} {
		if m*p >= n {
			return m * p
		}
	}
	return 10 * p
}

func plotH() float64 { return chartH - padTop - padBottom }
func plotW() float64 { return chartW - padLeft - padRight }

func yOf(v, top int64) float64 { return padTop + plotH()*(1-float64(v)/float64(top)) }

func grid(b *strings.Builder, top int64) {
	for i := int64(0); i <= 5; i++ {
		v := top * i / 5
		y := yOf(v, top)
		fmt.Fprintf(b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="%s" stroke-width="1"/>`,
			padLeft, y, chartW-padRight, y, gridStroke)
		fmt.Fprintf(b, `<text x="%d" y="%.1f" font-size="11" text-anchor="end" fill="%s">%d</text>`,
			padLeft-6, y+4, axisText, v)
	}
}

func bars(b *strings.Builder, days []DayRow, top int64) {
	if len(days) == 0 {
		return
	}
	step := plotW() / float64(len(days))
	w := max(step*0.8, 1)
	for i, d := range days {
		x := padLeft + step*float64(i) + (step-w)/2
		fmt.Fprintf(b, `<g><title>%s 浏览 %d 次，访客 %d 人</title>`, d.Day, d.Views, d.Visitors)
		fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`,
			x, yOf(d.Views, top), w, yOf(0, top)-yOf(d.Views, top), viewsFill)
		iw := w * 0.5
		fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/></g>`,
			x+(w-iw)/2, yOf(d.Visitors, top), iw, yOf(0, top)-yOf(d.Visitors, top), uniqFill)
	}
}

// xLabels names the first, middle and last day (MM-DD).
func xLabels(b *strings.Builder, days []DayRow) {
	if len(days) == 0 {
		return
	}
	step := plotW() / float64(len(days))
	idx := []int{0}
	if len(days) > 2 {
		idx = append(idx, len(days)/2)
	}
	if len(days) > 1 {
		idx = append(idx, len(days)-1)
	}
	for _, i := range idx {
		x := padLeft + step*(float64(i)+0.5)
		fmt.Fprintf(b, `<text x="%.1f" y="%d" font-size="11" text-anchor="middle" fill="%s">%s</text>`,
			x, chartH-padBottom+16, axisText, days[i].Day.String()[5:])
	}
}

func legend(b *strings.Builder) {
	y := chartH - 10
	fmt.Fprintf(b, `<rect x="%d" y="%d" width="12" height="12" fill="%s"/>`, padLeft, y-10, viewsFill)
	fmt.Fprintf(b, `<text x="%d" y="%d" font-size="12" fill="%s">浏览量</text>`, padLeft+16, y, axisText)
	fmt.Fprintf(b, `<rect x="%d" y="%d" width="12" height="12" fill="%s"/>`, padLeft+80, y-10, uniqFill)
	fmt.Fprintf(b, `<text x="%d" y="%d" font-size="12" fill="%s">访客数（按日去重）</text>`, padLeft+96, y, axisText)
}
