package exchange

import (
	"context"
	"strings"
	"time"
)

// The JetStream layout shared by the relay and the reference receiver.
const (
	// StreamRecords holds the records, subjects "spgl.<table>". Its
	// duplicate window drops a record published twice with one message id.
	StreamRecords = "SPGL"
	// StreamReceipts holds the receiver's receipts, subject "spglack.receipts".
	StreamReceipts  = "SPGLACK"
	receiptSubject  = "spglack.receipts"
	relayDurable    = "gongai-relay-receipts"
	duplicateWindow = 24 * time.Hour
)

// recordSubject is where a record of table is published.
func recordSubject(table string) string { return "spgl." + strings.ToLower(table) }

// Multi sends through every transport in turn: a record counts as accepted
// only when each accepted it, as rejected when any rejected it, and as
// sent otherwise. Any error fails the send (the retry is harmless because
// every transport drops a key it has seen).
type Multi []Transport

// Name implements Transport.
func (m Multi) Name() string {
	names := make([]string, len(m))
	for i, t := range m {
		names[i] = t.Name()
	}
	return strings.Join(names, "+")
}

// Send implements Transport.
func (m Multi) Send(ctx context.Context, r Record) (Receipt, error) {
	out := Receipt{Key: r.Key, LSH: r.LSH, SJSCZT: StateAccepted}
	for _, t := range m {
		rc, err := t.Send(ctx, r)
		if err != nil {
			return Receipt{}, err
		}
		switch rc.SJSCZT {
		case StateRejected:
			return rc, nil
		case StateSent:
			out.SJSCZT = StateSent
		}
	}
	return out, nil
}
