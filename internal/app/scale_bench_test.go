package app

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"testing"
	"time"
)

// BenchmarkPagesAtScale times list, search and detail pages through the
// whole server (routing, session, authorisation, queries, templates) over
// a database made by `gongai seed --scale`, beside the floor of any page:
// a single-row primary-key SELECT on the same database in the same run.
//
//	GONGAI_DATA_DIR=/tmp/pbench/data gongai seed --scale --cases 1000000
//	GONGAI_BENCH_DATA_DIR=/tmp/pbench/data go test ./internal/app/ -run xxx -bench PagesAtScale -benchtime 200x
//
// Each page reports its p50 and p95 in milliseconds and its mean as a
// multiple of the baseline's mean.
func BenchmarkPagesAtScale(b *testing.B) {
	dir := os.Getenv("GONGAI_BENCH_DATA_DIR")
	if dir == "" {
		b.Skip("set GONGAI_BENCH_DATA_DIR to a data directory made by `gongai seed --scale`")
	}
	sys, srv := serveSystem(b, []string{"-data-dir", dir})
	caseID, caseNo := aCase(b, sys)
	pkQuery := func() {
		var n string
		if err := sys.DB.QueryRow(`SELECT number FROM cases WHERE id = $1`, caseID).Scan(&n); err != nil {
			b.Fatal(err)
		}
	}
	var baseline time.Duration
	b.Run("baseline=pk-select", func(b *testing.B) { baseline = timed(b, pkQuery) })
	pages := []struct{ name, actor, path string }{
		{"cases=window-queue", "chuangkou", "/cases?queue=window"},
		{"cases=county-all", "chuangkou", "/cases"},
		{"cases=city-all", "admin", "/cases"},
		{"cases=city-page-100", "admin", "/cases?page=100"},
		{"case=detail", "admin", fmt.Sprintf("/cases/%d", caseID)},
		{"projects=list", "admin", "/projects"},
		{"projects=search-2char", "admin", "/projects?q=" + "学校"},
		{"projects=search-rare", "admin", "/projects?q=" + "冷库"},
		{"results=public-list", "anon", "/public/results"},
		{"results=search-2char", "anon", "/public/results?q=" + "住宅"},
		{"results=search-rare", "anon", "/public/results?q=" + "冷库"},
		{"result=detail", "anon", "/public/results/" + caseNo},
		{"supervision=dashboard", "jianguan", "/supervision"},
		{"indicators=matrix", "jianguan", "/indicators"},
	}
	for _, p := range pages {
		c := benchClient(b, srv, p.actor)
		get := func() {
			res, err := c.Get(srv.URL + p.path)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				b.Fatalf("%s: status %d", p.path, res.StatusCode)
			}
		}
		b.Run(p.name, func(b *testing.B) {
			mean := timed(b, get)
			b.ReportMetric(float64(mean)/float64(baseline), "x-baseline")
		})
	}
}

// timed runs fn b.N times after one warm-up, reports p50/p95 in ms and
// returns the mean.
func timed(b *testing.B, fn func()) time.Duration {
	fn()
	lat := make([]time.Duration, b.N)
	b.ResetTimer()
	for i := range lat {
		start := time.Now()
		fn()
		lat[i] = time.Since(start)
	}
	b.StopTimer()
	slices.Sort(lat)
	var sum time.Duration
	for _, d := range lat {
		sum += d
	}
	b.ReportMetric(float64(lat[len(lat)/2])/1e6, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*95/100])/1e6, "p95-ms")
	return sum / time.Duration(len(lat))
}

// aCase picks a concluded 通川区 case from the middle of the table.
func aCase(b *testing.B, sys *System) (int64, string) {
	var id int64
	var number string
	err := sys.DB.QueryRow(`SELECT id, number FROM cases WHERE region_code = '511702' AND status = 11
		ORDER BY id LIMIT 1 OFFSET (SELECT COUNT(*) / 20 FROM cases WHERE region_code = '511702')`).Scan(&id, &number)
	if err != nil {
		b.Fatal(err)
	}
	return id, number
}

// benchClient is an HTTP client signed in as actor ("anon": not signed in).
func benchClient(b *testing.B, srv *httptest.Server, actor string) *http.Client {
	return actorClient(b, srv, actor, "").http
}
