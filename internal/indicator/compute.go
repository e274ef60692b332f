package indicator

import (
	"context"
	"database/sql"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// extract runs the fact queries of one computation into a collector.
type extract struct {
	db      *sqldb.DB
	wd      *calendar.Index
	out     *collector
	flows   map[int64]flowInfo
	regions []string
	source  Source
	all     bool        // the range holds every case (a Recompute)
	stages  []stageCase // every case, kept by the case scan when all
	in      interner
}

// newExtract prepares a computation over days [from, to): the working-day
// index reaches back three years before from, as a case concluded in the
// range may have started long before it.
func (s *Service) newExtract(ctx context.Context, from, to calendar.Date, out *collector) (*extract, error) {
	lo := max(from.Year()-3, calendar.MinYear)
	wd, err := loadWorkdays(ctx, s.cal, lo, max(to.Year(), s.today().Year())+1)
	if err != nil {
		return nil, err
	}
	regions, err := s.regionCodes(ctx)
	if err != nil {
		return nil, err
	}
	return &extract{db: s.db, wd: wd, out: out, regions: regions, source: s.source}, nil
}

// run adds every figure of the days [from, to); the snapshot indicators
// only when today is one of them.
func (x *extract) run(ctx context.Context, from, to, today calendar.Date) error {
	for _, fn := range []func(context.Context, calendar.Date, calendar.Date) error{
		x.caseFacts, x.stageFacts, x.ratingFacts, x.sourceFacts,
	} {
		if err := fn(ctx, from, to); err != nil {
			return err
		}
	}
	if today.Before(from) || !today.Before(to) {
		return nil
	}
	if err := x.warningFacts(ctx, today); err != nil {
		return err
	}
	return x.coverageFacts(ctx, today)
}

// computeDays recomputes the day values of every region for days
// [from, to) from the source tables and stores those that changed, with
// their samples. Snapshot values are replaced for today only: past
// snapshots cannot be recomputed and are kept.
func (s *Service) computeDays(ctx context.Context, from, to calendar.Date) error {
	out := newCollector(from, to)
	x, err := s.newExtract(ctx, from, to, out)
	if err != nil {
		return err
	}
	today := s.today()
	if err := x.run(ctx, from, to, today); err != nil {
		return err
	}
	vals, sets := out.dayValues()
	now := s.now()
	return s.db.WithTx(ctx, func(tx *sql.Tx) error {
		if err := lockValues(ctx, s.db, tx); err != nil {
			return err
		}
		have, err := readValues(ctx, tx, len(vals), `period = 'day' AND region_code <> 'all' AND period_start >= $1
			AND period_start < $2`, from.String(), to.String())
		if err != nil {
			return err
		}
		if err := writeValues(ctx, s.db, tx, have, vals, dayScope(from, to, today), now); err != nil {
			return err
		}
		haveSets, err := readSampleSets(ctx, tx, from, to)
		if err != nil {
			return err
		}
		return writeSampleSets(ctx, tx, s.db.Dialect, haveSets, sets, from, to)
	})
}

// dayScope selects the regions' day values that a computation of days
// [from, to) replaces: all of them but the past snapshots (today's are
// recomputed).
func dayScope(from, to, today calendar.Date) func(valueKey) bool {
	return func(k valueKey) bool {
		return k.period == Day && k.region != CityWide && !k.start.Before(from) && k.start.Before(to) &&
			(!snapshots[k.code] || k.start == today)
	}
}
