//go:build !nats

package exchange

import (
	"context"
	"errors"
	"log/slog"
)

// NATSSupport reports whether this build has the NATS transport. The NATS
// files build with the "nats" tag until github.com/nats-io/nats.go is a
// requirement in go.mod again.
const NATSSupport = false

var errNoNATS = errors.New("exchange: this build has no NATS support (build with -tags nats)")

// NATSTransport is unavailable in this build; NewNATSTransport fails.
type NATSTransport struct{}

// NewNATSTransport fails: this build has no NATS support.
func NewNATSTransport(ctx context.Context, url string) (*NATSTransport, error) { return nil, errNoNATS }

// Name implements Transport.
func (t *NATSTransport) Name() string { return "NATS" }

// Send implements Transport.
func (t *NATSTransport) Send(ctx context.Context, r Record) (Receipt, error) {
	return Receipt{}, errNoNATS
}

// Drain implements ReceiptSource.
func (t *NATSTransport) Drain(ctx context.Context, apply func(context.Context, Receipt) error) (int, error) {
	return 0, errNoNATS
}

// Close does nothing.
func (t *NATSTransport) Close() error { return nil }

func consumeNATS(ctx context.Context, rv *Receiver, url, durable string, log *slog.Logger) error {
	return errNoNATS
}
