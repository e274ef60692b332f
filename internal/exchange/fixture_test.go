package exchange

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/testkit"
	"github.com/dazhou-gongai/gongai/internal/testkit/stack"
)

// env is the engine stack with an exchange service on one database; the
// reference receiver shares the database (its own tables).
type env struct {
	*stack.Stack
	ex *Service
	rv *Receiver
}

func newEnv(t testing.TB) *env { return newEnvOn(t, testkit.NewDB(t)) }

func newEnvOn(t testing.TB, db *sqldb.DB) *env {
	t.Helper()
	s := stack.New(t, db, stack.Monday)
	e := &env{Stack: s, rv: NewReceiver(db, s.Clock.Now)}
	e.ex = e.service(nil, nil)
	return e
}

// service is an exchange service over e's database sending through tr.
func (e *env) service(tr Transport, rs ReceiptSource) *Service {
	return NewService(Deps{DB: e.DB, Audit: e.Audit, Orgs: e.Org, Projects: e.Projects, Transport: tr, Receipts: rs,
		Backoff: Backoff{Base: time.Minute, Max: time.Hour}, Now: e.Clock.Now})
}

// httpReceiver serves e's receiver over HTTP and returns a transport to it.
func (e *env) httpReceiver(t testing.TB) *HTTPTransport {
	t.Helper()
	srv := httptest.NewServer(ReceiverHandler(e.rv, "s3cret", discard()))
	t.Cleanup(srv.Close)
	tr, err := NewHTTPTransport(HTTPConfig{URL: srv.URL, Secret: "s3cret", Tries: 2, Wait: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// concluded takes a construction-permit case of the demo project through
// acceptance, an expert review (特别程序), a consultation of 自然资源 and
// the 住建 review to 办结（通过）.
func (e *env) concluded(t testing.TB, key string) casework.Case {
	t.Helper()
	c := e.Accepted(t, e.Submit(t, "qiye", key, 3, stack.ConstructionPermit).ID)
	rev := e.As(t, "shenpi.zj")
	c = must(t)(e.Cases.StartSpecial(rev, c.ID, casework.SpecialInput{Version: c.Version, Kind: "expert",
		Reason: "结构安全专家论证", ExpectedDays: 3}))
	e.Clock.Set(e.Clock.Now().Add(2 * time.Hour))
	c = must(t)(e.Cases.EndSpecial(rev, c.ID, casework.EndSpecialInput{Version: c.Version, Outcome: "论证通过"}))
	zrzy := e.Unit(t, "511702", "zrzy")
	must(t)(e.Cases.Consult(rev, c.ID, casework.ConsultInput{ToOrgID: zrzy.ID, Question: "是否符合规划条件？"}))
	must(t)(e.Cases.Review(rev, c.ID, casework.TaskInput{Opinion: "材料齐全", Decision: "approve"}))
	c = must(t)(e.Cases.Get(rev, c.ID))
	c = must(t)(e.Cases.Conclude(e.As(t, "kezhang.zj"), c.ID, casework.ConcludeInput{Version: c.Version,
		Approve: true, Opinion: "准予许可"}))
	if c.Status != casework.Approved {
		t.Fatalf("status %d, want 11", c.Status)
	}
	return c
}

func must(t testing.TB) func(casework.Case, error) casework.Case {
	return func(c casework.Case, err error) casework.Case {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
}

// queue returns every queued record in order.
func (e *env) queue(t testing.TB) []Queued {
	t.Helper()
	out, err := collect(e.DB.QueryContext(context.Background(), `SELECT `+queuedColumns+` FROM exchange_records ORDER BY id`))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// relay runs s.Relay and fails t on an error.
func relay(t testing.TB, s *Service) int {
	t.Helper()
	n, err := s.Relay(context.Background())
	if err != nil {
		t.Fatalf("Relay: %v", err)
	}
	return n
}

// checkLegalOrder fails t unless every accepted record's parents were
// accepted before it, and no key was delivered twice.
func checkLegalOrder(t testing.TB, got []Accepted) {
	t.Helper()
	seen := map[string]bool{}
	for _, a := range got {
		r, err := decodeRecord([]byte(a.Record))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range Parents(r) {
			if !seen[p] {
				t.Errorf("%s arrived before its parent %s", a.Key, p)
			}
		}
		if a.Deliveries != 1 {
			t.Errorf("%s delivered %d times", a.Key, a.Deliveries)
		}
		seen[r.Entity()] = true
	}
}

func tablesOf(qs []Queued) string {
	var b strings.Builder
	for _, q := range qs {
		b.WriteString(strings.TrimPrefix(q.Table, "SPGL_") + " ")
	}
	return strings.TrimSpace(b.String())
}

func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
