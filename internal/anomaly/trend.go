package anomaly

import (
	"context"
	"fmt"
	"html/template"
	"math"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

// TrendDays is how many working days the alert page draws.
const TrendDays = 30

// TrendPoint is one working day of an alert's series: Value nil when the
// region reported nothing.
type TrendPoint struct {
	Day    calendar.Date `json:"day"`
	Value  *float64      `json:"value"`
	Sample float64       `json:"sample"`
}

// Trend returns the last TrendDays working days of a's indicator in its
// region, ending with a.Day, oldest first. Who: IndicatorView in a's region.
func (s *Service) Trend(ctx context.Context, a *Alert) ([]TrendPoint, error) {
	if _, _, err := viewer(ctx, a.RegionCode); err != nil {
		return nil, err
	}
	wd := newWorkdays(s.cal)
	days, err := wd.before(ctx, a.Day.AddDays(1), TrendDays)
	if err != nil || len(days) == 0 {
		return nil, err
	}
	pts, err := s.src.Series(ctx, a.IndicatorCode, a.RegionCode, Period, days[0].Time(), a.Day.AddDays(1).Time())
	if err != nil {
		return nil, err
	}
	byDay := map[calendar.Date]Point{}
	for _, p := range pts {
		byDay[p.Day()] = p
	}
	out := make([]TrendPoint, len(days))
	for i, d := range days {
		out[i].Day = d
		if p, ok := byDay[d]; ok {
			v := p.Value
			out[i].Value, out[i].Sample = &v, p.Sample()
		}
	}
	return out, nil
}

// Band is the range a's rule counts as normal, drawn behind the series:
// the target (a line) for a static rule; baseline ± threshold·σ for a
// baseline or peer rule; baseline ± σ for CUSUM (σ = 1.4826·MAD). ok is
// false when the alert has no baseline (nodata).
func (a *Alert) Band() (lo, hi float64, ok bool) {
	if a.Baseline == nil {
		return 0, 0, false
	}
	b, sigma := *a.Baseline, 0.0
	if a.Spread != nil {
		sigma = MADScale * *a.Spread
	}
	switch a.Method {
	case MethodStatic:
		return b, b, true
	case MethodCUSUM:
		return b - sigma, b + sigma, true
	}
	return b - a.Threshold*sigma, b + a.Threshold*sigma, true
}

// Sparkline geometry.
const (
	sparkW, sparkH, sparkPad = 600.0, 140.0, 12.0
)

// Sparkline draws pts as an inline SVG: the band in grey, the series as a
// line broken where nothing was reported, and the alert's day marked. It
// contains only numbers and the escaped label, so it is safe HTML.
func Sparkline(a *Alert, pts []TrendPoint) template.HTML {
	lo, hi, hasBand := a.Band()
	ymin, ymax := math.Inf(1), math.Inf(-1)
	widen := func(v float64) { ymin, ymax = math.Min(ymin, v), math.Max(ymax, v) }
	for _, p := range pts {
		if p.Value != nil {
			widen(*p.Value)
		}
	}
	if hasBand {
		widen(lo)
		widen(hi)
	}
	if math.IsInf(ymin, 1) {
		ymin, ymax = 0, 1
	}
	if ymax-ymin < 1e-9 {
		ymin, ymax = ymin-1, ymax+1
	}
	x := func(i int) float64 { return sparkPad + float64(i)*(sparkW-2*sparkPad)/float64(max(len(pts)-1, 1)) }
	y := func(v float64) float64 { return sparkH - sparkPad - (v-ymin)/(ymax-ymin)*(sparkH-2*sparkPad) }
	var b strings.Builder
	label := fmt.Sprintf("%s %s 近 %d 个工作日走势", a.RegionName, a.IndicatorName, len(pts))
	fmt.Fprintf(&b, `<svg class="sparkline" viewBox="0 0 %g %g" width="100%%" role="img" aria-label="%s">`,
		sparkW, sparkH, template.HTMLEscapeString(label))
	fmt.Fprintf(&b, `<title>%s</title>`, template.HTMLEscapeString(label))
	if hasBand {
		fmt.Fprintf(&b, `<rect x="%g" y="%.1f" width="%g" height="%.1f" fill="#dfe3e8" stroke="#8a939c" stroke-dasharray="4 3"/>`,
			sparkPad, y(hi), sparkW-2*sparkPad, math.Max(y(lo)-y(hi), 1))
	}
	b.WriteString(sparkPath(pts, x, y))
	for i, p := range pts {
		if p.Value != nil && p.Day == a.Day {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="5" fill="#b3261e"/>`, x(i), y(*p.Value))
		} else if p.Value == nil {
			fmt.Fprintf(&b, `<text x="%.1f" y="%g" font-size="12" text-anchor="middle" fill="#b3261e">×</text>`, x(i), sparkH-2)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // #nosec: built from numbers and escaped text only
}

// sparkPath is the series as one path, lifting the pen over missing days.
func sparkPath(pts []TrendPoint, x func(int) float64, y func(float64) float64) string {
	var d strings.Builder
	pen := false
	for i, p := range pts {
		if p.Value == nil {
			pen = false
			continue
		}
		cmd := "L"
		if !pen {
			cmd = "M"
		}
		fmt.Fprintf(&d, "%s%.1f %.1f ", cmd, x(i), y(*p.Value))
		pen = true
	}
	return fmt.Sprintf(`<path d="%s" fill="none" stroke="#1d4f91" stroke-width="2"/>`, strings.TrimSpace(d.String()))
}

// ValueText is the point's value with the unit, or 未上报.
func (p TrendPoint) ValueText(unit string) string {
	if p.Value == nil {
		return "未上报"
	}
	return withUnit(*p.Value, unit)
}

// SampleText is the point's sample size, or — when nothing was reported.
func (p TrendPoint) SampleText() string {
	if p.Value == nil {
		return "—"
	}
	return num(p.Sample)
}

// ValueText is the alert's latest value with the unit, or 未上报.
func (a Alert) ValueText() string {
	if a.Value == nil {
		return "未上报"
	}
	return withUnit(*a.Value, a.Unit)
}

// SampleText is the alert's latest sample size, or — without a value.
func (a Alert) SampleText() string {
	if a.Sample == nil || a.Value == nil {
		return "—"
	}
	return num(*a.Sample)
}
