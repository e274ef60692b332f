package faults

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// answerLimit is how long a request may take while the database is away:
// a clear refusal, not a hang.
const answerLimit = 15 * time.Second

// outageKit is what the outage tests drive: the window clerk and the
// applicant, signed in before the outage, and a case waiting at the window.
type outageKit struct {
	srv         *server
	qiye, clerk *browser
	pl          plan
	hash        string
	caseID      int64
	caseVersion int64
}

func newOutageKit(ctx context.Context, t *testing.T, srv *server) *outageKit {
	t.Helper()
	k := &outageKit{srv: srv}
	var err error
	if k.qiye, err = login(ctx, srv.base, "qiye"); err != nil {
		t.Fatal(err)
	}
	if k.clerk, err = login(ctx, srv.base, "chuangkou"); err != nil {
		t.Fatal(err)
	}
	if k.pl, err = loadPlan(ctx, k.qiye); err != nil {
		t.Fatal(err)
	}
	st, hash, err := k.qiye.upload(ctx, "材料.pdf", samplePDF(t.Name()))
	if err != nil || st != http.StatusCreated {
		t.Fatalf("upload: %d %v", st, err)
	}
	k.hash = hash
	c, st, raw := k.submit(ctx, "before")
	if st != http.StatusCreated {
		t.Fatalf("submit before the outage: %d %s", st, raw)
	}
	k.caseID, k.caseVersion = c.ID, c.Version
	return k
}

func (k *outageKit) submit(ctx context.Context, key string) (caseView, int, []byte) {
	mats := map[string]string{}
	for _, m := range k.pl.materials {
		mats[m] = k.hash
	}
	var app struct {
		Cases []caseView `json:"cases"`
	}
	in := map[string]any{"project_id": k.pl.projectID, "stage_no": k.pl.stage, "form": k.pl.form, "materials": mats}
	st, raw, _ := k.qiye.api(ctx, "POST", "/api/v1/applications", in, &app, "Idempotency-Key", key)
	if len(app.Cases) == 0 {
		return caseView{}, st, raw
	}
	return app.Cases[0], st, raw
}

// probe is one request during the outage and what it must answer.
type probe struct {
	name   string
	status int
	json   bool                                                   // the structured API error; otherwise a Chinese HTML page (or plain text)
	do     func(ctx context.Context) (int, string, string, error) // status, content type, body
}

// outageProbes are the requests people make while the database is away:
// reads and writes, API and pages; each must answer 503 at once.
func (k *outageKit) outageProbes() []probe {
	accept := map[string]any{"version": k.caseVersion, "opinion": "故障期间受理"}
	return []probe{
		// probes come without cookies, as a load balancer's do
		{name: "GET /healthz", status: 200, json: false, do: k.raw(newBrowser(k.srv.base), "GET", "/healthz")},
		{name: "GET /readyz", status: 503, json: false, do: k.raw(newBrowser(k.srv.base), "GET", "/readyz")},
		{name: "GET /api/v1/cases", status: 503, json: true, do: k.raw(k.clerk, "GET", "/api/v1/cases")},
		{name: "GET /cases (page)", status: 503, json: false, do: k.raw(k.clerk, "GET", "/cases")},
		{name: "POST /api/v1/cases/{id}/accept", status: 503, json: true, do: k.jsonPost(k.clerk, fmt.Sprintf("/api/v1/cases/%d/accept", k.caseID), accept)},
		{name: "POST /cases/{id}/accept (form)", status: 503, json: false, do: k.formPost(k.clerk, fmt.Sprintf("/cases/%d/accept", k.caseID),
			url.Values{"version": {fmt.Sprint(k.caseVersion)}, "opinion": {"故障期间受理"}})},
		{name: "POST /api/v1/applications", status: 503, json: true, do: func(ctx context.Context) (int, string, string, error) {
			_, st, raw := k.submit(ctx, "during")
			return st, "application/json", string(raw), nil
		}},
	}
}

func (k *outageKit) raw(b *browser, method, path string) func(ctx context.Context) (int, string, string, error) {
	return func(ctx context.Context) (int, string, string, error) {
		req, err := http.NewRequestWithContext(ctx, method, b.base+path, nil)
		if err != nil {
			return 0, "", "", err
		}
		resp, body, err := b.do(req)
		if err != nil {
			return 0, "", "", err
		}
		return resp.StatusCode, resp.Header.Get("Content-Type"), string(body), nil
	}
}

func (k *outageKit) jsonPost(b *browser, path string, in any) func(ctx context.Context) (int, string, string, error) {
	return func(ctx context.Context) (int, string, string, error) {
		st, raw, err := b.api(ctx, "POST", path, in, nil)
		return st, "application/json", string(raw), err
	}
}

func (k *outageKit) formPost(b *browser, path string, v url.Values) func(ctx context.Context) (int, string, string, error) {
	return func(ctx context.Context) (int, string, string, error) {
		st, _, body, err := b.postForm(ctx, path, v)
		return st, "text/html", body, err
	}
}

// checkProbes runs every probe and reports the ones that answered wrong,
// slowly, or without a clear Chinese message.
func checkProbes(ctx context.Context, t *testing.T, probes []probe) {
	t.Helper()
	for _, p := range probes {
		pctx, cancel := context.WithTimeout(ctx, answerLimit+5*time.Second)
		start := time.Now()
		st, ctype, body, err := p.do(pctx)
		took := time.Since(start)
		cancel()
		switch {
		case err != nil:
			t.Errorf("%s: no answer after %s: %v", p.name, took.Round(time.Millisecond), err)
		case took > answerLimit:
			t.Errorf("%s: answered %d only after %s", p.name, st, took.Round(time.Millisecond))
		case st != p.status:
			t.Errorf("%s: status %d, want %d: %s", p.name, st, p.status, tail(body, 300))
		case p.status == 503 && p.json:
			var e struct{ Code, Message string }
			if json.Unmarshal([]byte(body), &e) != nil || e.Code != "unavailable" || !hasHan(e.Message) {
				t.Errorf("%s: want {\"code\":\"unavailable\",\"message\":<Chinese>}, got %s", p.name, tail(body, 300))
			}
		case p.status == 503 && !hasHan(body):
			t.Errorf("%s: 503 without a Chinese message (%s): %s", p.name, ctype, tail(body, 300))
		}
		t.Logf("%s: %d in %s", p.name, st, took.Round(time.Millisecond))
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

// awaitRecovery polls a read the clerk makes until it succeeds again,
// without restarting anything, and returns how long that took.
func (k *outageKit) awaitRecovery(ctx context.Context, t *testing.T, limit time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		select {
		case <-k.srv.done:
			t.Fatalf("the server exited during the outage:\n%s", tail(k.srv.log.String(), 3000))
		default:
		}
		st, _, _ := k.clerk.get(ctx, "/api/v1/cases?limit=1")
		if st == http.StatusOK {
			return time.Since(start)
		}
		if time.Since(start) > limit {
			t.Fatalf("no recovery within %s (last status %d)", limit, st)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// afterOutage checks nothing the refused requests asked for happened, then
// that the same requests now succeed.
func (k *outageKit) afterOutage(ctx context.Context, t *testing.T) {
	t.Helper()
	var c caseView
	st, raw, err := k.clerk.api(ctx, "GET", fmt.Sprintf("/api/v1/cases/%d", k.caseID), nil, &c)
	if err != nil || st != 200 {
		t.Fatalf("read case: %d %v %s", st, err, raw)
	}
	if c.Status != 1 || c.Version != k.caseVersion {
		t.Errorf("a refused acceptance changed case %d: status %d version %d, was 1 and %d", c.ID, c.Status, c.Version, k.caseVersion)
	}
	var after caseView
	st, raw, err = k.clerk.api(ctx, "POST", fmt.Sprintf("/api/v1/cases/%d/accept", k.caseID),
		map[string]any{"version": k.caseVersion, "opinion": "恢复后受理"}, &after)
	if err != nil || st != 200 || after.Status != 8 {
		t.Errorf("accept after recovery: %d %v %s\n%s", st, err, raw,
			tail(k.srv.log.String(), 3000))
	}
	if _, st, raw := k.submit(ctx, "during"); st != http.StatusCreated {
		t.Errorf("the submission refused during the outage, sent again: %d, want 201 (a new application): %s", st, raw)
	}
	if st, body, _ := k.clerk.get(ctx, "/cases"); st != 200 || !strings.Contains(body, "办件") {
		t.Errorf("case list page after recovery: %d", st)
	}
}
