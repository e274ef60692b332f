package faults

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// faultOps is the size of the kill -9 load: ~1,000 write requests in CI,
// GONGAI_FAULT_OPS (e.g. 10000) for the manual run of issue 8.
func faultOps(t *testing.T) int {
	n := 1000
	if v := os.Getenv("GONGAI_FAULT_OPS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 100 {
			t.Fatalf("GONGAI_FAULT_OPS=%q: want a number ≥ 100", v)
		}
	}
	return n
}

// workers is how many browsers-worth of people run the load at once.
const workers = 6

// TestKillDuringLoad runs the approval load against a real gongai process,
// kills it with SIGKILL when half the operations are acknowledged, checks
// the data as the crash left it (audit chain, then after the restart every
// acknowledged operation and every case), lets the load finish on the
// restarted server, waits for the outbox to drain and checks that it was
// delivered exactly once. On SQLite always; on PostgreSQL as well when
// GONGAI_TEST_DATABASE_URL is set.
func TestKillDuringLoad(t *testing.T) {
	for name, mk := range storesFor(t) {
		t.Run(name, func(t *testing.T) { killDuringLoad(t, mk(t)) })
	}
}

func killDuringLoad(t *testing.T, st store) {
	ctx, cancel := context.WithTimeout(context.Background(), 25*time.Minute)
	defer cancel()
	ops := faultOps(t)
	rcv := startReceiver(t)
	addr := freeAddr(t)
	env := rcv.serverEnv()
	srv := startServer(t, st, addr, env...)
	qiye, err := login(ctx, srv.base, "qiye")
	if err != nil {
		t.Fatal(err)
	}
	pl, err := loadPlan(ctx, qiye)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: project %s stage %d, items %v, %d operations, %d workers", st.dialect(), pl.projectCode, pl.stage,
		keys(pl.people), ops, workers)
	d := newDriver(pl, srv.base, ops)
	start := time.Now()
	loadDone := make(chan error, 1)
	go func() { loadDone <- d.runWorkers(ctx, workers) }()

	killedAt := waitAcked(ctx, d, ops/2, loadDone)
	srv.kill()
	d.markDown()
	t.Logf("SIGKILL after %s with %d operations acknowledged", time.Since(start).Round(time.Millisecond), killedAt)
	if code, out := runCLI(t, st, "audit", "verify"); code != 0 {
		t.Errorf("audit verify on the crashed data: exit %d\n%s", code, out)
	}
	restart := time.Now()
	srv = startServer(t, st, addr, env...)
	t.Logf("restarted and ready in %s", time.Since(restart).Round(time.Millisecond))
	db := st.open(t)
	snap, err := readSnapshot(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	var p problems
	checkAcked(snap, d.led.snapshot(), &p)
	checkCases(snap, &p)
	if s := p.String(); s != "" {
		t.Errorf("after the crash: %s", s)
	}
	d.markUp()
	if err := <-loadDone; err != nil {
		t.Fatalf("load: %v", err)
	}
	t.Logf("load finished in %s: %s", time.Since(start).Round(time.Millisecond), d.led.summary())
	t.Logf("latency of acknowledged requests: %s", d.led.latencies())
	finishAndCheck(ctx, t, st, db, srv, rcv, d)
}

// finishAndCheck waits for the outbox to drain, stops the server and
// checks everything once more, delivery included.
func finishAndCheck(ctx context.Context, t *testing.T, st store, sdb *sqldb.DB, srv *server, rcv *receiver, d *driver) {
	drainStart := time.Now()
	// the exchange relay maps up to 5,000 events per 5-second run (about 4
	// s of work each on a loaded PostgreSQL): allow a minute plus 60 ms an
	// operation for the backlog a long load leaves
	if left, err := waitDrained(ctx, sdb, time.Minute+time.Duration(len(d.led.snapshot()))*60*time.Millisecond); err != nil || left != "" {
		t.Errorf("outbox not drained: %v %s", err, left)
	}
	// CI does not wait out the killed server's licence-issue lease; the
	// manual run does, and then demands every licence.
	strict := os.Getenv("GONGAI_FAULT_OPS") != ""
	limit := time.Duration(0)
	if strict {
		limit = 4 * time.Minute
	}
	if left, err := waitLicensed(ctx, sdb, limit); err != nil {
		t.Error(err)
	} else if left != "" {
		t.Logf("licences: %s (issued by the licence-issue job once the killed server's lease lapses)", left)
	}
	sendStart := time.Now()
	sent, err := rcv.waitSent(ctx, sdb, time.Minute)
	if err != nil {
		t.Error(err)
	}
	t.Logf("outbox drained in %s; %d SPGL records accepted by the receiver, the last %s after the wait for them began",
		sendStart.Sub(drainStart).Round(time.Millisecond), sent, time.Since(sendStart).Round(time.Second))
	srv.stop()
	snap, err := readSnapshot(ctx, sdb)
	if err != nil {
		t.Fatal(err)
	}
	var p problems
	checkAcked(snap, d.led.snapshot(), &p)
	checkCases(snap, &p)
	if err := checkDelivery(ctx, sdb, snap, strict, &p); err != nil {
		t.Fatal(err)
	}
	rcv.check(ctx, t, sdb, &p)
	if s := p.String(); s != "" {
		t.Errorf("at the end: %s", s)
	}
	if d.led.fiveXX > 0 {
		t.Errorf("%d answers were 5xx: %v", d.led.fiveXX, d.led.samples)
	}
	if code, out := runCLI(t, st, "audit", "verify"); code != 0 {
		t.Errorf("audit verify at the end: exit %d\n%s", code, out)
	} else {
		t.Logf("audit verify: %s", strings.TrimSpace(out))
	}
	t.Logf("%d cases checked, %d outbox events", len(snap.cases), len(snap.outbox))
}

// waitAcked returns once n operations are acknowledged (or the load ended).
func waitAcked(ctx context.Context, d *driver, n int, done chan error) int {
	for {
		if got := d.led.ackedCount(); got >= n {
			return got
		}
		select {
		case err := <-done:
			done <- err
			return d.led.ackedCount()
		case <-ctx.Done():
			return d.led.ackedCount()
		case <-time.After(5 * time.Millisecond):
		}
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
