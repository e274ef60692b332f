package exchange

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// TestRelay_DrainsBacklogInOneRun: a backlog of more than two outbox
// batches is mapped and sent in one run, every record once, in order.
func TestRelay_DrainsBacklogInOneRun(t *testing.T) {
	e := newEnv(t)
	e.concluded(t, "drain")
	e.backlog(t, 3, 2*outboxBatch+50)
	relay(t, e.service(e.httpReceiver(t), nil))
	if events, records := e.pending(t); events != 0 || records != 0 {
		t.Fatalf("after one run %d events unpublished, %d records not received", events, records)
	}
	q := e.queue(t)
	got, err := e.rv.AcceptedRecords(context.Background())
	if err != nil || len(got) != len(q) || len(q) == 0 {
		t.Fatalf("receiver has %d of %d: %v", len(got), len(q), err)
	}
	checkLegalOrder(t, got)
}

// TestEnqueue_BoundedRun: one run maps at most outboxPerRun events.
func TestEnqueue_BoundedRun(t *testing.T) {
	e := newEnv(t)
	err := e.DB.WithTx(context.Background(), func(tx *sql.Tx) error {
		for i := range outboxPerRun + 30 {
			if _, err := tx.Exec(`INSERT INTO outbox (subject, payload, created_at) VALUES ($1, '{}', $2)`,
				fmt.Sprintf("gongai.other.%d", i), sqldb.T(e.Clock.Now())); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.ex.Enqueue(context.Background()); err != nil {
		t.Fatal(err)
	}
	if events, _ := e.pending(t); events != 30 {
		t.Fatalf("%d events left after one run, want 30", events)
	}
}

// TestEnqueue_FailingEventStopsAtIt: an event that cannot be mapped (here
// a trigger refuses to publish it) stops the run; the events before it in
// its transaction group are published all the same, it and the later ones
// are not, and the error names it.
func TestEnqueue_FailingEventStopsAtIt(t *testing.T) {
	e := newEnv(t)
	e.backlog(t, 2, outboxGroup+20)
	var first, bad int64
	if err := e.DB.QueryRow(`SELECT MIN(id) FROM outbox WHERE published_at IS NULL`).Scan(&first); err != nil {
		t.Fatal(err)
	}
	bad = first + outboxGroup + 5 // inside the second group
	refuse(t, e.DB, bad)
	_, err := e.ex.Enqueue(context.Background())
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("outbox %d:", bad)) {
		t.Fatalf("Enqueue = %v, want the error of outbox %d", err, bad)
	}
	var before, after int
	if err := e.DB.QueryRow(`SELECT COUNT(*) FROM outbox WHERE published_at IS NULL AND id < $1`, bad).Scan(&before); err != nil {
		t.Fatal(err)
	}
	if err := e.DB.QueryRow(`SELECT COUNT(*) FROM outbox WHERE published_at IS NOT NULL AND id >= $1`, bad).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if before != 0 || after != 0 {
		t.Errorf("%d events before the failing one unpublished, %d from it on published", before, after)
	}
}

// refuse makes publishing outbox event id fail, with a trigger.
func refuse(t *testing.T, db *sqldb.DB, id int64) {
	t.Helper()
	stmts := []string{fmt.Sprintf(`CREATE TRIGGER refuse_event BEFORE UPDATE ON outbox
		FOR EACH ROW WHEN (NEW.id = %d) BEGIN SELECT RAISE(ABORT, 'refused'); END`, id)}
	if db.Dialect == sqldb.Postgres {
		stmts = []string{`CREATE FUNCTION refuse_event() RETURNS trigger LANGUAGE plpgsql AS
			$$ BEGIN RAISE EXCEPTION 'refused'; END $$`,
			fmt.Sprintf(`CREATE TRIGGER refuse_event BEFORE UPDATE ON outbox
			FOR EACH ROW WHEN (NEW.id = %d) EXECUTE FUNCTION refuse_event()`, id)}
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
}
