package indicator

import (
	"context"
	"database/sql"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// benchRefresh writes GONGAI_BENCH_EVENTS outbox events naming recent cases
// (the engine's events are about current work) with the timer stopped,
// then times Refresh handling them.
func benchRefresh(b *testing.B, db *sqldb.DB, svc *Service) {
	ctx := context.Background()
	k := benchEnv("GONGAI_BENCH_EVENTS", 100)
	if _, err := svc.Refresh(ctx); err != nil { // drain what earlier rounds left
		b.Fatal(err)
	}
	numbers := recentCases(b, db, 20*k)
	rnd := rand.New(rand.NewPCG(1, 2))
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		writeEvents(b, db, numbers, rnd, k)
		b.StartTimer()
		n, err := svc.Refresh(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if n != k {
			b.Fatalf("Refresh handled %d events, want %d", n, k)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*k), "ns/event")
}

// recentCases returns the numbers of the n most recently received cases.
func recentCases(b *testing.B, db *sqldb.DB, n int) []string {
	rows, err := db.QueryContext(context.Background(), `SELECT number FROM cases ORDER BY id DESC LIMIT $1`, n)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			b.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// writeEvents inserts k outbox rows as the engine writes them, each about a
// random one of numbers, occurring now.
func writeEvents(b *testing.B, db *sqldb.DB, numbers []string, rnd *rand.Rand, k int) {
	err := db.WithTx(context.Background(), func(tx *sql.Tx) error {
		for range k {
			ev := casework.OutboxEvent{Action: "review", CaseNumber: numbers[rnd.IntN(len(numbers))], Status: 8,
				FromStatus: 8, OccurredAt: benchNow.UTC()}
			payload, _ := json.Marshal(ev)
			if _, err := tx.Exec(`INSERT INTO outbox (subject, payload, created_at) VALUES ($1, $2, $3)`,
				"gongai.case.review", string(payload), sqldb.T(benchNow)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// benchPage serves the city-wide matrix of the last full month and reports
// the 95th percentile of the page times.
func benchPage(b *testing.B, rt http.Handler) {
	path := "/indicators?period=month&start=2025-12-01"
	times := make([]time.Duration, 0, b.N)
	for range b.N {
		start := time.Now()
		rec := testkit.Do(b, rt, cityOps, "GET", path, nil)
		times = append(times, time.Since(start))
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s: %d", path, rec.Code)
		}
	}
	slices.Sort(times)
	p95 := times[min(len(times)-1, len(times)*95/100)]
	b.ReportMetric(float64(p95.Microseconds())/1000, "p95-ms")
}
