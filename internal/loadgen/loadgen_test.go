package loadgen_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/app"
	"github.com/dazhou-gongai/gongai/internal/config"
	"github.com/dazhou-gongai/gongai/internal/identity"
	"github.com/dazhou-gongai/gongai/internal/loadgen"
)

// wantKinds are the requests every role's actions make; each must succeed
// at least once, and none may fail, for the generator to be trusted.
var wantKinds = []string{
	"home", "hall", "hall.item", "apply.form", "apply.submit", // enterprise
	"project.list", "project.detail", "case.list", "case.detail",
	"queue.window", "case.accept", "window.desk", // window
	"queue.department", "case.review", "case.conclude", // reviewer, head
	"supervision", "case.warnings", "case.overdue", "project.search", "indicators", // supervisor
	"guide.list", "guide.item", "guide.flow", "results.list", "results.search", "results.detail", // public
}

// TestEveryActionSucceeds runs the generator with one user per role (so
// that no two users race for a case) against the whole application on a
// fresh SQLite database with the demo data, in short rounds until every
// kind of request has been seen, and fails on any unexpected status.
func TestEveryActionSucceeds(t *testing.T) {
	if testing.Short() {
		t.Skip("boots the application with its demo history")
	}
	srv := startServer(t)
	seen := map[string]int{}
	for round := 0; round < 6 && len(missing(seen)) > 0; round++ {
		rep, err := loadgen.Run(context.Background(), loadgen.Config{Target: srv.URL, Users: 6,
			Duration: 3 * time.Second, Seed: uint64(round + 1)})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Failed() > 0 || rep.All.Conflicts > 0 {
			var b strings.Builder
			_ = rep.WriteText(&b)
			t.Fatalf("round %d: %d failed, %d conflicts\n%s", round, rep.Failed(), rep.All.Conflicts, b.String())
		}
		if rep.Login.OK != 5 { // every role but the public signs in
			t.Errorf("round %d: %d sign-ins succeeded, want 5", round, rep.Login.OK)
		}
		for _, k := range rep.Kinds {
			seen[k.Kind] += k.OK
		}
	}
	if m := missing(seen); len(m) > 0 {
		t.Fatalf("never performed successfully: %v (seen %v)", m, seen)
	}
}

func missing(seen map[string]int) []string {
	var out []string
	for _, k := range wantKinds {
		if seen[k] == 0 {
			out = append(out, k)
		}
	}
	return out
}

// TestStopsByOpsBound: a run bounded by a request count makes exactly
// that many measured requests.
func TestStopsByOpsBound(t *testing.T) {
	if testing.Short() {
		t.Skip("boots the application with its demo history")
	}
	srv := startServer(t)
	rep, err := loadgen.Run(context.Background(), loadgen.Config{Target: srv.URL, Users: 3, Ops: 40})
	if err != nil {
		t.Fatal(err)
	}
	if rep.All.Requests != 40 {
		t.Fatalf("%d requests, want 40", rep.All.Requests)
	}
}

func TestRefusesNonLoopbackAndOutOfBounds(t *testing.T) {
	for _, target := range []string{"http://10.1.2.3:8080", "http://example.com", "https://gongai.dazhou.gov.cn/",
		"http://127.0.0.1.nip.io:8080", "http://[2001:db8::1]:8080", "ftp://127.0.0.1/", "127.0.0.1:8080"} {
		_, err := loadgen.Run(context.Background(), loadgen.Config{Target: target, Users: 1, Duration: time.Second})
		if err == nil {
			t.Errorf("%s: accepted", target)
		}
	}
	_, err := loadgen.Run(context.Background(), loadgen.Config{Target: "http://192.168.1.10:8080"})
	if err == nil || !strings.Contains(err.Error(), "回环地址") {
		t.Errorf("non-loopback error = %v, want it to name the loopback rule", err)
	}
	for _, c := range []loadgen.Config{{Users: loadgen.MaxUsers + 1}, {Duration: loadgen.MaxDuration + time.Second},
		{Ops: loadgen.MaxOps + 1}, {Users: -1}, {Think: loadgen.MaxThink + time.Second}} {
		c.Target = "http://127.0.0.1:1"
		if _, err := loadgen.Run(context.Background(), c); err == nil {
			t.Errorf("%+v: accepted", c)
		}
	}
}

// startServer boots gongai with the demo data (history included, so that
// the public results and warning lists have rows) and cheap hashing.
func startServer(t *testing.T) *httptest.Server {
	t.Helper()
	cfg, err := config.Parse("serve", []string{"-data-dir", t.TempDir(), "-log-level", "error"},
		func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	policy := identity.DefaultPolicy
	policy.Hash = identity.HashParams{Memory: 64, Time: 1, Threads: 1}
	sys, err := app.New(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)),
		app.Options{Policy: &policy})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sys.Handler)
	t.Cleanup(func() { srv.Close(); sys.Close() })
	return srv
}
