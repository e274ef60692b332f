package indicator

import (
	"context"
	"database/sql"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

// periodStart is one period to roll up: its kind and first day.
type periodStart struct {
	period string
	start  calendar.Date
}

// rollSet is the periods one roll-up recomputes, and the days it reads:
// [from, to), the union of the periods.
type rollSet struct {
	want     map[periodStart]bool
	from, to calendar.Date
}

func (r *rollSet) add(p string, start calendar.Date) {
	if r.want == nil {
		r.want = map[periodStart]bool{}
	}
	r.want[periodStart{p, start}] = true
	if r.from.IsZero() || start.Before(r.from) {
		r.from = start
	}
	if end := Next(p, start); end.After(r.to) {
		r.to = end
	}
}

// holds reports whether the roll-up of r replaces the stored value k: a
// value of a wanted period, for a day only the whole city's.
func (r *rollSet) holds(k valueKey) bool {
	return r.want[periodStart{k.period, k.start}] && (k.period != Day || k.region == CityWide)
}

// segment is the slots [lo, hi) of a store that fall in the period
// starting on start.
type segment struct {
	start  calendar.Date
	lo, hi int
}

// segments cuts st's span into the periods of kind p that set wants.
func (st *store) segments(p string, set *rollSet) []segment {
	var out []segment
	for i := 0; i < len(st.dates); {
		start := StartOf(p, st.dates[i])
		hi := min(i+Next(p, start).Sub(st.dates[i]), len(st.dates))
		if set.want[periodStart{p, start}] {
			out = append(out, segment{start, i, hi})
		}
		i = hi
	}
	return out
}

// rollup returns the values of the periods of set, for each region and
// for CityWide, from the regions' series in st (whose span covers set's
// days): sums of numerators and denominators; for a snapshot the last day
// that has a value; for a median the median of the samples, a dimension's
// counted under the total too. For a day only the CityWide values are
// produced (the regions' day values are the source).
func (st *store) rollup(set *rollSet) valueSet {
	city := &store{first: st.first, dates: st.dates, series: map[seriesKey]*series{}}
	for k, s := range st.series {
		c := city.get(seriesKey{k.code, CityWide, k.dim})
		for i, sl := range s.slots {
			if sl.has {
				c.slots[i].has, c.slots[i].num, c.slots[i].den = true, c.slots[i].num+sl.num, c.slots[i].den+sl.den
			}
			if s.bags != nil && s.bags[i] != nil {
				b := c.bag(i)
				b.own = s.bags[i].values(b.own)
			}
		}
	}
	out := valueSet{}
	var segs [][]segment
	for _, p := range Periods {
		segs = append(segs, st.segments(p, set))
	}
	for _, from := range []*store{st, city} {
		for k, s := range from.series {
			for i, p := range Periods {
				if p != Day || k.region == CityWide {
					rollSeries(out, k, p, s, segs[i])
				}
			}
		}
	}
	return out
}

// rollSeries adds the values of series s of key k in the periods segs of
// kind p to out.
func rollSeries(out valueSet, k seriesKey, p string, s *series, segs []segment) {
	snap := snapshots[k.code]
	var xs []float64
	for _, g := range segs {
		var num, den float64
		has := false
		xs = xs[:0]
		for i := g.lo; i < g.hi; i++ {
			sl := s.slots[i]
			if s.bags != nil {
				xs = s.bags[i].values(xs)
			}
			if !sl.has {
				continue
			}
			if snap {
				num, den = 0, 0
			}
			has, num, den = true, num+sl.num, den+sl.den
		}
		if has {
			out[valueKey{k.code, k.region, p, g.start, k.dim}] = figuresOf(k.code, num, den, xs)
		}
	}
}

// rollupSet recomputes every value of the periods of set from the stored
// day values and samples of the regions, each read once whatever the
// number of periods, and stores what changed.
func (s *Service) rollupSet(ctx context.Context, set *rollSet) error {
	if len(set.want) == 0 {
		return nil
	}
	st := newStore(set.from, set.to)
	if err := s.loadDays(ctx, st); err != nil {
		return err
	}
	err := scanSampleSets(ctx, s.db, set.from, set.to, func(k sampleKey, vals string) error {
		xs, err := unpackSamples(nil, vals)
		st.putSamples(k, xs)
		return err
	})
	if err != nil {
		return err
	}
	want, now := st.rollup(set), s.now()
	return s.db.WithTx(ctx, func(tx *sql.Tx) error {
		if err := lockValues(ctx, s.db, tx); err != nil {
			return err
		}
		have, err := readRolled(ctx, tx, set)
		if err != nil {
			return err
		}
		return writeValues(ctx, s.db, tx, have, want, set.holds, now)
	})
}

// readRolled reads the stored values of the periods of set (for days, only
// the CityWide rows), one query per run of consecutive periods.
func readRolled(ctx context.Context, tx *sql.Tx, set *rollSet) (valueSet, error) {
	out := valueSet{}
	for _, p := range Periods {
		for d := StartOf(p, set.from); d.Before(set.to); d = Next(p, d) {
			if !set.want[periodStart{p, d}] {
				continue
			}
			end := d
			for set.want[periodStart{p, end}] {
				end = Next(p, end)
			}
			where := `period = $1 AND period_start >= $2 AND period_start < $3`
			if p == Day {
				where += ` AND region_code = 'all'`
			}
			vs, err := readValues(ctx, tx, 0, where, p, d.String(), end.String())
			if err != nil {
				return nil, err
			}
			for k, f := range vs {
				out[k] = f
			}
			d = Prev(p, end)
		}
	}
	return out, nil
}

// loadDays reads the regions' stored day values of st's span into st.
func (s *Service) loadDays(ctx context.Context, st *store) error {
	vs, err := readValues(ctx, s.db, 0, `period = 'day' AND region_code <> 'all' AND period_start >= $1
		AND period_start < $2`, st.dates[0].String(), st.dates[len(st.dates)-1].AddDays(1).String())
	for k, f := range vs {
		st.putValue(k, f)
	}
	return err
}

// rollupAround re-rolls every period of every kind that contains one of
// days (and the whole city's day values of those days), in one pass.
func (s *Service) rollupAround(ctx context.Context, days []calendar.Date) error {
	var set rollSet
	for _, p := range Periods {
		for _, d := range days {
			set.add(p, StartOf(p, d))
		}
	}
	return s.rollupSet(ctx, &set)
}
