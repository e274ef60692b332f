//go:build e2e

package e2e

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// testTimeout bounds everything one tab does in one test.
const testTimeout = 60 * time.Second

// tab is one browser tab in its own browser context (cookies and storage
// are not shared with other tabs), bound to a test.
type tab struct {
	t   *testing.T
	ctx context.Context // carries the per-test timeout
}

// newTab opens a tab in a fresh browser context. It skips the test when
// Chromium is missing and fails it when Chromium is broken. On failure the
// tab's page is saved as e2e/testdata/failures/<test>.png.
func newTab(t *testing.T) *tab {
	t.Helper()
	if env.skip != "" {
		t.Skip(env.skip)
	}
	if env.browserErr != nil {
		t.Fatalf("Chromium did not start: %v", env.browserErr)
	}
	tabCtx, cancelTab := chromedp.NewContext(env.browserCtx, chromedp.WithNewBrowserContext())
	if err := chromedp.Do(tabCtx); err != nil { // opens the tab, with no timeout
		cancelTab()
		t.Fatalf("opening a tab: %v", err)
	}
	ctx, cancel := context.WithTimeout(tabCtx, testTimeout)
	t.Cleanup(func() {
		if t.Failed() {
			saveScreenshot(t, tabCtx)
		}
		cancel()
		cancelTab()
	})
	acceptDialogs(ctx)
	return &tab{t: t, ctx: ctx}
}

// acceptDialogs answers "OK" to every confirm() the page opens (forms marked
// data-confirm ask before submitting), as a person who means it would.
func acceptDialogs(ctx context.Context) {
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for _, err := range dialogs {
			if err != nil {
				return
			}
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

// saveScreenshot writes a full-page PNG of the tab for a person to look at.
func saveScreenshot(t *testing.T, tabCtx context.Context) {
	ctx, cancel := context.WithTimeout(tabCtx, 15*time.Second)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("no failure screenshot: %v", err)
		return
	}
	dir := filepath.Join("testdata", "failures")
	name := filepath.Join(dir, unsafeName.ReplaceAllString(t.Name(), "_")+".png")
	if err := os.MkdirAll(dir, 0o755); err == nil {
		err = os.WriteFile(name, buf, 0o644)
	}
	if err != nil {
		t.Logf("no failure screenshot: %v", err)
		return
	}
	t.Logf("screenshot of the failing page: e2e/%s", filepath.ToSlash(name))
}

// do runs actions and fails the test on the first error.
func (b *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

// open loads path and returns the HTTP status of the page (after redirects).
func (b *tab) open(path string) int64 {
	b.t.Helper()
	resp, err := chromedp.Run(b.ctx, chromedp.NavigateResponse(env.url+path))
	if err != nil {
		b.t.Fatalf("opening %s: %v", path, err)
	}
	return resp.Status
}

// press clicks the button matched by CSS selector sel and waits for the page
// that the resulting form submission loads; it returns that page's status.
func (b *tab) press(sel string) int64 {
	b.t.Helper()
	return b.submitWith(sel, chromedp.Click(chromedp.CSS(sel)))
}

// pressXPath is press for an XPath selector (to find a button by its row).
func (b *tab) pressXPath(xpath string) int64 {
	b.t.Helper()
	return b.submitWith(xpath, chromedp.Click(chromedp.Search(xpath)))
}

func (b *tab) submitWith(what string, click chromedp.Action[chromedp.Void]) int64 {
	b.t.Helper()
	resp, err := chromedp.RunResponse(b.ctx, click)
	if err != nil {
		b.t.Fatalf("pressing %s: %v", what, err)
	}
	return resp.Status
}

// fill types v into the empty input matched by CSS selector sel.
func (b *tab) fill(sel, v string) {
	b.t.Helper()
	b.do(chromedp.Clear(chromedp.CSS(sel)), chromedp.SendKeys(chromedp.CSS(sel), v))
}

// choose selects the option with value v in the select matched by sel.
func (b *tab) choose(sel, v string) {
	b.t.Helper()
	b.do(chromedp.SetValue(chromedp.CSS(sel), v))
}

// textOf returns the visible text of the first element matched by sel,
// waiting for it to appear.
func (b *tab) textOf(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		b.t.Fatalf("reading %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// valueOf returns the current value of the form control matched by sel.
func (b *tab) valueOf(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("reading the value of %s: %v", sel, err)
	}
	return s
}

// eval evaluates a JavaScript expression in the page and decodes the result.
func eval[T any](b *tab, expr string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// path returns the path (and query) of the page the tab shows.
func (b *tab) path() string {
	b.t.Helper()
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatalf("reading the location: %v", err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		b.t.Fatalf("parsing the location %q: %v", loc, err)
	}
	return u.RequestURI()
}

// expectPath fails unless the tab shows path.
func (b *tab) expectPath(want string) {
	b.t.Helper()
	if got := b.path(); got != want {
		b.t.Fatalf("page is %s, want %s", got, want)
	}
}

// expectText fails unless the element matched by sel contains want.
func (b *tab) expectText(sel, want string) {
	b.t.Helper()
	if got := b.textOf(sel); !strings.Contains(got, want) {
		b.t.Fatalf("%s shows %q, want it to contain %q", sel, got, want)
	}
}

// fact returns the value shown next to the label dt in a dl.facts list.
func (b *tab) fact(label string) string {
	b.t.Helper()
	return eval[string](b, `(() => {
		const dt = Array.from(document.querySelectorAll('dl.facts dt')).find(d => d.textContent.trim() === `+jsString(label)+`);
		return dt && dt.nextElementSibling ? dt.nextElementSibling.innerText.trim() : '(no '+`+jsString(label)+`+')';
	})()`)
}

// absent fails if an element matches sel.
func (b *tab) absent(sel string) {
	b.t.Helper()
	if n := eval[int](b, `document.querySelectorAll(`+jsString(sel)+`).length`); n != 0 {
		b.t.Fatalf("%s is on the page (%d times), want it absent", sel, n)
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`).Replace(s) + "'"
}
