package history

import (
	"context"
	"os"
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
