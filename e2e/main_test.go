//go:build e2e

// Package e2e drives the whole gongai application through a real browser:
// the app runs in-process on a temporary SQLite database with the Dazhou
// demo data, and headless Chromium (Debian's chromium, driven by chromedp)
// uses it the way a person would. Run with
//
//	go test -tags e2e ./e2e/
//
// The tests skip when Chromium is missing (and fail when $CI is set, so
// that CI cannot pass without them); set $CHROMIUM to use another binary.
// A failing browser test leaves a full-page screenshot in
// e2e/testdata/failures/<test>.png.
//
// Every test opens its own browser context (no shared cookies), but all
// share one app and its database, so they do not call t.Parallel: the
// lockout test locks the demo account shenpi for a moment. Names created by
// a test carry a random suffix so that -count=N works.
package e2e

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dazhou-gongai/gongai/internal/app"
	"github.com/dazhou-gongai/gongai/internal/config"
)

// env is shared by every test of the package: one app, one browser.
var env struct {
	url        string          // base URL of the app, http://127.0.0.1:port
	browserCtx context.Context // chromedp context with a running browser; nil when skipped
	skip       string          // why browser tests skip ("" = they run)
	browserErr error           // the browser was found but did not start
}

// browserStartTimeout bounds the first start of Chromium, which would
// otherwise hang the whole suite on a broken installation.
const browserStartTimeout = 60 * time.Second

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	dir, err := os.MkdirTemp("", "gongai-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(dir)

	stop, err := startApp(filepath.Join(dir, "data"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: starting the app:", err)
		return 1
	}
	defer stop()

	closeBrowser := startBrowser(filepath.Join(dir, "chromium"))
	defer closeBrowser()
	return m.Run()
}

// startApp boots gongai exactly as `gongai serve` would (migrations, seeds,
// demo accounts, middleware) on a fresh SQLite file, behind httptest.
func startApp(dataDir string) (stop func(), err error) {
	// Always SQLite in a temp dir: the environment (GONGAI_DATABASE_URL,
	// GONGAI_TEST_DATABASE_URL) is deliberately not consulted.
	args := []string{"-data-dir", dataDir, "-addr", "127.0.0.1:0", "-demo", "true", "-log-level", "error"}
	cfg, err := config.Parse("serve", args, func(string) string { return "" }, io.Discard)
	if err != nil {
		return nil, err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	sys, err := app.New(context.Background(), cfg, log, app.Options{})
	if err != nil {
		return nil, err
	}
	srv := httptest.NewServer(sys.Handler)
	env.url = srv.URL
	jobs, stopJobs := context.WithCancel(context.Background())
	go sys.RunJobs(jobs) // as serve does: notices, licences, reminders, clocks
	return func() {
		stopJobs()
		srv.Close()
		sys.Close()
	}, nil
}

// chromiumPath is $CHROMIUM or Debian's /usr/bin/chromium.
func chromiumPath() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// startBrowser launches one headless Chromium for the whole suite. Each test
// then opens its own incognito-like browser context (see newTab).
func startBrowser(userDataDir string) (closeFn func()) {
	path := chromiumPath()
	if _, err := os.Stat(path); err != nil {
		why := fmt.Sprintf("Chromium not found at %s (apt-get install chromium, or set $CHROMIUM): %v", path, err)
		if os.Getenv("CI") != "" { // in CI a skipped suite would pass unseen
			env.browserErr = errors.New(why)
		} else {
			env.skip = why
		}
		return func() {}
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), browserOptions(path, userDataDir)...)
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(browserCtx) }() // no timeout: it would close the browser
	select {
	case err := <-started:
		env.browserErr = err
	case <-time.After(browserStartTimeout):
		env.browserErr = fmt.Errorf("Chromium at %s did not start within %s", path, browserStartTimeout)
	}
	if env.browserErr == nil {
		env.browserCtx = browserCtx
	}
	return func() {
		cancelBrowser()
		cancelAlloc()
	}
}

// browserOptions are chromedp's defaults plus the flags that keep Chromium
// from hanging on the closed network of the build machines and let it run
// as root in a container, with a fresh profile.
func browserOptions(path, userDataDir string) []chromedp.ExecAllocatorOption {
	return append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("headless", "new"),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("lang", "zh-CN"),
		chromedp.UserDataDir(userDataDir),
	)
}
