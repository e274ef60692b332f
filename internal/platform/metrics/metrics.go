// Package metrics exposes gongai's Prometheus metrics in the text format:
// HTTP requests by route, database pool statistics and Go runtime figures.
// It is a few hundred lines of our own instead of client_golang and its
// dependency tree; the exposition format is stable and simple.
package metrics

import (
	"database/sql"
	"fmt"
	"io"
	"math"
	"net/http"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Buckets are the latency histogram bounds in seconds.
var Buckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type routeKey struct{ method, route string }

type histogram struct {
	counts []uint64 // per bucket, non-cumulative
	sum    float64
	count  uint64
}

// Registry holds the metrics of one server.
type Registry struct {
	mu        sync.Mutex
	requests  map[string]uint64 // method\x00route\x00status
	latencies map[routeKey]*histogram
	gauges    []func(w io.Writer)
	started   time.Time
	version   string
}

// New returns a registry; version is reported in gongai_build_info.
func New(version string) *Registry {
	return &Registry{requests: map[string]uint64{}, latencies: map[routeKey]*histogram{},
		started: time.Now(), version: version}
}

// ObserveRequest records one request (implements web.RouteObserver).
func (m *Registry) ObserveRequest(method, route string, status int, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[method+"\x00"+route+"\x00"+strconv.Itoa(status)]++
	k := routeKey{method, route}
	h := m.latencies[k]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(Buckets))}
		m.latencies[k] = h
	}
	s := d.Seconds()
	for i, b := range Buckets {
		if s <= b {
			h.counts[i]++
			break
		}
	}
	h.sum += s
	h.count++
}

// AddCollector adds a function that writes more series in the Prometheus
// text format at every scrape (a capability's own counters).
func (m *Registry) AddCollector(fn func(w io.Writer)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gauges = append(m.gauges, fn)
}

// WatchDB adds the connection-pool gauges of db.
func (m *Registry) WatchDB(db *sql.DB) {
	m.gauges = append(m.gauges, func(w io.Writer) {
		s := db.Stats()
		gauge(w, "gongai_db_open_connections", "Open database connections.", float64(s.OpenConnections))
		gauge(w, "gongai_db_in_use_connections", "Connections in use.", float64(s.InUse))
		gauge(w, "gongai_db_idle_connections", "Idle connections.", float64(s.Idle))
		gauge(w, "gongai_db_max_open_connections", "Pool size limit.", float64(s.MaxOpenConnections))
		counter(w, "gongai_db_wait_count_total", "Times a caller waited for a connection.", float64(s.WaitCount))
		counter(w, "gongai_db_wait_duration_seconds_total", "Time spent waiting for connections.", s.WaitDuration.Seconds())
	})
}

// ServeHTTP writes the exposition.
func (m *Registry) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	m.Write(w)
}

// Write writes all metrics in the Prometheus text format.
func (m *Registry) Write(w io.Writer) {
	fmt.Fprintf(w, "# HELP gongai_build_info Build information.\n# TYPE gongai_build_info gauge\n")
	fmt.Fprintf(w, "gongai_build_info{version=%q,goversion=%q} 1\n", m.version, runtime.Version())
	m.writeHTTP(w)
	for _, g := range m.gauges {
		g(w)
	}
	writeRuntime(w, m.started)
}

func (m *Registry) writeHTTP(w io.Writer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprintf(w, "# HELP gongai_http_requests_total HTTP requests by route and status.\n")
	fmt.Fprintf(w, "# TYPE gongai_http_requests_total counter\n")
	for _, k := range sortedKeys(m.requests) {
		p := strings.SplitN(k, "\x00", 3)
		fmt.Fprintf(w, "gongai_http_requests_total{method=%q,route=%q,status=%q} %d\n", p[0], p[1], p[2], m.requests[k])
	}
	fmt.Fprintf(w, "# HELP gongai_http_request_duration_seconds HTTP request latency by route.\n")
	fmt.Fprintf(w, "# TYPE gongai_http_request_duration_seconds histogram\n")
	keys := make([]routeKey, 0, len(m.latencies))
	for k := range m.latencies {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].route+keys[i].method < keys[j].route+keys[j].method })
	for _, k := range keys {
		h := m.latencies[k]
		lbl := fmt.Sprintf("method=%q,route=%q", k.method, k.route)
		var cum uint64
		for i, b := range Buckets {
			cum += h.counts[i]
			fmt.Fprintf(w, "gongai_http_request_duration_seconds_bucket{%s,le=%q} %d\n", lbl, fmtFloat(b), cum)
		}
		fmt.Fprintf(w, "gongai_http_request_duration_seconds_bucket{%s,le=\"+Inf\"} %d\n", lbl, h.count)
		fmt.Fprintf(w, "gongai_http_request_duration_seconds_sum{%s} %s\n", lbl, fmtFloat(h.sum))
		fmt.Fprintf(w, "gongai_http_request_duration_seconds_count{%s} %d\n", lbl, h.count)
	}
}

func writeRuntime(w io.Writer, started time.Time) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	gauge(w, "go_goroutines", "Number of goroutines.", float64(runtime.NumGoroutine()))
	gauge(w, "go_memstats_alloc_bytes", "Bytes of allocated heap objects.", float64(ms.HeapAlloc))
	gauge(w, "go_memstats_sys_bytes", "Bytes obtained from the OS.", float64(ms.Sys))
	gauge(w, "go_memstats_heap_objects", "Allocated heap objects.", float64(ms.HeapObjects))
	counter(w, "go_gc_cycles_total", "Completed GC cycles.", float64(ms.NumGC))
	counter(w, "go_gc_pause_seconds_total", "Total GC pause time.", float64(ms.PauseTotalNs)/1e9)
	gauge(w, "go_threads", "OS threads created.", float64(threads()))
	gauge(w, "process_start_time_seconds", "Start time of the process (Unix seconds).", float64(started.Unix()))
}

func threads() int {
	n, _ := runtime.ThreadCreateProfile(nil)
	return n
}

func gauge(w io.Writer, name, help string, v float64) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s gauge\n%s %s\n", name, help, name, name, fmtFloat(v))
}

func counter(w io.Writer, name, help string, v float64) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s counter\n%s %s\n", name, help, name, name, fmtFloat(v))
}

func fmtFloat(v float64) string {
	if math.IsInf(v, 1) {
		return "+Inf"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

func sortedKeys(m map[string]uint64) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
