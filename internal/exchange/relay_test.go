package exchange

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRelay_HTTPRoundTrip(t *testing.T) {
	e := newEnv(t)
	c := e.concluded(t, "rt")
	ex := e.service(e.httpReceiver(t), nil)
	if n := relay(t, ex); n == 0 {
		t.Fatal("nothing sent")
	}
	q := e.queue(t)
	want := "XMJBXXB XMDWXXB XMSPSXBLXXB XMSPSXBLXXXXB"
	if got := tablesOf(q); !strings.HasPrefix(got, want) {
		t.Fatalf("queue order %s, want it to start %s", got, want)
	}
	for _, r := range q {
		if r.SJSCZT != StateAccepted || r.SBYY != "" || r.XZQHDM != "511702" {
			t.Errorf("%s: state %d %q xzqhdm %s", r.Key, r.SJSCZT, r.SBYY, r.XZQHDM)
		}
	}
	counts := map[string]int{}
	for _, r := range q {
		counts[r.Table]++
	}
	for _, table := range []string{TableSpecial, TableConsultation, TableResult} {
		if counts[table] == 0 {
			t.Errorf("no %s record", table)
		}
	}
	last := latestOf(q, TableInstance, c.Number)
	if last.Fields["BLZT"] != "11" || last.Fields["BJSJ"] == "" {
		t.Errorf("instance: %v", last.Fields)
	}
	got, err := e.rv.AcceptedRecords(context.Background())
	if err != nil || len(got) != len(q) {
		t.Fatalf("receiver has %d of %d: %v", len(got), len(q), err)
	}
	checkLegalOrder(t, got)
	var pending int
	_ = e.DB.QueryRow(`SELECT COUNT(*) FROM outbox WHERE published_at IS NULL`).Scan(&pending)
	if pending != 0 {
		t.Errorf("%d outbox events not published", pending)
	}
	if n := relay(t, ex); n != 0 || len(e.queue(t)) != len(q) {
		t.Errorf("a second run sent %d and queued %d more", n, len(e.queue(t))-len(q))
	}
}

// latestOf is the newest revision of an entity in qs.
func latestOf(qs []Queued, table, dfsjzj string) Queued {
	var out Queued
	for _, q := range qs {
		if q.Table == table && q.DFSJZJ == dfsjzj && q.Revision > out.Revision {
			out = q
		}
	}
	return out
}

// A region whose reporting code is not a real code is refused by the
// receiver; nothing else of the project goes out until an administrator
// fixes the code and re-pushes.
func TestRelay_RejectedHoldsChainUntilRepush(t *testing.T) {
	e := newEnv(t)
	e.concluded(t, "rej")
	if _, err := e.DB.Exec(`UPDATE regions SET reporting_code = '511799' WHERE code = '511702'`); err != nil {
		t.Fatal(err)
	}
	ex := e.service(e.httpReceiver(t), nil)
	relay(t, ex)
	q := e.queue(t)
	if q[0].SJSCZT != StateRejected || !strings.Contains(q[0].SBYY, "XZQHDM") {
		t.Fatalf("project record: %d %q", q[0].SJSCZT, q[0].SBYY)
	}
	for _, r := range q[1:] {
		if r.SJSCZT != StatePending {
			t.Fatalf("%s went out (%d) while its project was refused", r.Key, r.SJSCZT)
		}
	}
	if _, err := e.DB.Exec(`UPDATE regions SET reporting_code = '511702' WHERE code = '511702'`); err != nil {
		t.Fatal(err)
	}
	n, err := ex.RepushAll(e.As(t, "yunwei"))
	if err != nil || n != 1 {
		t.Fatalf("RepushAll = %d, %v", n, err)
	}
	relay(t, ex)
	for _, r := range e.queue(t) {
		if r.SJSCZT != StateAccepted {
			t.Errorf("%s: %d %q", r.Key, r.SJSCZT, r.SBYY)
		}
	}
	if r := e.queue(t)[0]; r.Pushes != 2 || r.XZQHDM != "511702" || r.Fields["XZQHDM"] != "511702" {
		t.Errorf("re-pushed project: pushes %d xzqhdm %s", r.Pushes, r.Fields["XZQHDM"])
	}
}

// flaky fails the first sends of one table, then delivers to next.
type flaky struct {
	mu    sync.Mutex
	table string
	fails int
	next  Transport
	sent  []string
}

func (f *flaky) Name() string { return "flaky" }

func (f *flaky) Send(ctx context.Context, r Record) (Receipt, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.Table == f.table && f.fails > 0 {
		f.fails--
		return Receipt{}, errors.New("connection reset")
	}
	f.sent = append(f.sent, r.Table)
	return f.next.Send(ctx, r)
}

func TestRelay_FailureBacksOffAndKeepsOrder(t *testing.T) {
	e := newEnv(t)
	e.concluded(t, "flaky")
	tr := &flaky{table: TableInstance, fails: 2, next: e.httpReceiver(t)}
	ex := e.service(tr, nil)
	if _, err := ex.Relay(context.Background()); err == nil {
		t.Fatal("a failed send is reported")
	}
	inst := latestOf(e.queue(t), TableInstance, e.queue(t)[2].DFSJZJ)
	if inst.SJSCZT != StateFailed || !strings.Contains(inst.SBYY, "connection reset") || inst.Attempts != 1 ||
		!inst.NextTry.Equal(e.Clock.Now().Add(time.Minute).UTC().Truncate(time.Microsecond)) {
		t.Fatalf("failed instance: %+v", inst)
	}
	if strings.Join(tr.sent, " ") != TableProject+" "+TableUnit {
		t.Fatalf("sent %v: nothing after the failed instance", tr.sent)
	}
	if n, _ := ex.Relay(context.Background()); n != 0 {
		t.Fatalf("sent %d before the retry was due", n)
	}
	e.Clock.Set(e.Clock.Now().Add(time.Minute))
	if _, err := ex.Relay(context.Background()); err == nil {
		t.Fatal("the second failure is reported")
	}
	if inst = e.queue(t)[2]; inst.Attempts != 2 || !inst.NextTry.Equal(e.Clock.Now().Add(2*time.Minute).UTC().Truncate(time.Microsecond)) {
		t.Fatalf("backoff doubles: attempts %d next %s", inst.Attempts, inst.NextTry)
	}
	e.Clock.Set(e.Clock.Now().Add(2 * time.Minute))
	relay(t, ex)
	got, _ := e.rv.AcceptedRecords(context.Background())
	if len(got) != len(e.queue(t)) {
		t.Fatalf("receiver has %d of %d", len(got), len(e.queue(t)))
	}
	checkLegalOrder(t, got)
}

func TestHTTPTransport_SignatureAndRetries(t *testing.T) {
	e := newEnv(t)
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls == 1 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		ReceiverHandler(e.rv, "s3cret", discard()).ServeHTTP(w, r)
	}))
	defer srv.Close()
	rec := Record{Table: TableProject, Key: "SPGL_XMJBXXB:2026-511702-48-01-000001:r1:p1", LSH: "1",
		DFSJZJ: "2026-511702-48-01-000001", Revision: 1, SJYXBS: 1, Fields: map[string]string{"XZQHDM": "511702",
			"XMDM": "2026-511702-48-01-000001", "GCDM": "2026-511702-48-01-000001", "XMMC": "测试项目", "SPLCLX": "3",
			"ZTZE": "100.00"}}
	good, _ := NewHTTPTransport(HTTPConfig{URL: srv.URL, Secret: "s3cret", Wait: time.Millisecond})
	rc, err := good.Send(context.Background(), rec)
	if err != nil || rc.SJSCZT != StateAccepted || calls != 2 {
		t.Fatalf("Send = %+v, %v after %d calls", rc, err, calls)
	}
	bad, _ := NewHTTPTransport(HTTPConfig{URL: srv.URL, Secret: "wrong", Wait: time.Millisecond})
	if _, err := bad.Send(context.Background(), rec); err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("a wrong secret: %v", err)
	}
	if calls != 3 {
		t.Errorf("a 401 is not retried: %d calls", calls)
	}
}

// slow delivers to next after a pause, like an upper system taking its time.
type slow struct {
	pause time.Duration
	next  Transport
}

func (s slow) Name() string { return "slow" }

func (s slow) Send(ctx context.Context, r Record) (Receipt, error) {
	time.Sleep(s.pause)
	return s.next.Send(ctx, r)
}

// TestRelay_SlowUpperSystemDoesNotHoldTheRun: a run's sending stops at its
// time budget (the rest go next run, in order), so that a slow upper system
// cannot keep one run sending for minutes while new outbox events wait to
// be mapped.
func TestRelay_SlowUpperSystemDoesNotHoldTheRun(t *testing.T) {
	e := newEnv(t)
	e.concluded(t, "slow-a")
	ex := NewService(Deps{DB: e.DB, Audit: e.Audit, Orgs: e.Org, Projects: e.Projects,
		Transport: slow{pause: 40 * time.Millisecond, next: e.httpReceiver(t)}, SendTime: 100 * time.Millisecond,
		Backoff: Backoff{Base: time.Minute, Max: time.Hour}, Now: e.Clock.Now})
	queued := len(e.queue(t)) // none yet: the first run maps them
	start := time.Now()
	sent := relay(t, ex)
	if took := time.Since(start); sent == 0 || sent >= len(e.queue(t)) || took > 2*time.Second {
		t.Fatalf("first run sent %d of %d (queued before: %d) in %s: want some, within the budget",
			sent, len(e.queue(t)), queued, took.Round(time.Millisecond))
	}
	e.concluded(t, "slow-b") // committed while records of slow-a still wait
	before := len(e.queue(t))
	relay(t, ex)
	if len(e.queue(t)) <= before {
		t.Fatal("the next run did not map the new case's events")
	}
	for i := 0; i < 100 && len(pending(t, e)) > 0; i++ {
		relay(t, ex)
	}
	got, _ := e.rv.AcceptedRecords(context.Background())
	if len(got) != len(e.queue(t)) {
		t.Fatalf("receiver has %d of %d", len(got), len(e.queue(t)))
	}
	checkLegalOrder(t, got)
}

// pending lists the queued records not yet sent.
func pending(t *testing.T, e *env) []Queued {
	var out []Queued
	for _, q := range e.queue(t) {
		if q.SJSCZT == StatePending {
			out = append(out, q)
		}
	}
	return out
}
