package exchange

import (
	"context"
	"io"
	"log/slog"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/project"
)

// Transport delivers one record to the upper system. Send returns the
// receipt when the transport has one at once (HTTP: StateAccepted or
// StateRejected with SBYY) or StateSent when the receipt comes later
// (NATS). An error means the record did not certainly arrive; sending the
// same Record (same Key) again must be harmless.
type Transport interface {
	Name() string
	Send(ctx context.Context, r Record) (Receipt, error)
}

// ReceiptSource delivers receipts that arrive after Send (NATS). Drain
// calls apply for each receipt waiting now and acknowledges it once apply
// returned nil; it returns how many it applied.
type ReceiptSource interface {
	Drain(ctx context.Context, apply func(ctx context.Context, rc Receipt) error) (int, error)
}

// Backoff is the relay's retry schedule after a failed send: Base, doubled
// for every further failure of the same record, at most Max.
type Backoff struct{ Base, Max time.Duration }

// DefaultBackoff waits 30 s, then 1, 2, 4 … minutes, at most an hour.
var DefaultBackoff = Backoff{Base: 30 * time.Second, Max: time.Hour}

// after is the wait before attempt n+1 once n attempts have failed.
func (b Backoff) after(n int) time.Duration {
	d := b.Base
	for i := 1; i < n && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}

// Deps are the collaborators of a Service. DB, Audit, Orgs, Projects and
// Now are required. Transport nil leaves records queued as pending (the
// admin page says no transport is configured); Receipts nil means every
// receipt is synchronous.
type Deps struct {
	DB        *sqldb.DB
	Audit     *audit.Recorder
	Orgs      *org.Service
	Projects  *project.Service
	Transport Transport
	Receipts  ReceiptSource
	Backoff   Backoff // zero: DefaultBackoff
	// SendTime bounds the sending of one relay run (zero: DefaultSendTime).
	SendTime time.Duration
	Log      *slog.Logger
	Now      func() time.Time
}

// Service is the data exchange: the relay job, the admin use cases and the
// inbound import. It is safe for concurrent use.
type Service struct {
	db        *sqldb.DB
	rec       *audit.Recorder
	orgs      *org.Service
	projects  *project.Service
	transport Transport
	receipts  ReceiptSource
	backoff   Backoff
	sendTime  time.Duration
	log       *slog.Logger
	now       func() time.Time
}

// NewService returns a Service over d.
func NewService(d Deps) *Service {
	if d.Backoff.Base <= 0 {
		d.Backoff = DefaultBackoff
	}
	if d.SendTime <= 0 {
		d.SendTime = DefaultSendTime
	}
	if d.Log == nil {
		d.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Service{db: d.DB, rec: d.Audit, orgs: d.Orgs, projects: d.Projects, transport: d.Transport,
		receipts: d.Receipts, backoff: d.Backoff, sendTime: d.SendTime, log: d.Log, now: d.Now}
}

// TransportName names the configured transport, "" when there is none.
func (s *Service) TransportName() string {
	if s.transport == nil {
		return ""
	}
	return s.transport.Name()
}

// admin authorises access.ExchangeAdmin and returns the principal and its
// region scope.
func admin(ctx context.Context) (*access.Principal, access.Scope, error) {
	p, err := access.Authorize(ctx, access.ExchangeAdmin, "")
	if err != nil {
		return nil, access.Scope{}, err
	}
	return p, p.ScopeOf(access.ExchangeAdmin), nil
}
