package faults

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// opRecord is one write the server acknowledged (2xx, or 303 for a form),
// with what it said it did.
type opRecord struct {
	Kind    string // upload, submit, accept, fix, supply, review, conclude, withdraw
	User    string
	Via     string // api or form
	Key     string // idempotency key of a submission
	AppID   int64
	CaseIDs []int64 // cases a submission created
	CaseID  int64
	Step    string // the processing step (case_steps.action) the action writes
	Version int64  // the case version the answer reported (0 when a form redirected)
	Hash    string // an uploaded file
	Replay  bool   // a submission answered as a replay of an earlier one
}

// ledger is what the load did: the acknowledged operations, the requests
// that got no answer (the kill), and the answers that were not
// acknowledgements, by kind and status.
type ledger struct {
	mu       sync.Mutex
	acked    []opRecord
	noAnswer int
	refused  map[string]int
	samples  []string // a few refused answers, for the report
	fiveXX   int
	attempts atomic.Int64
	latency  map[string][]time.Duration // acknowledged requests by kind
}

// took records how long an acknowledged request of kind took.
func (l *ledger) took(kind string, d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.latency == nil {
		l.latency = map[string][]time.Duration{}
	}
	l.latency[kind] = append(l.latency[kind], d)
}

// latencies is "kind p50/p95" for every kind, for the log.
func (l *ledger) latencies() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var parts []string
	for k, ds := range l.latency {
		slices.Sort(ds)
		parts = append(parts, fmt.Sprintf("%s %d× p50 %s p95 %s", k, len(ds), ds[len(ds)/2].Round(time.Millisecond),
			ds[len(ds)*95/100].Round(time.Millisecond)))
	}
	sort.Strings(parts)
	return strings.Join(parts, "; ")
}

func (l *ledger) ack(op opRecord) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.acked = append(l.acked, op)
}

func (l *ledger) ackedCount() int { l.mu.Lock(); defer l.mu.Unlock(); return len(l.acked) }

func (l *ledger) lost() { l.mu.Lock(); l.noAnswer++; l.mu.Unlock() }

func (l *ledger) refuse(kind string, status int, body []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.refused == nil {
		l.refused = map[string]int{}
	}
	l.refused[fmt.Sprintf("%s %d", kind, status)]++
	if status >= 500 {
		l.fiveXX++
	}
	if len(l.samples) < 8 {
		l.samples = append(l.samples, fmt.Sprintf("%s %d %s", kind, status, tail(string(body), 300)))
	}
}

func (l *ledger) snapshot() []opRecord {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]opRecord(nil), l.acked...)
}

// summary counts acknowledged operations by kind.
func (l *ledger) summary() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	by := map[string]int{}
	for _, op := range l.acked {
		by[op.Kind+"/"+op.Via]++
	}
	keys := make([]string, 0, len(by))
	for k := range by {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	s := fmt.Sprintf("attempted %d, acknowledged %d, no answer %d;", l.attempts.Load(), len(l.acked), l.noAnswer)
	for _, k := range keys {
		s += fmt.Sprintf(" %s=%d", k, by[k])
	}
	return s + fmt.Sprintf("; not acknowledged: %v", l.refused)
}

// driver runs workers that apply for, accept, review and conclude cases
// until budget write requests have been sent.
type driver struct {
	plan   plan
	base   string
	budget int64
	run    string // makes idempotency keys unique per run
	// withdrawals lets applicants withdraw some cases before acceptance
	// (their SPGL records reach the receiver since BJSJ is sent for 办结 only).
	withdrawals bool
	led         *ledger
	// outage is closed by the controller when it has killed the server;
	// resume when the workers may go on (the server is back).
	mu     sync.Mutex
	outage chan struct{}
	resume chan struct{}
}

func newDriver(pl plan, base string, budget int) *driver {
	return &driver{plan: pl, base: base, budget: int64(budget), led: &ledger{}, withdrawals: true,
		run: fmt.Sprintf("%x", time.Now().UnixNano()), outage: make(chan struct{}), resume: make(chan struct{})}
}

// take reserves one write request from the budget.
func (d *driver) take() bool { return d.led.attempts.Add(1) <= d.budget }

// markDown tells the workers that the server was killed on purpose.
func (d *driver) markDown() { d.mu.Lock(); close(d.outage); d.mu.Unlock() }

// markUp lets them go on.
func (d *driver) markUp() { d.mu.Lock(); close(d.resume); d.mu.Unlock() }

// awaitServer is called after a request got no answer: during the planned
// outage it waits for the restart, otherwise it backs off briefly.
func (d *driver) awaitServer(ctx context.Context) {
	d.mu.Lock()
	outage, resume := d.outage, d.resume
	d.mu.Unlock()
	select {
	case <-outage:
		select {
		case <-resume:
		case <-ctx.Done():
		}
	case <-time.After(200 * time.Millisecond):
	case <-ctx.Done():
	}
}

// roles are the accounts every worker signs in as.
var roles = []string{"qiye", "chuangkou", "shenpi.zj", "kezhang.zj", "shenpi.xf", "kezhang.xf"}

// runWorkers signs n workers in and runs them until the budget is spent.
func (d *driver) runWorkers(ctx context.Context, n int) error {
	ws := make([]*worker, n)
	for i := range ws {
		w := &worker{d: d, id: i, rng: rand.New(rand.NewPCG(uint64(i)+1, 42)), who: map[string]*browser{}}
		for _, r := range roles {
			b, err := login(ctx, d.base, r)
			if err != nil {
				return err
			}
			w.who[r] = b
		}
		ws[i] = w
	}
	var wg sync.WaitGroup
	for _, w := range ws {
		wg.Add(1)
		go func() { defer wg.Done(); w.loop(ctx) }()
	}
	wg.Wait()
	return ctx.Err()
}

// worker owns its cases: nobody else acts on them, so every refusal is a
// finding, not a race between workers.
type worker struct {
	d       *driver
	id      int
	rng     *rand.Rand
	who     map[string]*browser
	cases   []*tracked
	seq     int
	hash    string
	pending string // idempotency key of a submission that got no answer
}

// tracked is the worker's view of one case.
type tracked struct {
	id       int64
	item     string
	status   int
	version  int64
	reviewed bool // its department task is decided
	stale    bool // re-read before acting
}

func (w *worker) loop(ctx context.Context) {
	for ctx.Err() == nil {
		var err error
		switch {
		case w.pending != "" || len(w.cases) < 2 || (len(w.cases) < 5 && w.rng.IntN(4) == 0):
			err = w.submit(ctx)
		default:
			err = w.advance(ctx, w.cases[w.rng.IntN(len(w.cases))])
		}
		if errors.Is(err, errBudget) {
			return
		}
		var te errTransport
		if errors.As(err, &te) {
			w.d.led.lost()
			for _, c := range w.cases {
				c.stale = true
			}
			w.d.awaitServer(ctx)
		}
	}
}

var errBudget = errors.New("operation budget spent")

// submit uploads the material file (once per worker) and submits an
// application for the plan's stage, retrying an unanswered one with the
// same idempotency key as a browser's resubmission would.
func (w *worker) submit(ctx context.Context) error {
	if w.hash == "" {
		if !w.d.take() {
			return errBudget
		}
		st, hash, err := w.who["qiye"].upload(ctx, "故障测试材料.pdf", samplePDF(fmt.Sprintf("%s-%d", w.d.run, w.id)))
		if err != nil {
			return err
		}
		if st != http.StatusCreated {
			w.d.led.refuse("upload", st, nil)
			return nil
		}
		w.hash = hash
		w.d.led.ack(opRecord{Kind: "upload", User: "qiye", Via: "api", Hash: hash})
	}
	key := w.pending
	if key == "" {
		w.seq++
		key = fmt.Sprintf("faults-%s-%d-%d", w.d.run, w.id, w.seq)
	}
	if !w.d.take() {
		return errBudget
	}
	w.pending = key
	var optional []string
	if w.rng.IntN(5) == 0 {
		optional = w.d.plan.optional
	}
	mats := map[string]string{}
	for _, m := range w.d.plan.materials {
		mats[m] = w.hash
	}
	in := map[string]any{"project_id": w.d.plan.projectID, "stage_no": w.d.plan.stage, "optional": optional,
		"form": w.d.plan.form, "materials": mats}
	var app struct {
		ID     int64 `json:"id"`
		Replay bool  `json:"idempotent_replay"`
		Cases  []struct {
			ID      int64  `json:"id"`
			Item    string `json:"item_code"`
			Status  int    `json:"status"`
			Version int64  `json:"version"`
		} `json:"cases"`
	}
	began := time.Now()
	st, raw, err := w.who["qiye"].api(ctx, "POST", "/api/v1/applications", in, &app, "Idempotency-Key", key)
	if err != nil {
		return err
	}
	w.pending = ""
	if st != http.StatusCreated && st != http.StatusOK {
		w.d.led.refuse("submit", st, raw)
		return nil
	}
	op := opRecord{Kind: "submit", User: "qiye", Via: "api", Key: key, AppID: app.ID, Step: "receive", Replay: app.Replay}
	for _, c := range app.Cases {
		op.CaseIDs = append(op.CaseIDs, c.ID)
		w.cases = append(w.cases, &tracked{id: c.ID, item: c.Item, status: c.Status, version: c.Version})
	}
	w.d.led.ack(op)
	w.d.led.took("submit", time.Since(began))
	return nil
}
