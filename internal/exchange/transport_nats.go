package exchange

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// NATSTransport publishes records to JetStream and drains receipts from
// it. Close it when done.
type NATSTransport struct {
	nc       *nats.Conn
	js       jetstream.JetStream
	receipts jetstream.Consumer
}

// NewNATSTransport connects to url, ensures both streams and the relay's
// durable receipt consumer exist, and returns the transport.
func NewNATSTransport(ctx context.Context, url string) (*NATSTransport, error) {
	nc, js, err := connectJetStream(ctx, url, "gongai-exchange-relay")
	if err != nil {
		return nil, err
	}
	cons, err := js.CreateOrUpdateConsumer(ctx, StreamReceipts, jetstream.ConsumerConfig{Durable: relayDurable,
		AckPolicy: jetstream.AckExplicitPolicy, FilterSubject: receiptSubject})
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("exchange: receipt consumer: %w", err)
	}
	return &NATSTransport{nc: nc, js: js, receipts: cons}, nil
}

// connectJetStream connects and ensures the two streams.
func connectJetStream(ctx context.Context, url, name string) (*nats.Conn, jetstream.JetStream, error) {
	nc, err := nats.Connect(url, nats.Name(name), nats.MaxReconnects(-1))
	if err != nil {
		return nil, nil, fmt.Errorf("exchange: connect %s: %w", url, err)
	}
	js, err := jetstream.New(nc)
	if err == nil {
		_, err = js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{Name: StreamRecords, Subjects: []string{"spgl.>"},
			Duplicates: duplicateWindow, Storage: jetstream.FileStorage})
	}
	if err == nil {
		_, err = js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{Name: StreamReceipts,
			Subjects: []string{"spglack.>"}, Duplicates: duplicateWindow, Storage: jetstream.FileStorage})
	}
	if err != nil {
		nc.Close()
		return nil, nil, fmt.Errorf("exchange: ensure streams: %w", err)
	}
	return nc, js, nil
}

// Name implements Transport.
func (t *NATSTransport) Name() string { return "NATS" }

// Send implements Transport: it publishes r with Nats-Msg-Id = r.Key and
// returns StateSent once the stream has stored it (or recognised it as a
// duplicate, which means it was stored before).
func (t *NATSTransport) Send(ctx context.Context, r Record) (Receipt, error) {
	body, err := encodeRecord(r)
	if err != nil {
		return Receipt{}, err
	}
	msg := nats.NewMsg(recordSubject(r.Table))
	msg.Data = body
	if _, err := t.js.PublishMsg(ctx, msg, jetstream.WithMsgID(r.Key)); err != nil {
		return Receipt{}, fmt.Errorf("发布到 JetStream 失败：%w", err)
	}
	return Receipt{Key: r.Key, LSH: r.LSH, SJSCZT: StateSent}, nil
}

// Drain implements ReceiptSource: it applies what is waiting now (it waits
// at most a moment for more) and acknowledges each receipt applied.
func (t *NATSTransport) Drain(ctx context.Context, apply func(context.Context, Receipt) error) (int, error) {
	n := 0
	for {
		batch, err := t.receipts.Fetch(100, jetstream.FetchMaxWait(200*time.Millisecond))
		if err != nil {
			return n, fmt.Errorf("exchange: fetch receipts: %w", err)
		}
		got := 0
		for msg := range batch.Messages() {
			got++
			var rc Receipt
			if json.Unmarshal(msg.Data(), &rc) == nil {
				if err := apply(ctx, rc); err != nil {
					_ = msg.Nak()
					return n, err
				}
				n++
			}
			if err := msg.Ack(); err != nil {
				return n, err
			}
		}
		if err := batch.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) {
			return n, err
		}
		if got == 0 || ctx.Err() != nil {
			return n, ctx.Err()
		}
	}
}

// Close closes the connection.
func (t *NATSTransport) Close() error {
	t.nc.Close()
	return nil
}
