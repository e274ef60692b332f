package sitestats

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestFlush_ConcurrentRequests sends pages from many goroutines while the
// background flusher runs with small batches, then closes: every view and
// every visitor is written exactly once.
func TestFlush_ConcurrentRequests(t *testing.T) {
	e := newEnv(t, Deps{BatchSize: 7, FlushEvery: 5 * time.Millisecond, Log: slog.New(slog.NewTextHandler(os.Stderr, nil))})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { e.svc.Run(ctx); close(done) }()
	const workers, each = 16, 40
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := visitor{ip: fmt.Sprintf("198.51.100.%d", w), ua: "UA"}
			for i := range each {
				target := "/guide/items"
				if i%4 == 0 {
					target = "/public/results?region=511702"
				}
				if rec := e.do(t, v, http.MethodGet, target); rec.Code != http.StatusOK {
					t.Errorf("status %d", rec.Code)
				}
			}
		}()
	}
	wg.Wait()
	cancel()
	<-done // Run flushes what is left when its context ends
	if err := e.svc.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	st := e.svc.Stats()
	if st.Buffered != 0 || st.Dropped != 0 || st.Failed != 0 || st.Flushed != workers*each {
		t.Errorf("stats = %+v, want %d flushed and nothing else", st, workers*each)
	}
	if n := e.count(t, `SELECT SUM(views) FROM sitestats_views`); n != workers*each {
		t.Errorf("views = %d, want %d", n, workers*each)
	}
	if n := e.count(t, `SELECT SUM(views) FROM sitestats_views WHERE module = 'public' AND region_code = '511702'`); n != workers*each/4 {
		t.Errorf("public views = %d, want %d", n, workers*each/4)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM sitestats_visitors WHERE module = '*' AND region_code = '*'`); n != workers {
		t.Errorf("visitors = %d, want %d", n, workers)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM sitestats_visitors WHERE module = 'public' AND region_code = '511702'`); n != workers {
		t.Errorf("public visitors in 511702 = %d, want %d", n, workers)
	}
}

// TestBuffer_FullDropsWithoutBlocking fills a tiny buffer: the requests are
// answered, the overflow is counted, and what fitted is written.
func TestBuffer_FullDropsWithoutBlocking(t *testing.T) {
	e := newEnv(t, Deps{BufferSize: 3})
	for range 5 {
		if rec := e.do(t, anon, http.MethodGet, "/guide/items"); rec.Code != http.StatusOK {
			t.Fatalf("status %d", rec.Code)
		}
	}
	if st := e.svc.Stats(); st.Buffered != 3 || st.Dropped != 2 {
		t.Fatalf("stats = %+v, want 3 buffered and 2 dropped", st)
	}
	e.flush(t)
	if n := e.count(t, `SELECT SUM(views) FROM sitestats_views`); n != 3 {
		t.Errorf("views = %d, want 3", n)
	}
	var b bytes.Buffer
	e.svc.WriteMetrics(&b)
	if !strings.Contains(b.String(), "gongai_sitestats_dropped_events_total 2") {
		t.Errorf("metrics lack the drop count:\n%s", b.String())
	}
}

// TestFlush_FailureCounts closes the database under a buffered event: the
// flush fails, the batch is counted as failed and the buffer is empty.
func TestFlush_FailureCounts(t *testing.T) {
	e := newEnv(t, Deps{})
	e.do(t, anon, http.MethodGet, "/guide/items")
	e.db.Close()
	if err := e.svc.Flush(context.Background()); err == nil {
		t.Fatal("Flush on a closed database succeeded")
	}
	if st := e.svc.Stats(); st.Failed != 1 || st.Buffered != 0 {
		t.Errorf("stats = %+v, want 1 failed, 0 buffered", st)
	}
}
