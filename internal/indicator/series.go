package indicator

import (
	"slices"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

// seriesKey identifies a series: one indicator in one region under one
// dimension ("" = the total).
type seriesKey struct{ code, region, dim string }

// slot is one day of a series: the sums of its figures; has says some
// figure or stored value fell on it (a value of 0/0 is still a value).
type slot struct {
	num, den float64
	has      bool
}

// bag holds the samples of one day of a median series: its own, which
// are stored, and those it counts under the total from a dimension
// (derived), which are stored under the dimension only.
type bag struct {
	own, derived []float64
}

// values appends every sample of b to out.
func (b *bag) values(out []float64) []float64 {
	if b == nil {
		return out
	}
	return append(append(out, b.own...), b.derived...)
}

// series is the days of one seriesKey over a store's span; bags is nil
// until the series has a sample.
type series struct {
	slots []slot
	bags  []*bag
}

func (s *series) bag(i int) *bag {
	if s.bags == nil {
		s.bags = make([]*bag, len(s.slots))
	}
	if s.bags[i] == nil {
		s.bags[i] = &bag{}
	}
	return s.bags[i]
}

// store holds series over the days [from, from+len(dates)). A day is an
// index into the slots, so summing a million figures hashes only the small
// map of series, and rolling days up into periods walks arrays.
type store struct {
	first  int // dayNumber of dates[0]
	dates  []calendar.Date
	series map[seriesKey]*series
}

func newStore(from, to calendar.Date) *store {
	st := &store{first: dayNumber(from), series: map[seriesKey]*series{}}
	for d := from; d.Before(to); d = d.AddDays(1) {
		st.dates = append(st.dates, d)
	}
	return st
}

// index is the slot of day, or -1 outside the span.
func (st *store) index(day calendar.Date) int {
	i := dayNumber(day) - st.first
	if i < 0 || i >= len(st.dates) {
		return -1
	}
	return i
}

// get returns the series of k, creating it.
func (st *store) get(k seriesKey) *series {
	s := st.series[k]
	if s == nil {
		s = &series{slots: make([]slot, len(st.dates))}
		st.series[k] = s
	}
	return s
}

// put adds f to its series; derived says f is the total's copy of a figure
// with a dimension, whose sample is stored under the dimension only (the
// roll-up counts a dimension's samples under the total too), which halves
// the samples a Recompute writes. A record contributes one sample per
// indicator and day (Ref.Key is unique per indicator), so samples are kept
// in a list, not by key.
func (st *store) put(f Figure, derived bool) {
	i := st.index(f.Day)
	if i < 0 {
		return
	}
	s := st.get(seriesKey{f.Code, f.RegionCode, f.Dim})
	sl := &s.slots[i]
	sl.has = true
	sl.num += f.Numerator
	sl.den += f.Denominator
	if f.Sample == nil {
		return
	}
	b := s.bag(i)
	if derived {
		b.derived = append(b.derived, *f.Sample)
	} else {
		b.own = append(b.own, *f.Sample)
	}
}

// putValue adds a stored day value of a region.
func (st *store) putValue(k valueKey, f figures) {
	if i := st.index(k.start); i >= 0 {
		sl := &st.get(seriesKey{k.code, k.region, k.dim}).slots[i]
		sl.has, sl.num, sl.den = true, sl.num+f.num, sl.den+f.den
	}
}

// putSamples adds a stored sample set of a region, under its dimension
// and, when it has one, under the total (as derived).
func (st *store) putSamples(k sampleKey, xs []float64) {
	i := st.index(k.day)
	if i < 0 {
		return
	}
	b := st.get(seriesKey{k.code, k.region, k.dim}).bag(i)
	b.own = append(b.own, xs...)
	if k.dim != "" {
		b = st.get(seriesKey{k.code, k.region, ""}).bag(i)
		b.derived = append(b.derived, xs...)
	}
}

// figuresOf is the stored figures of a sum of days with their samples: a
// median is taken over the samples.
func figuresOf(code string, num, den float64, xs []float64) figures {
	f := figures{num: num, den: den}
	if kindOf(code) == KindMedian {
		f.value = median(xs)
	} else {
		f.value = valueOf(kindOf(code), num, den)
	}
	return f
}

// dayValues returns the regions' day values of st and their sample sets
// (each day's own samples; see bag).
func (st *store) dayValues() (valueSet, sampleSets) {
	n := 0
	for _, s := range st.series {
		for _, sl := range s.slots {
			if sl.has {
				n++
			}
		}
	}
	vals, sets := make(valueSet, n+n/2), sampleSets{} // room for the roll-ups a Recompute adds
	var xs []float64
	for k, s := range st.series {
		for i, sl := range s.slots {
			if !sl.has {
				continue
			}
			var b *bag
			if s.bags != nil {
				b = s.bags[i]
			}
			xs = b.values(xs[:0])
			vals[valueKey{k.code, k.region, Day, st.dates[i], k.dim}] = figuresOf(k.code, sl.num, sl.den, xs)
			if b != nil && len(b.own) > 0 {
				sets[sampleKey{k.code, k.region, st.dates[i], k.dim}] = packSamples(slices.Clone(b.own))
			}
		}
	}
	return vals, sets
}

// dayNumber counts days from 0000-03-01 (the proleptic Gregorian
// calendar): consecutive dates have consecutive numbers.
func dayNumber(d calendar.Date) int {
	y, m := d.Year(), int(d.Month())
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	doy := (153*((m+9)%12)+2)/5 + d.Day() - 1
	return era*146097 + yoe*365 + yoe/4 - yoe/100 + doy
}
