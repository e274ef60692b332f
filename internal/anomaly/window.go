package anomaly

import (
	"math"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

// empty reports whether no region has any point.
func (s series) empty() bool {
	for _, byDay := range s {
		if len(byDay) > 0 {
			return false
		}
	}
	return true
}

// window is region's point for the span working days ending with days[j]:
// the day's own point for a span of 1; otherwise the rate of the sums of
// the numerators and denominators of the days with a point (a rule that
// sums is on a rate in per cent; Rule.Validate sees to it). ok is false
// when no day of the span has a point, or the sums have no denominator.
func (s series) window(region string, days []calendar.Date, j, span int) (Point, bool) {
	own := s[region]
	if span <= 1 {
		p, ok := own[days[j]]
		return p, ok
	}
	var num, den float64
	for i := max(j-span+1, 0); i <= j; i++ {
		if p, ok := own[days[i]]; ok {
			num, den = num+p.Numerator, den+p.Denominator
		}
	}
	if den <= 0 {
		return Point{}, false
	}
	v := math.Round(num/den*100*10000) / 10000
	return Point{Start: days[j].Time(), Value: v, Numerator: num, Denominator: den}, true
}
