package exchange

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/testkit/stack"
)

// backlog leaves n unpublished outbox events about cases cases: the real
// events of submitting and accepting the cases, then copies of them in
// turn (case 1, case 2, …, case 1, …) up to n, as a burst of operations on
// many cases leaves them. Returns the number of distinct events copied.
func (e *env) backlog(t testing.TB, cases, n int) int {
	t.Helper()
	for i := range cases {
		e.Accepted(t, e.Submit(t, "qiye", fmt.Sprintf("backlog-%d", i), 3, stack.ConstructionPermit).ID)
	}
	rows, err := e.DB.Query(`SELECT subject, payload, created_at FROM outbox WHERE published_at IS NULL ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	var evs [][3]string
	for rows.Next() {
		var ev [3]string
		if err := rows.Scan(&ev[0], &ev[1], &ev[2]); err != nil {
			t.Fatal(err)
		}
		evs = append(evs, ev)
	}
	rows.Close()
	if len(evs) == 0 {
		t.Fatal("no outbox events")
	}
	tx, err := e.DB.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for i := len(evs); i < n; i++ {
		ev := evs[i%len(evs)]
		if _, err := tx.Exec(`INSERT INTO outbox (subject, payload, created_at) VALUES ($1, $2, $3)`,
			ev[0], ev[1], ev[2]); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return len(evs)
}

// pending is how many outbox events are unpublished and how many records
// are not yet accepted or rejected.
func (e *env) pending(t testing.TB) (events, records int) {
	t.Helper()
	err := e.DB.QueryRow(`SELECT (SELECT COUNT(*) FROM outbox WHERE published_at IS NULL),
		(SELECT COUNT(*) FROM exchange_records WHERE sjsczt NOT IN (3, -1))`).Scan(&events, &records)
	if err != nil {
		t.Fatal(err)
	}
	return events, records
}

// BenchmarkRelayDrain is the relay draining a backlog of 10,000 outbox
// events about 100 cases, sending through the HTTP reference receiver:
// how many turns (the job runs one every 5 s) and how long it works.
// Run with -benchtime 1x; GONGAI_TEST_DATABASE_URL for PostgreSQL.
func BenchmarkRelayDrain(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		e := newEnv(b)
		distinct := e.backlog(b, 100, 10_000)
		ex := e.service(e.httpReceiver(b), nil)
		b.StartTimer()
		turns, sent, start := 0, 0, time.Now()
		for ; turns < 1000; turns++ {
			events, records := e.pending(b)
			if events == 0 && records == 0 {
				break
			}
			n, err := ex.Relay(context.Background())
			if err != nil {
				b.Fatal(err)
			}
			sent += n
		}
		elapsed := time.Since(start)
		b.ReportMetric(float64(turns), "turns")
		b.ReportMetric(10_000/elapsed.Seconds(), "events/s")
		b.ReportMetric(float64(sent), "sent")
		b.ReportMetric(float64(distinct), "distinct-events")
	}
}
