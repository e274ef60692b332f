package app

import (
	"bytes"
	"context"
	"database/sql"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb syncBuffer
	code := Run(context.Background(), Env{Args: args, Getenv: func(string) string { return "" }, Stdout: &out, Stderr: &errb})
	return code, out.String(), errb.String()
}

func TestRun_Commands(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		args    []string
		code    int
		out     string
		errText string
	}{
		{"version", []string{"version"}, 0, "gongai", ""},
		{"help", []string{"help"}, 0, "gongai audit verify", ""},
		{"unknown command", []string{"frobnicate"}, 1, "", "未知的子命令"},
		{"bad config", []string{"serve", "-addr", "nonsense"}, 1, "", "GONGAI_ADDR"},
		{"bad database url", []string{"migrate", "-database-url", "mysql://x"}, 1, "", "GONGAI_DATABASE_URL"},
		{"serve -h lists variables", []string{"serve", "-h"}, 0, "", "GONGAI_DATABASE_URL"},
		{"migrate", []string{"migrate", "-data-dir", dir}, 0, "00001", ""},
		{"seed", []string{"seed", "-data-dir", dir}, 0, "演示账户已就绪", ""},
		{"quality run", []string{"quality-run", "-data-dir", dir, "-demo", "false"}, 0, "数据质量检查", ""},
		{"indicators recompute", []string{"indicators", "recompute", "-data-dir", dir, "-demo", "false"}, 0, "全部指标已重新计算", ""},
		{"indicators without verb", []string{"indicators"}, 1, "", "gongai indicators recompute"},
		{"receiver without a source", []string{"exchange-receiver", "-data-dir", t.TempDir()}, 1, "", "GONGAI_RECEIVER_ADDR"},
		{"scale seed", []string{"seed", "--scale", "--cases", "300", "-data-dir", dir}, 0, "已生成规模测试数据", ""},
		{"scale seed bad count", []string{"seed", "--scale", "--cases", "x"}, 1, "", "应为正整数"},
		{"delete unknown batch", []string{"seed", "--delete-generated", "999", "-data-dir", dir}, 1, "", ""},
		{"verify intact", []string{"audit", "verify", "-data-dir", dir}, 0, "审计链完整", ""},
		{"audit without verb", []string{"audit"}, 1, "", "gongai audit verify"},
		{"verify without a database", []string{"audit", "verify", "-data-dir", t.TempDir()}, 1, "", "找不到数据库文件"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errText := run(t, tc.args...)
			if code != tc.code || !strings.Contains(out, tc.out) || !strings.Contains(errText, tc.errText) {
				t.Fatalf("code %d\nstdout: %s\nstderr: %s", code, out, errText)
			}
		})
	}
}

// TestRun_AuditVerifyDetectsTampering edits an audit row by hand, as an
// attacker with database access would, and expects a non-zero exit naming it.
func TestRun_AuditVerifyDetectsTampering(t *testing.T) {
	dir := t.TempDir()
	if code, _, e := run(t, "seed", "-data-dir", dir); code != 0 {
		t.Fatal(e)
	}
	db, err := sqldb.OpenSQLite(context.Background(), dir+"/"+sqldb.SQLiteFile)
	if err != nil {
		t.Fatal(err)
	}
	err = db.WithTx(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE audit_events SET actor_name = 'mallory' WHERE seq = 2`)
		return err
	})
	db.Close()
	if err != nil {
		t.Fatalf("tampering: %v", err)
	}
	code, _, errText := run(t, "audit", "verify", "-data-dir", dir)
	if code == 0 || !strings.Contains(errText, "事件 2") {
		t.Fatalf("code %d: %s", code, errText)
	}
}

// TestRun_ServeAndShutdown starts the real server on a free port, checks the
// banner and the probes, then cancels and expects a clean exit.
func TestRun_ServeAndShutdown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan int)
	go func() {
		done <- Run(ctx, Env{Args: []string{"-addr", "127.0.0.1:0", "-data-dir", t.TempDir(), "-log-level", "error"},
			Getenv: func(string) string { return "" }, Stdout: &out, Stderr: &errb})
	}()
	url := waitFor(t, &out, regexp.MustCompile(`http://127\.0\.0\.1:\d+/`))
	for _, p := range []string{"healthz", "readyz"} {
		res, err := http.Get(url + p)
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("%s: %v %v", p, res, err)
		}
		res.Body.Close()
	}
	if !strings.Contains(out.String(), "chuangkou.qx") {
		t.Fatalf("banner must list the demo accounts:\n%s", out.String())
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("server did not shut down")
	}
}

func waitFor(t *testing.T, b *syncBuffer, re *regexp.Regexp) string {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindString(b.String()); m != "" {
			return m
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s in:\n%s", re, b.String())
	return ""
}
