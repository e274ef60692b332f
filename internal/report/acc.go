package report

import (
	"math"
	"slices"
)

// acc accumulates the cases of one cell. Durations are kept as a
// histogram (working days → cases): percentiles stay exact and merging
// subtotals costs little.
type acc struct {
	n               [nEvents]int
	ontime, overdue int
	sumDays         int
	days            map[int]int
}

// add counts fact f for event e.
func (a *acc) add(e event, f *fact) {
	a.n[e]++
	if e != evConcluded {
		return
	}
	if f.OnTime {
		a.ontime++
	} else {
		a.overdue++
	}
	a.sumDays += f.Used
	if a.days == nil {
		a.days = map[int]int{}
	}
	a.days[f.Used]++
}

// merge adds b into a.
func (a *acc) merge(b *acc) {
	if b == nil {
		return
	}
	for i := range a.n {
		a.n[i] += b.n[i]
	}
	a.ontime += b.ontime
	a.overdue += b.overdue
	a.sumDays += b.sumDays
	if len(b.days) > 0 && a.days == nil {
		a.days = map[int]int{}
	}
	for d, k := range b.days {
		a.days[d] += k
	}
}

// value evaluates measure m; ok is false when it is undefined (a rate or
// a duration with no concluded case).
func (a *acc) value(m measureDef) (v float64, ok bool) {
	if a == nil {
		a = &acc{}
	}
	concluded := a.n[evConcluded]
	switch m.Key {
	case "received":
		return float64(a.n[evReceived]), true
	case "accepted":
		return float64(a.n[evAccepted]), true
	case "concluded":
		return float64(concluded), true
	case "ontime":
		return float64(a.ontime), true
	case "overdue":
		return float64(a.overdue), true
	}
	if concluded == 0 {
		return 0, false
	}
	switch m.Key {
	case "avg_days":
		return float64(a.sumDays) / float64(concluded), true
	case "p50_days":
		return float64(a.percentile(0.5)), true
	case "p90_days":
		return float64(a.percentile(0.9)), true
	case "ontime_rate":
		return float64(a.ontime) / float64(concluded), true
	case "overdue_rate":
		return float64(a.overdue) / float64(concluded), true
	}
	return 0, false
}

// percentile is the nearest-rank percentile: the smallest duration d such
// that at least ⌈p·N⌉ cases took d working days or fewer.
func (a *acc) percentile(p float64) int {
	total := 0
	keys := make([]int, 0, len(a.days))
	for d, k := range a.days {
		keys = append(keys, d)
		total += k
	}
	slices.Sort(keys)
	rank := int(math.Ceil(p * float64(total)))
	seen := 0
	for _, d := range keys {
		seen += a.days[d]
		if seen >= rank {
			return d
		}
	}
	return 0
}
