package loadgen

import (
	"net/http"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"
)

// Class groups request kinds for the summary rows.
type Class string

// The classes: pages that only read, forms that write, and signing in
// (during the ramp-up, outside the measured phase).
const (
	read  Class = "read"
	write Class = "write"
	login Class = "login"
)

// maxNotes bounds the error examples kept per kind.
const maxNotes = 5

// series is what the recorder keeps for one kind of request.
type series struct {
	class     Class
	lat       []time.Duration // successful and conflicting requests
	ok        int
	conflicts int
	errors    map[string]int // "HTTP 500", "network" → count
	notes     []string       // first few failures, for diagnosis
}

// recorder collects every request of a phase; safe for concurrent use.
type recorder struct {
	mu    sync.Mutex
	kinds map[string]*series
}

func newRecorder() *recorder { return &recorder{kinds: map[string]*series{}} }

// add records one request. status 0 is a network error or timeout; a 409
// is a conflict (another user handled the case first — expected when many
// clerks share a queue), any other unexpected status an error. note, when
// not empty, describes a failure.
func (r *recorder) add(kind string, class Class, d time.Duration, status int, note string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.kinds[kind]
	if s == nil {
		s = &series{class: class, errors: map[string]int{}}
		r.kinds[kind] = s
	}
	switch {
	case note == "":
		s.ok++
		s.lat = append(s.lat, d)
	case status == http.StatusConflict:
		s.conflicts++
		s.lat = append(s.lat, d)
	default:
		key := "network"
		if status != 0 {
			key = "HTTP " + strconv.Itoa(status)
		}
		s.errors[key]++
		if len(s.notes) < maxNotes {
			s.notes = append(s.notes, note)
		}
	}
}

// Stats are the figures of one kind of request or one group of kinds.
// Latencies are in milliseconds, over the requests that got their expected
// answer or a conflict; errors are counted apart.
type Stats struct {
	Kind      string         `json:"kind"`
	Class     Class          `json:"class"`
	Requests  int            `json:"requests"`
	OK        int            `json:"ok"`
	Conflicts int            `json:"conflicts"`
	Errors    int            `json:"errors"`
	ErrorKind map[string]int `json:"error_kinds,omitempty"`
	Notes     []string       `json:"error_examples,omitempty"`
	PerSecond float64        `json:"per_second"`
	P50       float64        `json:"p50_ms"`
	P95       float64        `json:"p95_ms"`
	P99       float64        `json:"p99_ms"`
	Max       float64        `json:"max_ms"`
}

// stats summarises the series of the given kinds under one name.
func (r *recorder) stats(name string, class Class, kinds []string, elapsed time.Duration) Stats {
	st := Stats{Kind: name, Class: class, ErrorKind: map[string]int{}}
	var lat []time.Duration
	for _, k := range kinds {
		s := r.kinds[k]
		if s == nil {
			continue
		}
		st.OK += s.ok
		st.Conflicts += s.conflicts
		for e, n := range s.errors {
			st.ErrorKind[e] += n
			st.Errors += n
		}
		st.Notes = append(st.Notes, s.notes...)
		lat = append(lat, s.lat...)
	}
	st.Requests = st.OK + st.Conflicts + st.Errors
	if len(st.ErrorKind) == 0 {
		st.ErrorKind = nil
	}
	if len(st.Notes) > maxNotes {
		st.Notes = st.Notes[:maxNotes]
	}
	if elapsed > 0 {
		st.PerSecond = float64(st.Requests) / elapsed.Seconds()
	}
	slices.Sort(lat)
	st.P50, st.P95, st.P99 = quantile(lat, 0.50), quantile(lat, 0.95), quantile(lat, 0.99)
	if len(lat) > 0 {
		st.Max = ms(lat[len(lat)-1])
	}
	return st
}

// kindsOf lists the recorded kinds of a class (all classes for ""), sorted.
func (r *recorder) kindsOf(class Class) []string {
	var out []string
	for k, s := range r.kinds {
		if class == "" || s.class == class {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// quantile is the nearest-rank quantile of sorted durations, in ms.
func quantile(sorted []time.Duration, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.999999) - 1
	i = max(0, min(i, len(sorted)-1))
	return ms(sorted[i])
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
