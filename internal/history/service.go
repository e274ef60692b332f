package history

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Deps are the Service's collaborators. Now stamps the batch rows and the
// audit events only; generated rows take their times from Params.
type Deps struct {
	DB       *sqldb.DB
	Audit    *audit.Recorder
	Calendar *calendar.Calendar
	Catalog  FlowSource // *catalog.Service
	Orgs     UnitSource // *org.Service
	Now      func() time.Time
}

// Service generates and deletes batches of history.
type Service struct {
	d Deps
}

// New returns a Service over d.
func New(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Service{d: d}
}

// DepsFor builds Deps over db with fresh catalog, org and calendar services,
// for command-line use where no application is assembled.
func DepsFor(db *sqldb.DB, now func() time.Time) Deps {
	rec := audit.NewRecorder(now)
	return Deps{DB: db, Audit: rec, Calendar: calendar.New(db, rec, now), Catalog: catalog.NewService(db, rec, nil, now),
		Orgs: org.NewService(db, rec, now), Now: now}
}

// Generate writes a generated history as Params describe (see
// Service.Generate), with services built by DepsFor and the wall clock for
// the batch's own timestamps.
func Generate(ctx context.Context, db *sqldb.DB, p Params) (Summary, error) {
	return New(DepsFor(db, time.Now)).Generate(ctx, p)
}

// Generate writes the history of p as a new batch and returns what it
// wrote. Projects are generated month by month; whole months of projects
// (at least chunkCases cases), with all their applications, cases, tasks,
// pauses and steps, are committed in one transaction while the next months
// are being simulated.
// If it fails part-way the batch stays "running" with the months already
// committed, and Delete removes them. Nothing goes to the outbox, the
// notifications or the audit trail per case: the data never happened.
// One audit event "history.generate" records the batch.
//
// Errors: Invalid (Chinese message) for bad Params or missing reference
// data (regions, published flows); database errors otherwise.
func (s *Service) Generate(ctx context.Context, p Params) (Summary, error) {
	p, err := p.normalise()
	if err != nil {
		return Summary{}, err
	}
	g, err := s.prepare(ctx, p)
	if err != nil {
		return Summary{}, err
	}
	if g.batch, err = s.startBatch(ctx, p); err != nil {
		return Summary{}, err
	}
	g.sum.Batch = g.batch
	if err := s.run(ctx, g); err != nil {
		return *g.sum, err
	}
	if err := s.finishBatch(ctx, g); err != nil {
		return *g.sum, err
	}
	return *g.sum, s.analyze(ctx)
}

// analyze refreshes PostgreSQL's planner statistics and visibility maps of
// the tables written, the project names' bigram index among them.
//   - Statistics: right after a bulk load the planner still sees the tables
//     as they were before (autovacuum catches up a minute or more later): a
//     scan of a million cases planned for a few thousand ran a subquery per
//     case and spent seconds compiling JIT code. project_grams was left out
//     until this session and stayed planned as empty.
//   - Visibility: until a table is vacuumed, every index-only read of it
//     visits the table rows as well; a search term's bigram counts took 57
//     ms at a million cases. VACUUM of the whole history took 2.9 s there,
//     and the load test's reads p95 at 200 users went from 971 to 352 ms.
func (s *Service) analyze(ctx context.Context) error {
	if s.d.DB.Dialect != sqldb.Postgres {
		return nil
	}
	_, err := s.d.DB.ExecContext(ctx, "VACUUM (ANALYZE) "+strings.Join(tableNames[:], ", ")+", project_grams")
	return sqldb.Translate(err)
}

// prepare reads everything the generator needs before it writes.
func (s *Service) prepare(ctx context.Context, p Params) (*gen, error) {
	first := p.From.first().AddDays(-7)
	asOfDate := calendar.DateOf(p.AsOf)
	last := asOfDate.AddDays(4 * 366)
	if asOfDate.Before(first) {
		return nil, errs.FieldErrors(map[string]string{"as_of": "截止时间不能早于起始月份。"})
	}
	cal, err := loadWorkdays(ctx, s.d.Calendar, first, last)
	if err != nil {
		return nil, err
	}
	w, err := loadWorld(ctx, s.d.DB, s.d.Catalog, s.d.Orgs, p.Regions)
	if err != nil {
		return nil, err
	}
	g := &gen{p: p, w: w, cal: cal, asOf: p.AsOf.Unix(), asOfDay: cal.index(asOfDate),
		sum: &Summary{ByRegion: map[string]int{}, ByStatus: map[int]int{}}}
	for _, a := range p.Plant {
		g.plants = append(g.plants, plant{Anomaly: a, fromDay: g.asOfDay - workdaysBack(cal, g.asOfDay, a.Workdays)})
	}
	if g.counters, err = loadCounters(ctx, s.d.DB); err != nil {
		return nil, err
	}
	g.serials, err = loadSerials(ctx, s.d.DB)
	return g, err
}

// workdaysBack is how many calendar days before day the n-th working day
// before it lies.
func workdaysBack(w *workdays, day, n int) int {
	d := day
	for k := 0; k < n && d > 0; {
		d--
		if w.Worked(d) {
			k++
		}
	}
	return day - d
}

// run simulates month after month in a goroutine and writes each chunk
// here as soon as it is ready (the two overlap on two cores).
func (s *Service) run(ctx context.Context, g *gen) error {
	perProject := g.pilot(60)
	chunks := make(chan *chunk, 1)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(chunks)
		mi := 0
		g.ch = newChunk()
		for m := g.p.From; !m.first().After(g.p.To.first()); m = m.next() {
			g.month(m, mi, perProject)
			mi++
			if g.err != nil {
				return
			}
			if g.ch.rows[tCases] < chunkCases && m.first().Before(g.p.To.first()) {
				continue // a chunk takes whole months until it holds chunkCases
			}
			select {
			case chunks <- g.ch:
			case <-ctx.Done():
				return
			}
			g.ch = newChunk()
		}
	}()
	wr, err := newWriter(ctx, s.d.DB, g.batch, g.w)
	if err != nil {
		cancel()
		for range chunks {
		}
		return err
	}
	defer wr.close()
	for ch := range chunks {
		if err := wr.write(ctx, ch); err != nil {
			cancel()
			for range chunks { // let the producer finish
			}
			return err
		}
	}
	return g.err
}

func (s *Service) startBatch(ctx context.Context, p Params) (int64, error) {
	raw, err := json.Marshal(p)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.d.DB.WithTx(ctx, func(tx *sql.Tx) error {
		return sqldb.Translate(tx.QueryRowContext(ctx, `INSERT INTO generated_batches (label, params, status, created_at)
			VALUES ($1, $2, 'running', $3) RETURNING id`, p.Label, string(raw), sqldb.T(s.d.Now())).Scan(&id))
	})
	return id, err
}

func (s *Service) finishBatch(ctx context.Context, g *gen) error {
	return s.d.DB.WithTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE generated_batches SET status = 'complete', projects = $2, cases = $3,
			finished_at = $4 WHERE id = $1`, g.batch, g.sum.Projects, g.sum.Cases, sqldb.T(s.d.Now())); err != nil {
			return sqldb.Translate(err)
		}
		return s.d.Audit.Record(ctx, tx, audit.Entry{Action: "history.generate", ObjectType: "generated_batch",
			ObjectID: fmt.Sprint(g.batch), Detail: map[string]any{"label": g.p.Label, "seed": g.p.Seed,
				"from": g.p.From.String(), "to": g.p.To.String(), "projects": g.sum.Projects, "cases": g.sum.Cases,
				"plant": g.p.Plant}})
	})
}

func loadCounters(ctx context.Context, q sqldb.Querier) (map[string]int, error) {
	rows, err := q.QueryContext(ctx, `SELECT name, value FROM counters`)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var name string
		var v int
		if err := rows.Scan(&name, &v); err != nil {
			return nil, sqldb.Translate(err)
		}
		out[name] = v
	}
	return out, sqldb.Translate(rows.Err())
}

// loadSerials finds the last generated serial (8xxxxx) of every year and
// region part already used, so that a second batch continues after it.
func loadSerials(ctx context.Context, q sqldb.Querier) (map[string]int, error) {
	rows, err := q.QueryContext(ctx, `SELECT code FROM projects WHERE code LIKE '____-______-__-__-8_____'`)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			return nil, sqldb.Translate(err)
		}
		var n int
		if _, err := fmt.Sscanf(code[18:], "%d", &n); err == nil && strings.HasPrefix(code[18:], "8") {
			out[code[:11]] = max(out[code[:11]], n-800000)
		}
	}
	return out, sqldb.Translate(rows.Err())
}
