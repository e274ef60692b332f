package sitestats

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// views returns the recorded page views as "module region group" → n.
func (e *env) views(t testing.TB) map[string]int64 {
	t.Helper()
	rows, err := e.db.QueryContext(context.Background(),
		`SELECT module, region_code, path_group, views FROM sitestats_views`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var m, r, g string
		var n int64
		if err := rows.Scan(&m, &r, &g, &n); err != nil {
			t.Fatal(err)
		}
		out[m+" "+r+" "+g] = n
	}
	return out
}

func TestMiddleware_CountsOnlyPages(t *testing.T) {
	e := newEnv(t, Deps{})
	ignored := []struct {
		v              visitor
		method, target string
	}{
		{anon, "GET", "/static/app.css"},
		{anon, "GET", "/api/v1/things"},
		{anon, "GET", "/guide/items.json"},           // not HTML
		{anon, "GET", "/guide/items/missing"},        // 404
		{anon, "GET", "/fail"},                       // 500
		{anon, "GET", "/nowhere"},                    // 404 of the mux
		{anon, "POST", "/guide/items"},               // not GET
		{anon, "HEAD", "/guide/items"},               // not GET
		{anon, "GET", "/login"},                      // not a counted page
		{anon, "GET", "/cases"},                      // 网上大厅 for enterprise users only
		{clerkTC, "GET", "/cases"},                   // staff at work
		{jianguan, "GET", "/sitestats"},              // not a public page
		{clerkTC, "POST", "/projects/3/apply"},       // a walk-in by a clerk is no conversion
		{qiye, "POST", "/projects/3/apply?fail=1"},   // re-shown form (400), not an application
		{qiye, "POST", "/projects/3/apply/x?fail=1"}, // not the apply path
	}
	for _, c := range ignored {
		e.do(t, c.v, c.method, c.target)
	}
	if st := e.svc.Stats(); st.Buffered != 0 {
		t.Fatalf("ignored requests buffered %d events", st.Buffered)
	}
	counted := []struct {
		v              visitor
		method, target string
	}{
		{anon, "GET", "/guide/items"},
		{anon, "GET", "/guide/items/A-1"},
		{anon, "GET", "/guide/items/A-1?from=search"},
		{anon, "GET", "/guide/flows/511725/1"},
		{anon, "GET", "/public/results?region=511702&page=2"},
		{anon, "GET", "/verify/DZ-1"},
		{anon, "GET", "/ops/complaints/new"},
		{qiye, "GET", "/"},
		{qiye, "GET", "/cases"},
		{qiye, "GET", "/projects/12"},
		{clerkTC, "GET", "/guide/items"}, // staff reading the public guide are visitors too
	}
	for _, c := range counted {
		if rec := e.do(t, c.v, c.method, c.target); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "page") {
			t.Fatalf("%s %s: the middleware changed the answer: %d %q", c.method, c.target, rec.Code, rec.Body.String())
		}
	}
	e.flush(t)
	want := map[string]int64{
		"guide  /guide/items": 1, "guide  /guide/items/*": 2, "guide 511725 /guide/flows/*/*": 1,
		"public 511702 /public/results": 1, "verify  /verify/*": 1, "complaint  /ops/complaints/new": 1,
		"home 511702 /": 1, "hall 511702 /cases": 1, "hall 511702 /projects/*": 1, "guide 511702 /guide/items": 1,
	}
	got := e.views(t)
	if len(got) != len(want) {
		t.Errorf("views = %v\nwant %v", got, want)
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("views[%q] = %d, want %d", k, got[k], n)
		}
	}
	if n := e.count(t, `SELECT COUNT(*) FROM sitestats_guide_visits`); n != 1 {
		t.Errorf("guide visits = %d, want 1 (A-1 by one visitor)", n)
	}
	if n := e.count(t, `SELECT views FROM sitestats_items WHERE item_code = 'A-1'`); n != 2 {
		t.Errorf("item A-1 views = %d, want 2", n)
	}
}

// TestMiddleware_StoresNothingPersonal reads every column of every
// sitestats table after traffic from a signed-in enterprise user who
// searched for a phone number, and looks for anything that names them.
func TestMiddleware_StoresNothingPersonal(t *testing.T) {
	e := newEnv(t, Deps{})
	e.do(t, qiye, "GET", "/guide/items?q=13812345678&n=0&secret=secretvalue")
	e.do(t, qiye, "GET", "/guide/items/A-1?token=tokenvalue-xyz")
	e.do(t, qiye, "POST", "/projects/12/apply?report=1&items=A-1")
	e.do(t, anon, "GET", "/public/results?q=张三+51170219800101123X")
	e.flush(t)
	secrets := []string{qiye.ip, "203.0.113", qiye.ua, "QiyeBrowser", qiye.p.Username, "987654", anon.ip,
		"Firefox", "13812345678", "51170219800101123X", "secretvalue", "tokenvalue", "n=0"}
	tables := []string{"sitestats_salts", "sitestats_views", "sitestats_visitors", "sitestats_uniques",
		"sitestats_guide_visits", "sitestats_items", "sitestats_searches"}
	cells := 0
	for _, tbl := range tables {
		cells += e.scanCells(t, tbl, func(col, v string) {
			for _, s := range secrets {
				if strings.Contains(v, s) {
					t.Errorf("%s.%s holds %q (contains %q)", tbl, col, v, s)
				}
			}
		})
	}
	if cells == 0 {
		t.Fatal("nothing was stored at all")
	}
}

// scanCells calls fn with every cell of table as text; returns the count.
func (e *env) scanCells(t testing.TB, table string, fn func(col, v string)) int {
	t.Helper()
	rows, err := e.db.QueryContext(context.Background(), "SELECT * FROM "+table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	n := 0
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			fn(cols[i], asText(v))
			n++
		}
	}
	return n
}

func asText(v any) string {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case string:
		return x
	case nil:
		return ""
	}
	return strings.TrimSpace(strings.ReplaceAll(fmt.Sprint(v), "\n", " "))
}
