package app

import (
	"net/http"
	"strings"
	"testing"
)

// TestCSRF_EveryUnsafeRoute sends every unsafe route of the router — forms
// and API alike — from a signed-in browser session without the CSRF token,
// as an actor the route would otherwise admit, and checks that each is
// refused with 403 and that nothing was written: the audit log (every
// write is audited) has exactly as many events afterwards as before.
func TestCSRF_EveryUnsafeRoute(t *testing.T) {
	sys, srv := testSystem(t)
	ids := fixtureIDs(t, sys)
	count := func() (n int) {
		t.Helper()
		if err := sys.DB.QueryRow(`SELECT COUNT(*) FROM audit_events`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	clients := map[string]*client{}
	for _, r := range sys.Router.Routes() {
		if actor := sessionActor(matrix[r.Pattern()]); clients[actor] == nil {
			clients[actor] = actorClient(t, srv, actor, "")
		}
	}
	before, checked := count(), 0 // after the logins, which are audited
	for _, r := range sys.Router.Routes() {
		if r.Method == "GET" || r.Method == "HEAD" {
			continue
		}
		actor := sessionActor(matrix[r.Pattern()])
		path := fillPath(r.Path, ids)
		if key, ok := pathOverrides[r.Pattern()]; ok {
			path = fillPath(strings.Replace(r.Path, "{id}", ids[key], 1), ids)
		}
		status := forged(t, clients[actor], r.Method, path, bodyFor(r.Pattern(), ids))
		if status != http.StatusForbidden {
			t.Errorf("%s as %s without a CSRF token: status %d, want 403", r.Pattern(), actor, status)
		}
		checked++
	}
	if checked < 50 {
		t.Fatalf("only %d unsafe routes found", checked)
	}
	if after := count(); after != before {
		t.Fatalf("forged requests wrote %d audit events", after-before)
	}
}

// sessionActor picks an actor the route admits who signs in with a
// password (a browser session), or admin when only anonymous callers and
// API keys are admitted; anonymous routes (login, public forms) are sent
// from a signed-in session too, which must not matter.
func sessionActor(a allow) string {
	for _, name := range a {
		if name != "anon" && name != "apikey" {
			return name
		}
	}
	return "admin"
}

// forged sends method path with the session cookie but without the CSRF
// token, as a form (pages) or as JSON (API).
func forged(t *testing.T, c *client, method, path, body string) int {
	t.Helper()
	ct, payload := "application/x-www-form-urlencoded", "x=1"
	if strings.HasPrefix(path, "/api/") {
		ct, payload = "application/json", body
	}
	req, err := http.NewRequest(method, c.base+path, strings.NewReader(payload))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", ct)
	res, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}
