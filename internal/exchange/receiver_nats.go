package exchange

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// NATSSupport reports whether this build has the NATS transport.
const NATSSupport = true

// consumeNATS feeds rv from the SPGL stream through durable, one message
// at a time (MaxAckPending 1) so records are judged in stream order, and
// publishes each receipt to the SPGLACK stream before acknowledging the
// record. A record whose receipt could not be published is redelivered;
// judging it again is harmless (Accept is idempotent per key, and the
// receipt's message id drops a repeat).
func consumeNATS(ctx context.Context, rv *Receiver, url, durable string, log *slog.Logger) error {
	nc, js, err := connectJetStream(ctx, url, "gongai-exchange-receiver")
	if err != nil {
		return err
	}
	defer nc.Close()
	cons, err := js.CreateOrUpdateConsumer(ctx, StreamRecords, jetstream.ConsumerConfig{Durable: durable,
		AckPolicy: jetstream.AckExplicitPolicy, MaxAckPending: 1, AckWait: 30 * time.Second})
	if err != nil {
		return fmt.Errorf("exchange-receiver: consumer: %w", err)
	}
	log.Info("exchange-receiver consuming", "stream", StreamRecords, "durable", durable)
	for ctx.Err() == nil {
		batch, err := cons.Fetch(1, jetstream.FetchMaxWait(time.Second))
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			return fmt.Errorf("exchange-receiver: fetch: %w", err)
		}
		for msg := range batch.Messages() {
			if err := judge(ctx, rv, js, msg); err != nil {
				log.Warn("exchange-receiver: record left for redelivery", "err", err)
				_ = msg.NakWithDelay(time.Second)
			}
		}
		if err := batch.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) && ctx.Err() == nil {
			log.Warn("exchange-receiver: fetch", "err", err)
		}
	}
	return nil
}

// judge accepts or rejects one record, publishes the receipt and acks.
func judge(ctx context.Context, rv *Receiver, js jetstream.JetStream, msg jetstream.Msg) error {
	rc, err := rv.Accept(ctx, msg.Data())
	if err != nil {
		return err
	}
	body, _ := json.Marshal(rc)
	out := nats.NewMsg(receiptSubject)
	out.Data = body
	id := fmt.Sprintf("rcpt:%s:%d", rc.Key, rc.SJSCZT)
	if _, err := js.PublishMsg(ctx, out, jetstream.WithMsgID(id)); err != nil {
		return err
	}
	return msg.Ack()
}
