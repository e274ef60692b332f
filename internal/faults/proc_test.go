package faults

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// envDatabaseURL is the PostgreSQL the tests may create schemas in.
const envDatabaseURL = "GONGAI_TEST_DATABASE_URL"

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
	buildDir  string
)

// TestMain removes the binary built for the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// binary builds cmd/gongai once per test run and returns its path.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "gongai-faults-")
		if buildErr != nil {
			return
		}
		binPath = filepath.Join(buildDir, "gongai")
		cmd := exec.Command("go", "build", "-o", binPath, "github.com/dazhou-gongai/gongai/cmd/gongai")
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// store is where one test's servers keep their data: a data directory
// (SQLite file, blobs, licence key) and, on PostgreSQL, a private schema.
type store struct {
	dataDir string
	dbURL   string // "" = SQLite in dataDir
}

func (s store) dialect() string {
	if s.dbURL == "" {
		return "sqlite"
	}
	return "postgres"
}

// newSQLiteStore is a fresh data directory.
func newSQLiteStore(t *testing.T) store { return store{dataDir: t.TempDir()} }

// newPostgresStore is a fresh schema in GONGAI_TEST_DATABASE_URL, dropped at
// the end of t, or a skip when the variable is unset. CI runs the suite
// twice, on SQLite without the variable and on PostgreSQL with it (.ci/run
// step 5), so the PostgreSQL-only tests run in the second pass.
func newPostgresStore(t *testing.T) store {
	t.Helper()
	base := os.Getenv(envDatabaseURL)
	if base == "" {
		t.Skipf("%s is unset: skipping a PostgreSQL-only test", envDatabaseURL)
	}
	ctx := context.Background()
	admin, err := sqldb.OpenPostgres(ctx, base)
	if err != nil {
		t.Fatalf("PostgreSQL at %s: %v", sqldb.MaskURL(base), err)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "faults_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		_, _ = admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema) // pgx passes unknown parameters as run-time settings
	u.RawQuery = q.Encode()
	return store{dataDir: t.TempDir(), dbURL: u.String()}
}

// storesFor returns SQLite, plus PostgreSQL when the test URL is set.
func storesFor(t *testing.T) map[string]func(*testing.T) store {
	m := map[string]func(*testing.T) store{"sqlite": newSQLiteStore}
	if os.Getenv(envDatabaseURL) != "" {
		m["postgres"] = newPostgresStore
	}
	return m
}

// open connects the test itself to st's database, for the checks.
func (s store) open(t *testing.T) *sqldb.DB {
	t.Helper()
	db, err := sqldb.Open(context.Background(), s.dbURL, s.dataDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// server is one running gongai process.
type server struct {
	t    *testing.T
	cmd  *exec.Cmd
	base string // http://127.0.0.1:port
	log  *lockedBuffer
	done chan struct{}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// freeAddr returns a loopback address nobody listens on right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// startServer runs `gongai serve` on st at addr ("" = a free port) with
// extra environment, and waits until /readyz answers 200.
func startServer(t *testing.T, st store, addr string, extra ...string) *server {
	t.Helper()
	if addr == "" {
		addr = freeAddr(t)
	}
	cmd := exec.Command(binary(t), "serve")
	cmd.Env = append(os.Environ(), "GONGAI_ADDR="+addr, "GONGAI_DATA_DIR="+st.dataDir,
		"GONGAI_DATABASE_URL="+st.dbURL, "GONGAI_LOG_LEVEL=warn", "GONGAI_NATS_URL=", "GONGAI_EXCHANGE_URL=")
	cmd.Env = append(cmd.Env, extra...)
	s := &server{t: t, cmd: cmd, base: "http://" + addr, log: &lockedBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = s.log, s.log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = cmd.Wait(); close(s.done) }()
	t.Cleanup(func() { s.kill() })
	if err := s.waitReady(3 * time.Minute); err != nil {
		t.Fatalf("server did not become ready: %v\n%s", err, tail(s.log.String(), 4000))
	}
	return s
}

func (s *server) waitReady(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case <-s.done:
			return fmt.Errorf("process exited: %v", s.cmd.ProcessState)
		default:
		}
		resp, err := http.Get(s.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("not ready after %s", limit)
}

// kill sends SIGKILL (no shutdown, no flush) and waits for the process.
func (s *server) kill() {
	select {
	case <-s.done:
		return
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.done
}

// stop asks the server to shut down (SIGTERM) and waits.
func (s *server) stop() {
	select {
	case <-s.done:
		return
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		s.kill()
	}
}

// runCLI runs a gongai sub-command on st and returns its exit code and output.
func runCLI(t *testing.T, st store, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Env = append(os.Environ(), "GONGAI_DATA_DIR="+st.dataDir, "GONGAI_DATABASE_URL="+st.dbURL)
	out, err := cmd.CombinedOutput()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode(), string(out)
		}
		t.Fatal(err)
	}
	return 0, string(out)
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// logLines returns the lines of log containing any of words, at most n.
func logLines(log string, n int, words ...string) []string {
	var out []string
	for _, l := range strings.Split(log, "\n") {
		for _, w := range words {
			if strings.Contains(l, w) && len(out) < n {
				out = append(out, l)
				break
			}
		}
	}
	return out
}
