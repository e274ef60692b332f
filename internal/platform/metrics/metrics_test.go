package metrics

import (
	"strings"
	"testing"
	"time"
)

func TestRegistry_HistogramIsCumulative(t *testing.T) {
	m := New("test")
	m.ObserveRequest("GET", "GET /x", 200, 3*time.Millisecond)
	m.ObserveRequest("GET", "GET /x", 200, 70*time.Millisecond)
	m.ObserveRequest("GET", "GET /x", 404, 20*time.Second)
	var b strings.Builder
	m.Write(&b)
	out := b.String()
	for _, want := range []string{
		`gongai_http_requests_total{method="GET",route="GET /x",status="200"} 2`,
		`gongai_http_requests_total{method="GET",route="GET /x",status="404"} 1`,
		`gongai_http_request_duration_seconds_bucket{method="GET",route="GET /x",le="0.005"} 1`,
		`gongai_http_request_duration_seconds_bucket{method="GET",route="GET /x",le="0.1"} 2`,
		`gongai_http_request_duration_seconds_bucket{method="GET",route="GET /x",le="10"} 2`,
		`gongai_http_request_duration_seconds_bucket{method="GET",route="GET /x",le="+Inf"} 3`,
		`gongai_http_request_duration_seconds_count{method="GET",route="GET /x"} 3`,
		"go_goroutines ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}
