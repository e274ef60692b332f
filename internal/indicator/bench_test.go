package indicator

import (
	"context"
	"database/sql"
	"io/fs"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/history"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// Benchmark knobs (environment variables, so that a plain `go test -bench .`
// stays quick):
//
//	GONGAI_BENCH_CASES   cases to generate (default 20,000; 1,000,000 for the figure)
//	GONGAI_BENCH_RUNS    rounds of the sub-benchmarks over the same database (default 2)
//	GONGAI_BENCH_EVENTS  outbox events per Refresh (default 100)
//	GONGAI_BENCH_DB      SQLite file to keep the generated database in and reuse (optional)
//	GONGAI_BENCH_SCHEMA  PostgreSQL schema to keep the generated database in and reuse (optional;
//	                     dropped by hand: DROP SCHEMA name CASCADE)
func benchEnv(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// benchNow is "now" of the generated history and of the service: a Monday
// early in January, so that the 24 months end with a full December.
var benchNow = time.Date(2026, 1, 5, 10, 0, 0, 0, cst)

// BenchmarkScale measures, over one generated database of ten regions × 24
// months (GONGAI_BENCH_CASES cases), in rounds of four sub-benchmarks:
//
//   - GroupBy, the baseline: hand-written GROUP BY queries over cases
//     computing comparable figures per region and Beijing month (received
//     and online; accepted, concluded and days saved; concluded, overdue
//     (Beijing conclusion day after the deadline) and average limit), one
//     scan per basis date.
//   - Recompute: a full Service.Recompute (every day value, sample and
//     roll-up) over the values stored by the previous one: it writes what
//     changed (little: the Refresh rounds' events).
//   - RecomputeEmpty: the same after the stored values and samples were
//     deleted (timer stopped): every value and sample is written.
//   - Refresh: Service.Refresh after GONGAI_BENCH_EVENTS outbox events on
//     recent cases, reported per event.
//   - MatrixPage: GET /indicators (the whole city and ten regions, last full
//     month) through the real router; reports the 95th percentile.
func BenchmarkScale(b *testing.B) {
	db, svc := scaleDB(b)
	rt := testkit.NewRouter(b, map[string]fs.FS{"indicator": Templates()}, func(rt *web.Router, rd *web.Renderer) {
		NewHTTP(svc, rd).Routes(rt)
	})
	for range benchEnv("GONGAI_BENCH_RUNS", 2) {
		b.Run("GroupBy", func(b *testing.B) { benchGroupBy(b, db) })
		b.Run("Recompute", func(b *testing.B) {
			for range b.N {
				if err := svc.Recompute(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("RecomputeEmpty", func(b *testing.B) { benchRecomputeEmpty(b, db, svc) })
		b.Run("Refresh", func(b *testing.B) { benchRefresh(b, db, svc) })
		b.Run("MatrixPage", func(b *testing.B) { benchPage(b, rt) })
	}
}

// scaleDB returns the seeded database with the generated history and the
// service over it; with GONGAI_BENCH_DB (SQLite) or GONGAI_BENCH_SCHEMA
// (PostgreSQL) the database is kept and reused when it already holds cases.
func scaleDB(b *testing.B) (*sqldb.DB, *Service) {
	ctx := context.Background()
	now := func() time.Time { return benchNow }
	rec := audit.NewRecorder(now)
	db := keptDB(b)
	if db == nil {
		db = testkit.NewDB(b)
	} else if _, err := sqldb.Migrate(ctx, db); err != nil {
		b.Fatal(err)
	}
	svc := NewService(Deps{DB: db, Audit: rec, Calendar: calendar.New(db, rec, now),
		Regions: org.NewService(db, rec, now), Now: now})
	var n int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases`).Scan(&n); err != nil {
		b.Fatal(err)
	}
	if n == 0 {
		n = generate(b, db, rec, now)
	}
	b.Logf("database: %s, %d cases", db.Dialect, n)
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases WHERE limit_days >= 0`).Scan(&n); err != nil {
		b.Fatal(err) // a full scan first, so that no sub-benchmark pays for a cold cache alone
	}
	return db, svc
}

// keptDB opens the database GONGAI_BENCH_DB or GONGAI_BENCH_SCHEMA names
// for the dialect under test, creating it if need be; nil when none is named.
func keptDB(b *testing.B) *sqldb.DB {
	ctx := context.Background()
	var db *sqldb.DB
	var err error
	switch path, schema := os.Getenv("GONGAI_BENCH_DB"), os.Getenv("GONGAI_BENCH_SCHEMA"); {
	case testkit.IsPostgres() && schema != "":
		base := os.Getenv(testkit.EnvDatabaseURL)
		if db, err = sqldb.OpenPostgres(ctx, base); err != nil {
			b.Fatal(err)
		}
		_, err = db.ExecContext(ctx, "CREATE SCHEMA IF NOT EXISTS "+schema)
		db.Close()
		if err != nil {
			b.Fatal(err)
		}
		u, _ := url.Parse(base)
		qs := u.Query()
		qs.Set("search_path", schema)
		u.RawQuery = qs.Encode()
		db, err = sqldb.OpenPostgres(ctx, u.String())
	case !testkit.IsPostgres() && path != "":
		db, err = sqldb.OpenSQLite(ctx, path)
	default:
		return nil
	}
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// generate seeds the reference data and writes GONGAI_BENCH_CASES cases
// over the 24 months up to benchNow.
func generate(b *testing.B, db *sqldb.DB, rec *audit.Recorder, now func() time.Time) int {
	ctx := context.Background()
	for _, fn := range []func(tx *sql.Tx) error{
		func(tx *sql.Tx) error { return org.Seed(ctx, tx, rec, now()) },
		func(tx *sql.Tx) error { return calendar.Seed(ctx, tx, rec, now()) },
		func(tx *sql.Tx) error { return catalog.Seed(ctx, tx, rec, now()) },
		func(tx *sql.Tx) error { return Seed(ctx, tx, rec, now()) },
	} {
		if err := db.WithTx(ctx, fn); err != nil {
			b.Fatal(err)
		}
	}
	p := history.ScaleParams(benchNow, benchEnv("GONGAI_BENCH_CASES", 20_000))
	first := calendar.NewDate(p.To.Year, p.To.Month-23, 1)
	p.From = history.Month{Year: first.Year(), Month: first.Month()}
	start := time.Now()
	sum, err := history.New(history.DepsFor(db, now)).Generate(ctx, p)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("generated %d cases in %s", sum.Cases, time.Since(start).Round(time.Second))
	return sum.Cases
}

// groupByQueries are the baseline's queries: per region and Beijing month
// of each basis date, counts and sums comparable with the indicators'.
func groupByQueries(d sqldb.Dialect) []string {
	beijing := func(col, layout string) string { return `strftime('` + layout + `', ` + col + `, '+8 hours')` }
	if d == sqldb.Postgres {
		beijing = func(col, layout string) string {
			layout = strings.NewReplacer("%Y", "YYYY", "%m", "MM", "%d", "DD").Replace(layout)
			return `to_char(` + col + ` AT TIME ZONE 'Asia/Shanghai', '` + layout + `')`
		}
	}
	month := func(col string) string { return beijing(col, "%Y-%m") }
	return []string{
		`SELECT c.region_code, ` + month("c.received_at") + ` AS m, COUNT(*),
			SUM(CASE WHEN a.channel = 'online' THEN 1 ELSE 0 END)
			FROM cases c JOIN applications a ON a.id = c.application_id GROUP BY c.region_code, m`,
		`SELECT region_code, ` + month("accepted_at") + ` AS m, COUNT(*),
			SUM(CASE WHEN status IN (11, 12, 13) THEN 1 ELSE 0 END), SUM(statutory_days - limit_days)
			FROM cases WHERE accepted_at IS NOT NULL GROUP BY region_code, m`,
		`SELECT region_code, ` + month("concluded_at") + ` AS m, COUNT(*),
			SUM(CASE WHEN ` + beijing("concluded_at", "%Y-%m-%d") + ` > deadline THEN 1 ELSE 0 END), AVG(limit_days)
			FROM cases WHERE concluded_at IS NOT NULL AND status IN (11, 12, 13) GROUP BY region_code, m`,
	}
}

func benchGroupBy(b *testing.B, db *sqldb.DB) {
	ctx := context.Background()
	groups := 0
	for range b.N {
		groups = 0
		for _, q := range groupByQueries(db.Dialect) {
			rows, err := db.QueryContext(ctx, q)
			if err != nil {
				b.Fatal(err)
			}
			for rows.Next() {
				groups++
			}
			if err := rows.Err(); err != nil {
				b.Fatal(err)
			}
			rows.Close()
		}
	}
	b.ReportMetric(float64(groups), "groups")
}

func benchRecomputeEmpty(b *testing.B, db *sqldb.DB, svc *Service) {
	ctx := context.Background()
	for range b.N {
		b.StopTimer()
		for _, table := range []string{"indicator_values", "indicator_sample_sets"} {
			if _, err := db.ExecContext(ctx, `DELETE FROM `+table); err != nil {
				b.Fatal(err)
			}
		}
		if db.Dialect == sqldb.Postgres { // what autovacuum would do before a later recompute
			if _, err := db.ExecContext(ctx, `VACUUM ANALYZE indicator_values, indicator_sample_sets`); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		if err := svc.Recompute(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
