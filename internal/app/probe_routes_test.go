package app

import (
	"io"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// probeParams are the query parameters the handlers read (collected from
// the code), each of which the probes fill at once.
var probeParams = strings.Fields(`q region limit state offset page to period from kind by start stage role
	org_unit_id item unread run inactive dim action window type table status sort severity rule region_code
	part next month include_inactive flow_type dimension active year version v unit ticket tag subsystem slot
	rule_id revision report queue opened official object_type object_id n line level key items function
	form enabled days day date current case_id before measure measures filter top`)

// probes are hostile values: SQL that would change a query if spliced in,
// markup that would run if echoed unescaped, LIKE wildcards, path tricks,
// numbers out of range and malformed text.
var probes = []string{
	`' OR '1'='1`, `1; DROP TABLE cases; --`, `%' UNION SELECT password_hash FROM users --`,
	`<script>alert(1)</script>`, `%_\`, `../../../etc/passwd`, `99999999999999999999999`, `-1`,
	"\xff\xfe", `通川区' --`,
}

// TestInjectionProbes sends every GET route, as an administrator and as the
// demo enterprise, with every known filter parameter set to each probe. No
// answer may be a server error, leak a database error, or echo the markup
// unescaped.
func TestInjectionProbes(t *testing.T) {
	sys, srv := testSystem(t)
	ids := fixtureIDs(t, sys)
	for _, actor := range []string{"admin", "qiye"} {
		c := actorClient(t, srv, actor, "")
		for _, r := range sys.Router.Routes() {
			if r.Method != "GET" || r.Pattern() == "GET /static/" {
				continue
			}
			for _, p := range probes {
				v := url.Values{}
				for _, name := range probeParams {
					v.Set(name, p)
				}
				checkProbe(t, c, actor, fillPath(r.Path, ids), v.Encode(), p)
			}
		}
	}
}

// checkProbe fails on a 5xx, a database error in the body, or the script
// probe echoed as markup.
func checkProbe(t *testing.T, c *client, actor, path, query, probe string) {
	t.Helper()
	target := path + " with " + strconv.Quote(probe)
	res, err := c.http.Get(c.base + path + "?" + query)
	if err != nil {
		t.Errorf("%s %s: %v", actor, target, err)
		return
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	text := string(body)
	if res.StatusCode >= 500 {
		t.Errorf("%s %s: status %d", actor, target, res.StatusCode)
	}
	for _, leak := range []string{"SQLSTATE", "syntax error", "SQL logic error", "no such column",
		"unrecognized token", "invalid input syntax"} {
		if strings.Contains(text, leak) {
			t.Errorf("%s %s: body leaks %q", actor, target, leak)
		}
	}
	if strings.Contains(res.Header.Get("Content-Type"), "html") && strings.Contains(text, "<script>alert(1)") {
		t.Errorf("%s %s: script probe echoed unescaped", actor, target)
	}
}
