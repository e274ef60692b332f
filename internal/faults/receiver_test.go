package faults

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// receiver is the reference upper system (`gongai exchange-receiver`) on
// HTTP, with its own SQLite database, that the server under test pushes
// its SPGL records to: what it stored is what left the system.
type receiver struct {
	addr, secret string
	st           store
}

func startReceiver(t *testing.T) *receiver {
	t.Helper()
	r := &receiver{addr: freeAddr(t), secret: "faults-test-secret-0123456789", st: newSQLiteStore(t)}
	cmd := exec.Command(binary(t), "exchange-receiver")
	cmd.Env = append(os.Environ(), "GONGAI_DATA_DIR="+r.st.dataDir, "GONGAI_DATABASE_URL=", "GONGAI_NATS_URL=",
		"GONGAI_RECEIVER_ADDR="+r.addr, "GONGAI_EXCHANGE_SECRET="+r.secret, "GONGAI_LOG_LEVEL=warn")
	log := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	for deadline := time.Now().Add(time.Minute); ; {
		if c, err := net.Dial("tcp", r.addr); err == nil {
			c.Close()
			return r
		}
		if time.Now().After(deadline) {
			t.Fatalf("receiver did not listen on %s:\n%s", r.addr, log.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// serverEnv points a server at the receiver.
func (r *receiver) serverEnv() []string {
	return []string{"GONGAI_EXCHANGE_URL=http://" + r.addr + "/spgl/records", "GONGAI_EXCHANGE_SECRET=" + r.secret}
}

// waitSent polls until no record in db waits to be sent (SJSCZT 0, 1 or
// 2) and returns how many the receiver accepted (SJSCZT 3).
func (r *receiver) waitSent(ctx context.Context, db *sqldb.DB, limit time.Duration) (int, error) {
	// The limit is for a stall, not for the whole backlog: a long load
	// leaves thousands of records, sent one by one to the receiver's
	// durable commits, so the wait goes on while they keep going out.
	start, deadline, last := time.Now(), time.Now().Add(limit), -1
	for {
		var waiting, accepted int
		err := db.QueryRowContext(ctx, `SELECT
			(SELECT COUNT(*) FROM exchange_records WHERE sjsczt IN (0, 1, 2)),
			(SELECT COUNT(*) FROM exchange_records WHERE sjsczt = 3)`).Scan(&waiting, &accepted)
		if err != nil {
			return 0, err
		}
		if waiting == 0 {
			return accepted, nil
		}
		if last < 0 || waiting < last {
			deadline, last = time.Now().Add(limit), waiting
		}
		if time.Now().After(deadline) || time.Since(start) > 40*limit {
			return accepted, fmt.Errorf("after %s (%s without progress) %d SPGL records still wait to be sent: %s",
				time.Since(start).Round(time.Second), limit, waiting, exchangeStates(ctx, db))
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// check compares the receiver's inbox with the sender's records: every
// record the sender holds as accepted is stored at the receiver, and the
// receiver holds nothing the sender did not send. It logs how many
// deliveries were re-sends (de-duplicated by message key).
func (r *receiver) check(ctx context.Context, t *testing.T, sender *sqldb.DB, p *problems) {
	rdb := r.st.open(t)
	got := map[string]bool{}
	rows, err := rdb.QueryContext(ctx, `SELECT msg_key FROM spgl_inbox`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		got[k] = true
	}
	rows.Close()
	rows, err = sender.QueryContext(ctx, `SELECT msg_key, sjsczt FROM exchange_records`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	sent := map[string]bool{}
	for rows.Next() {
		var k string
		var state int
		if err := rows.Scan(&k, &state); err != nil {
			t.Fatal(err)
		}
		sent[k] = true
		if state == 3 && !got[k] {
			p.add("exchange lost", "record %s accepted but not at the receiver", k)
		}
	}
	for k := range got {
		if !sent[k] {
			p.add("exchange phantom", "receiver holds %s which the sender never queued", k)
		}
	}
	stored, deliveries, err := receiverFigures(ctx, rdb)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("receiver: %d records stored, %d deliveries (%d re-sends de-duplicated by message key)",
		stored, deliveries, deliveries-stored)
}

// exchangeStates describes the sender's queue: records by SJSCZT and the
// first reasons given (SBYY), for a failure message.
func exchangeStates(ctx context.Context, db *sqldb.DB) string {
	rows, err := db.QueryContext(ctx, `SELECT sjsczt, COUNT(*), MIN(sbyy), MAX(sbyy) FROM exchange_records GROUP BY sjsczt`)
	if err != nil {
		return err.Error()
	}
	defer rows.Close()
	out := ""
	for rows.Next() {
		var state, n int
		var lo, hi string
		if err := rows.Scan(&state, &n, &lo, &hi); err != nil {
			return err.Error()
		}
		out += fmt.Sprintf("[SJSCZT %d: %d records, SBYY %q … %q] ", state, n, lo, hi)
	}
	return out
}
