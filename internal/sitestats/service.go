package sitestats

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Regions names regions (*org.Service satisfies it).
type Regions interface {
	Regions(ctx context.Context) ([]org.Region, error)
}

// Items names catalog items (*catalog.Service satisfies it).
type Items interface {
	Items(ctx context.Context, f catalog.ItemFilter) ([]catalog.Item, error)
}

var (
	_ Regions = (*org.Service)(nil)
	_ Items   = (*catalog.Service)(nil)
)

// Defaults of the write path.
const (
	DefaultBufferSize = 10000
	DefaultBatchSize  = 500
	DefaultFlushEvery = 3 * time.Second
)

// Deps are the collaborators of a Service. DB, Audit, Regions, Items and Now
// are required; Log defaults to discarding; zero sizes take the defaults.
type Deps struct {
	DB      *sqldb.DB
	Audit   *audit.Recorder
	Regions Regions
	Items   Items
	Now     func() time.Time
	Log     *slog.Logger
	// BufferSize bounds the events held in memory; beyond it events are
	// dropped and counted (Stats.Dropped).
	BufferSize int
	// BatchSize events wake the flusher before FlushEvery has passed.
	BatchSize  int
	FlushEvery time.Duration
}

// Service records and reports the site statistics. It is safe for
// concurrent use.
type Service struct {
	db      *sqldb.DB
	rec     *audit.Recorder
	regions Regions
	items   Items
	now     func() time.Time
	log     *slog.Logger
	max     int
	batch   int
	every   time.Duration

	mu     sync.Mutex
	events []event
	wake   chan struct{}

	flushMu sync.Mutex // flushes run one at a time, in event order
	salts   saltCache

	dropped, flushed, failed atomic.Int64
}

// NewService returns a Service over d. Call Run to flush in the background
// and Close (or Flush) on shutdown.
func NewService(d Deps) *Service {
	s := &Service{db: d.DB, rec: d.Audit, regions: d.Regions, items: d.Items, now: d.Now, log: d.Log,
		max: d.BufferSize, batch: d.BatchSize, every: d.FlushEvery, wake: make(chan struct{}, 1)}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if s.max <= 0 {
		s.max = DefaultBufferSize
	}
	if s.batch <= 0 {
		s.batch = min(DefaultBatchSize, s.max)
	}
	if s.every <= 0 {
		s.every = DefaultFlushEvery
	}
	return s
}

// add buffers e, or drops and counts it when the buffer is full.
func (s *Service) add(e event) {
	s.mu.Lock()
	if len(s.events) >= s.max {
		s.mu.Unlock()
		s.dropped.Add(1)
		return
	}
	s.events = append(s.events, e)
	full := len(s.events) >= s.batch
	s.mu.Unlock()
	if full {
		select {
		case s.wake <- struct{}{}:
		default:
		}
	}
}

// Run flushes the buffer every FlushEvery, or sooner when BatchSize events
// are waiting, until ctx ends; then it flushes once more and returns. Every
// server runs it: the buffer is in its own memory, and the upserts add up
// across servers. A flush is not cut short by ctx ending (it gets its own
// deadline of flushTimeout), so shutting down loses nothing. Flush errors
// are logged and counted; the batch is then lost (Stats.Failed).
func (s *Service) Run(ctx context.Context) {
	t := time.NewTicker(s.every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			s.flushDetached(ctx)
			return
		case <-t.C:
		case <-s.wake:
		}
		s.flushDetached(ctx)
	}
}

// flushTimeout bounds one background flush.
const flushTimeout = 30 * time.Second

func (s *Service) flushDetached(ctx context.Context) {
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), flushTimeout)
	defer cancel()
	if err := s.Flush(fctx); err != nil {
		s.log.ErrorContext(fctx, "sitestats flush failed", "err", err)
	}
}

// Close writes what is buffered; call it on shutdown after the HTTP server
// has stopped taking requests (Run also flushes when its ctx ends).
func (s *Service) Close(ctx context.Context) error { return s.Flush(ctx) }

// Flush writes every buffered event in one transaction. On error the
// events of the batch are counted in Stats.Failed and not retried: a few
// lost page views are better than a buffer that grows while the database
// is down.
func (s *Service) Flush(ctx context.Context) error {
	s.flushMu.Lock()
	defer s.flushMu.Unlock()
	s.mu.Lock()
	batch := s.events
	s.events = nil
	s.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	stmts := flushStatements(batch)
	err := s.db.WithTx(ctx, func(tx *sql.Tx) error { return sqldb.ExecAll(ctx, tx, s.db.Dialect, stmts) })
	if err != nil {
		s.failed.Add(int64(len(batch)))
		return fmt.Errorf("sitestats flush %d events: %w", len(batch), err)
	}
	s.flushed.Add(int64(len(batch)))
	return nil
}

// Stats are the write path's counters since start.
type Stats struct {
	Buffered int   // events waiting in memory
	Flushed  int64 // events written
	Dropped  int64 // events dropped because the buffer was full (or no salt could be had)
	Failed   int64 // events lost with a failed flush
}

// Stats returns the counters.
func (s *Service) Stats() Stats {
	s.mu.Lock()
	n := len(s.events)
	s.mu.Unlock()
	return Stats{Buffered: n, Flushed: s.flushed.Load(), Dropped: s.dropped.Load(), Failed: s.failed.Load()}
}

// WriteMetrics writes the counters in the Prometheus text format, for the
// app to append to /metrics.
func (s *Service) WriteMetrics(w io.Writer) {
	st := s.Stats()
	for _, m := range []struct {
		name, kind, help string
		v                int64
	}{
		{"gongai_sitestats_buffered_events", "gauge", "Site statistics events waiting to be written.", int64(st.Buffered)},
		{"gongai_sitestats_flushed_events_total", "counter", "Site statistics events written.", st.Flushed},
		{"gongai_sitestats_dropped_events_total", "counter", "Site statistics events dropped (buffer full).", st.Dropped},
		{"gongai_sitestats_failed_events_total", "counter", "Site statistics events lost in failed flushes.", st.Failed},
	} {
		fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n%s %d\n", m.name, m.help, m.name, m.kind, m.name, m.v)
	}
}
