package faults

import (
	"context"
	"errors"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestDatabaseUnreachable runs the server on PostgreSQL through a TCP proxy
// in the test and cuts it: every pooled connection dies and new ones are
// refused, as when the database host goes away. Every request must then
// answer 503 within answerLimit — a Chinese page in the UI, the structured
// {"code":"unavailable"} in the API — /healthz stays 200, nothing a
// refused request asked for is written, and once the proxy forwards again
// the same server serves the same requests without a restart.
func TestDatabaseUnreachable(t *testing.T) {
	proxiedOutage(t, proxyRefuse, 0)
}

// proxiedOutage runs the server on PostgreSQL through a proxy, breaks the
// proxy the way mode says, waits settle, and checks the outage probes, the
// recovery without a restart and that nothing was half-written. env is
// added to the server's environment.
func proxiedOutage(t *testing.T, mode int, settle time.Duration, env ...string) {
	st := newPostgresStore(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	u, err := url.Parse(st.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	px := newProxy(t, u.Host)
	u.Host = px.addr()
	srv := startServer(t, store{dataDir: st.dataDir, dbURL: u.String()}, "", env...)
	k := newOutageKit(ctx, t, srv)

	px.set(mode)
	time.Sleep(settle)
	checkProbes(ctx, t, k.outageProbes())
	if testing.Verbose() {
		for _, l := range logLines(srv.log.String(), 12, "request failed", "level=ERROR") {
			t.Log(tail(l, 400))
		}
	}
	px.set(proxyForward)
	t.Logf("recovered %s after the database answered again", k.awaitRecovery(ctx, t, time.Minute).Round(time.Millisecond))
	k.afterOutage(ctx, t)
	checkWhole(ctx, t, st)
}

// TestDiskFull runs the server on SQLite in a small tmpfs and fills it:
// writes must answer 503 with the same clear messages and write nothing,
// reads go on, and once space is freed writes succeed without a restart.
// It needs to mount a tmpfs (root); elsewhere it skips and says so.
func TestDiskFull(t *testing.T) {
	mnt := filepath.Join(t.TempDir(), "small")
	if err := os.Mkdir(mnt, 0o750); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=160m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs to fill (%v: %s): disk-full test skipped", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("umount", "-l", mnt).Run() })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	st := store{dataDir: mnt}
	srv := startServer(t, st, "")
	k := newOutageKit(ctx, t, srv)

	// A WAL file reuses its pages: with the disk full, commits only fail
	// once the log must grow. Checkpoint and truncate it first, as SQLite
	// does on its own from time to time, so the next commit needs space.
	truncateWAL(ctx, t, st)
	filler := filepath.Join(mnt, "filler")
	fill(t, filler)
	checkProbes(ctx, t, k.diskFullProbes())
	if testing.Verbose() {
		for _, l := range logLines(srv.log.String(), 12, "request failed") {
			t.Log(tail(l, 400))
		}
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	t.Logf("recovered %s after space was freed", k.awaitRecovery(ctx, t, time.Minute).Round(time.Millisecond))
	k.afterOutage(ctx, t)
	srv.stop()
	checkWhole(ctx, t, st)
}

// diskFullProbes: with the disk full reads still work; writes are refused.
func (k *outageKit) diskFullProbes() []probe {
	out := []probe{}
	for _, p := range k.outageProbes() {
		switch p.name {
		case "GET /readyz", "GET /api/v1/cases", "GET /cases (page)":
			p.status = 200
		}
		out = append(out, p)
	}
	// a new file must be written to disk: refused by the blob store
	return append(out, probe{name: "POST /api/v1/files", status: 503, json: true,
		do: func(ctx context.Context) (int, string, string, error) {
			st, _, raw, err := k.qiye.uploadRaw(ctx, "新材料.pdf", samplePDF(strings.Repeat("满", 4096)))
			return st, "application/json", string(raw), err
		}})
}

// truncateWAL checkpoints st's SQLite log into the database and truncates it.
func truncateWAL(ctx context.Context, t *testing.T, st store) {
	t.Helper()
	db := st.open(t)
	var busy, logPages, done int
	if err := db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logPages, &done); err != nil {
		t.Fatal(err)
	}
	if busy != 0 {
		t.Logf("WAL checkpoint was busy (%d of %d pages): the first writes may still fit", done, logPages)
	}
	db.Close()
}

// fill writes path until the file system has no byte left.
func fill(t *testing.T, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 1<<20)
	for size := len(buf); size > 0; {
		if _, err := f.Write(buf[:size]); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			size /= 2
		}
	}
	var fs syscall.Statfs_t
	if err := syscall.Statfs(filepath.Dir(path), &fs); err == nil {
		t.Logf("disk filled: %d bytes free", fs.Bavail*uint64(fs.Bsize))
	}
}

// checkWhole reads st's data and checks no case is half-changed and the
// audit chain holds.
func checkWhole(ctx context.Context, t *testing.T, st store) {
	t.Helper()
	snap, err := readSnapshot(ctx, st.open(t))
	if err != nil {
		t.Fatal(err)
	}
	var p problems
	checkCases(snap, &p)
	if s := p.String(); s != "" {
		t.Errorf("after the outage: %s", s)
	}
	if code, out := runCLI(t, st, "audit", "verify"); code != 0 {
		t.Errorf("audit verify: exit %d\n%s", code, out)
	}
}
