package indicator

import (
	"context"
	"database/sql"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// extract runs the fact queries of one computation into a collector.
type extract struct {
	db      *sqldb.DB
	wd      *workdays
	out     *collector
	flows   map[int64]flowInfo
	regions []string
	source  Source
	stages  map[int64][]stageCase // every case by project, when the range holds them all
	strs    map[string]string
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
// [from, to) from the source tables and stores them with their samples,
// replacing what was stored. Snapshot values are replaced for today only:
// past snapshots cannot be recomputed and are kept. all says that every
// case was received in [from, to) (a Recompute): the case scan then serves
// the stage durations too.
func (s *Service) computeDays(ctx context.Context, from, to calendar.Date, all bool) error {
	out := newCollector()
	x, err := s.newExtract(ctx, from, to, out)
	if err != nil {
		return err
	}
	if all {
		x.stages, x.strs = map[int64][]stageCase{}, map[string]string{}
	}
	today := s.today()
	if err := x.run(ctx, from, to, today); err != nil {
		return err
	}
	now := s.now()
	return s.db.WithTx(ctx, func(tx *sql.Tx) error {
		if err := deleteDays(ctx, tx, from, to, today, all); err != nil {
			return err
		}
		return insertDays(ctx, tx, s.db.Dialect, out.days, now)
	})
}

// deleteDays removes the regions' computed day values and samples of
// [from, to), and today's snapshots when today is in the range. With all
// (the range holds every case) it empties the samples table outright, which
// SQLite does without visiting each row.
func deleteDays(ctx context.Context, tx *sql.Tx, from, to, today calendar.Date, all bool) error {
	snap := "1 = 0"
	if !today.Before(from) && today.Before(to) {
		snap = "period_start = '" + today.String() + "'"
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM indicator_values WHERE period = 'day' AND region_code <> 'all'
		AND period_start >= $1 AND period_start < $2
		AND (code NOT IN ('item_config_rate', 'standard_map_rate', 'flow_config_rate', 'warning_count') OR `+snap+`)`,
		from.String(), to.String())
	if err != nil {
		return sqldb.Translate(err)
	}
	if all {
		_, err = tx.ExecContext(ctx, `DELETE FROM indicator_samples`)
		return sqldb.Translate(err)
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM indicator_samples WHERE day >= $1 AND day < $2`, from.String(), to.String())
	return sqldb.Translate(err)
}

// insertDays stores the day buckets and their samples.
func insertDays(ctx context.Context, tx *sql.Tx, d sqldb.Dialect, days map[bucket]*dayAcc, now time.Time) error {
	vals := make([]Value, 0, len(days))
	var samples []sampleRow
	for k, a := range days {
		v := Value{Code: k.code, RegionCode: k.region, Period: Day, Start: k.day.String(), Dim: k.dim,
			Numerator: a.num, Denominator: a.den, Value: valueOf(kindOf(k.code), a.num, a.den)}
		if a.samples != nil {
			xs := make([]float64, 0, len(a.samples))
			for ref, x := range a.samples {
				xs = append(xs, x)
				if !a.derived[ref] {
					samples = append(samples, sampleRow{k.code, k.region, k.day.String(), k.dim, ref, x})
				}
			}
			v.Value = median(xs)
		}
		vals = append(vals, v)
	}
	if err := insertValues(ctx, tx, d, vals, now); err != nil {
		return err
	}
	return insertSamples(ctx, tx, d, samples)
}

// kinds maps each code of Catalogue to its kind.
var kinds = func() map[string]string {
	m := map[string]string{}
	for _, d := range Catalogue {
		m[d.Code] = d.Kind
	}
	return m
}()

func kindOf(code string) string {
	if k, ok := kinds[code]; ok {
		return k
	}
	return KindRate
}
