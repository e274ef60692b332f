package history

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// scaleParams is ten years of history ending 2025-12 with total cases.
func scaleParams(total int) Params {
	p := ScaleParams(time.Date(2026, 1, 5, 2, 0, 0, 0, time.UTC), total)
	return p
}

// BenchmarkGenerate writes 100,000 cases over ten years into a fresh
// database per iteration (SQLite file in WAL mode with synchronous=FULL, as
// the server opens it; PostgreSQL with GONGAI_TEST_DATABASE_URL) and
// reports cases and rows per second of the whole Generate call.
func BenchmarkGenerate(b *testing.B) {
	total := 100_000
	if v, err := strconv.Atoi(os.Getenv("GONGAI_HISTORY_BENCH_CASES")); err == nil && v > 0 {
		total = v
	}
	var cases, rows int
	var elapsed time.Duration
	for range b.N {
		b.StopTimer()
		s, _ := newService(b)
		b.StartTimer()
		start := time.Now()
		sum, err := s.Generate(context.Background(), scaleParams(total))
		if err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
		cases += sum.Cases
		rows += sum.Projects + sum.Applications + sum.Cases + sum.Tasks + sum.Steps + sum.Pauses
	}
	b.ReportMetric(float64(cases)/elapsed.Seconds(), "cases/s")
	b.ReportMetric(float64(rows)/elapsed.Seconds(), "rows/s")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkRawRows is the baseline of BenchmarkGenerate: the same number
// of rows (GONGAI_HISTORY_BENCH_ROWS, default 930,000 ≈ 100,000 cases) of
// ten columns written into one plain table with the generator's batching
// (500-row INSERTs, a transaction per 50,000 rows) on the same kind of
// database: what bulk writing costs before any simulation or indexes.
func BenchmarkRawRows(b *testing.B) {
	total := 930_000
	if v, err := strconv.Atoi(os.Getenv("GONGAI_HISTORY_BENCH_ROWS")); err == nil && v > 0 {
		total = v
	}
	var elapsed time.Duration
	rows := 0
	for range b.N {
		b.StopTimer()
		db := testkit.NewDB(b)
		ctx := context.Background()
		if _, err := db.ExecContext(ctx, `CREATE TABLE bench_rows (id BIGINT PRIMARY KEY, a TEXT, b TEXT, c BIGINT,
			d TEXT, e TEXT, f BIGINT, g TEXT, h TEXT, i BIGINT)`); err != nil {
			b.Fatal(err)
		}
		wr := &writer{db: db}
		stmt := wr.values("INSERT INTO bench_rows (id, a, b, c, d, e, f, g, h, i) VALUES ", 10, 500)
		b.StartTimer()
		start := time.Now()
		for done := 0; done < total; {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				b.Fatal(err)
			}
			for end := min(done+50_000, total); done < end; done += 500 {
				args := make([]any, 0, 5000)
				for r := range 500 {
					id := int64(done + r + 1)
					args = append(args, id, "511702-20250617-00001", "2025-06-17T02:00:00.000000Z", id%15,
						"accept", "演示数据（自动生成）", id%7, "{}", "2025-06-18T02:00:00.000000Z", id%3)
				}
				if _, err := tx.ExecContext(ctx, stmt, args...); err != nil {
					b.Fatal(err)
				}
			}
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
		}
		elapsed += time.Since(start)
		rows += total
	}
	b.ReportMetric(float64(rows)/elapsed.Seconds(), "rows/s")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkCopyBound is the ceiling of BenchmarkGenerate on SQLite: the
// same history, already written once into another database file, copied
// by SQLite itself (INSERT … SELECT from the attached file, one
// transaction) into a fresh database with the engine's indexes, on a
// connection set up as the generator's. No Go code runs per row, so no
// generator can write the history into this database faster than this.
func BenchmarkCopyBound(b *testing.B) {
	path, cases := copySource(b)
	ctx := context.Background()
	var elapsed time.Duration
	for range b.N {
		b.StopTimer()
		_, dst := newService(b)
		conn, err := dst.Conn(ctx)
		if err != nil {
			b.Fatal(err)
		}
		// as the generator's connection: no foreign-key check, a large cache
		for _, q := range []string{`PRAGMA foreign_keys = OFF`, `PRAGMA cache_size = -262144`} {
			if _, err := conn.ExecContext(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		elapsed += copyHistory(b, conn, path)
		conn.Close()
	}
	b.ReportMetric(float64(cases*b.N)/elapsed.Seconds(), "cases/s")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkCopyBoundOffline is BenchmarkCopyBound into a database file that
// nothing else has open, set up for a bulk load that may be thrown away if
// it fails: no journal, no fsync, an exclusive lock — the fastest SQLite
// can take the history at all, for a generator that built a new file
// offline and swapped it in at the end.
func BenchmarkCopyBoundOffline(b *testing.B) {
	path, cases := copySource(b)
	ctx := context.Background()
	empty := filepath.Join(b.TempDir(), "empty.db")
	_, fresh := newService(b)
	if _, err := fresh.ExecContext(ctx, `VACUUM INTO '`+empty+`'`); err != nil {
		b.Fatal(err)
	}
	var elapsed time.Duration
	for i := range b.N {
		b.StopTimer()
		dst := filepath.Join(b.TempDir(), "dst"+strconv.Itoa(i)+".db")
		data, err := os.ReadFile(empty)
		if err == nil {
			err = os.WriteFile(dst, data, 0o600)
		}
		if err != nil {
			b.Fatal(err)
		}
		db, err := sql.Open("sqlite", "file:"+dst+"?_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)"+
			"&_pragma=locking_mode(EXCLUSIVE)&_pragma=foreign_keys(0)&_pragma=cache_size(-262144)")
		if err != nil {
			b.Fatal(err)
		}
		conn, err := db.Conn(ctx)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		elapsed += copyHistory(b, conn, path)
		conn.Close()
		db.Close()
	}
	b.ReportMetric(float64(cases*b.N)/elapsed.Seconds(), "cases/s")
	b.ReportMetric(0, "ns/op")
}

// copySource generates the benchmark's history (GONGAI_HISTORY_BENCH_CASES,
// default 100,000) once and returns a database file holding it, and its
// cases.
func copySource(b *testing.B) (string, int) {
	b.Helper()
	if testkit.IsPostgres() {
		b.Skip("the bound is measured on SQLite")
	}
	total := 100_000
	if v, err := strconv.Atoi(os.Getenv("GONGAI_HISTORY_BENCH_CASES")); err == nil && v > 0 {
		total = v
	}
	ctx := context.Background()
	s, src := newService(b)
	sum, err := s.Generate(ctx, scaleParams(total))
	if err != nil {
		b.Fatal(err)
	}
	// a file of its own, which no pool holds open (the offline bound locks
	// every database it attaches)
	path := filepath.Join(b.TempDir(), "source.db")
	if _, err := src.ExecContext(ctx, `VACUUM INTO '`+path+`'`); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	return path, sum.Cases
}

// copyHistory copies the generated tables of the database file at path
// into conn's main database in one transaction and returns the time taken.
func copyHistory(b *testing.B, conn *sql.Conn, path string) time.Duration {
	b.Helper()
	ctx := context.Background()
	if _, err := conn.ExecContext(ctx, `ATTACH DATABASE '`+path+`' AS src`); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	for _, t := range append(tableNames[:], "project_grams") {
		if _, err := tx.ExecContext(ctx, `INSERT INTO main.`+t+` SELECT * FROM src.`+t); err != nil {
			b.Fatal(t, err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	elapsed := time.Since(start)
	if _, err := conn.ExecContext(ctx, `DETACH DATABASE src`); err != nil {
		b.Fatal(err)
	}
	return elapsed
}
