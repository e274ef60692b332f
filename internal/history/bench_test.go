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
	_ = testkit.IsPostgres
}
