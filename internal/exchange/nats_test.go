package exchange

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// natsURL returns the local JetStream for tests, after deleting the
// exchange streams so each test starts empty; it skips without one.
func natsURL(t *testing.T) string {
	t.Helper()
	url := os.Getenv("GONGAI_TEST_NATS_URL")
	if url == "" {
		t.Skip("GONGAI_TEST_NATS_URL is not set; skipping the NATS JetStream round trip (e.g. nats://127.0.0.1:4222)")
	}
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	for _, s := range []string{StreamRecords, StreamReceipts} {
		_ = js.DeleteStream(context.Background(), s)
	}
	return url
}

// killer publishes through next and cancels the run right after the
// publish number at, before the relay has recorded it: the lease lost or
// the server stopping in the middle of a round.
type killer struct {
	mu     sync.Mutex
	next   Transport
	at, n  int
	cancel context.CancelFunc
}

func (k *killer) Name() string { return "killer" }

func (k *killer) Send(ctx context.Context, r Record) (Receipt, error) {
	rc, err := k.next.Send(ctx, r)
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.n++; k.n == k.at {
		k.cancel()
	}
	return rc, err
}

func TestNATS_RelayKilledMidBatch(t *testing.T) {
	url := natsURL(t)
	e := newEnv(t)
	e.concluded(t, "a")
	e.concluded(t, "b")
	first, err := NewNATSTransport(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ex := e.service(&killer{next: first, at: 12, cancel: cancel}, nil)
	if _, err := ex.Relay(ctx); err == nil {
		t.Fatal("the killed run reports its cancellation")
	}
	first.Close()
	total, sent := len(e.queue(t)), 0
	for _, q := range e.queue(t) {
		if q.SJSCZT == StateSent {
			sent++
		}
	}
	// A cancelled run still records what went out (markAllSent carries on
	// for markTimeout): the 12 published, not the 11 before the cancel.
	if sent != 12 || total < 20 {
		t.Fatalf("cancelled run: %d of %d marked sent, want the 12 published", sent, total)
	}

	rctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- RunReceiver(rctx, ReceiverConfig{DB: e.DB, NATSURL: url, Now: e.Clock.Now}, discard()) }()
	defer func() { stop(); <-done }()

	second, err := NewNATSTransport(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	restarted := e.service(second, second)
	waitAllAccepted(t, e, restarted)

	got, err := e.rv.AcceptedRecords(context.Background())
	if err != nil || len(got) != total {
		t.Fatalf("receiver accepted %d of %d: %v", len(got), total, err)
	}
	checkLegalOrder(t, got)
	if rej, _ := e.rv.Rejections(context.Background()); len(rej) != 0 {
		t.Errorf("rejections: %+v", rej)
	}
	streamHolds(t, url, total)
}

// waitAllAccepted runs the relay until every record has its receipt.
func waitAllAccepted(t *testing.T, e *env, ex *Service) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		relay(t, ex)
		waiting := 0
		for _, q := range e.queue(t) {
			if q.SJSCZT != StateAccepted {
				waiting++
			}
		}
		if waiting == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d records still without an acceptance receipt", waiting)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// streamHolds checks the stream stored each record exactly once: the
// re-published one was dropped by its message id.
func streamHolds(t *testing.T, url string, want int) {
	t.Helper()
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	st, err := js.Stream(context.Background(), StreamRecords)
	if err != nil {
		t.Fatal(err)
	}
	info, err := st.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if int(info.State.Msgs) != want {
		t.Errorf("stream holds %d messages, want %d", info.State.Msgs, want)
	}
}
