package audit_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

func seedChain(t *testing.T, n int) (*sqldb.DB, context.Context) {
	t.Helper()
	db := testkit.NewDB(t)
	clock := time.Date(2026, 3, 9, 9, 0, 0, 123456789, time.UTC)
	rec := audit.NewRecorder(func() time.Time { clock = clock.Add(time.Second); return clock })
	ctx := audit.WithActor(context.Background(), audit.Actor{Kind: audit.ActorUser, ID: 0, Name: "测试员"})
	for i := 0; i < n; i++ {
		err := db.WithTx(ctx, func(tx *sql.Tx) error {
			return rec.Record(ctx, tx, audit.Entry{Action: "test.act", ObjectType: "thing",
				ObjectID: string(rune('a' + i)), RegionCode: "511702", Detail: map[string]any{"i": i}})
		})
		if err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
	}
	return db, ctx
}

func mustExec(t *testing.T, db *sqldb.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func TestVerify_Tampering(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(t *testing.T, db *sqldb.DB)
		ok     bool
		seq    int64
		kind   string
	}{
		{"intact", func(*testing.T, *sqldb.DB) {}, true, 0, ""},
		{"edited detail", func(t *testing.T, db *sqldb.DB) {
			mustExec(t, db, `UPDATE audit_events SET detail = '{"i":99}' WHERE seq = 3`)
		}, false, 3, audit.ProblemEdited},
		{"edited actor", func(t *testing.T, db *sqldb.DB) {
			mustExec(t, db, `UPDATE audit_events SET actor_name = '别人' WHERE seq = 1`)
		}, false, 1, audit.ProblemEdited},
		{"edited and rehashed", func(t *testing.T, db *sqldb.DB) {
			// an attacker who recomputes the row's own hash still breaks the link to seq 3
			mustExec(t, db, `UPDATE audit_events SET hash = 'ffff' WHERE seq = 2`)
		}, false, 2, audit.ProblemEdited},
		{"deleted middle", func(t *testing.T, db *sqldb.DB) {
			mustExec(t, db, `DELETE FROM audit_events WHERE seq = 4`)
		}, false, 4, audit.ProblemDeleted},
		{"deleted tail", func(t *testing.T, db *sqldb.DB) {
			mustExec(t, db, `DELETE FROM audit_events WHERE seq = 5`)
		}, false, 5, audit.ProblemDeleted},
		{"inserted at end", func(t *testing.T, db *sqldb.DB) {
			mustExec(t, db, `INSERT INTO audit_events (seq, occurred_at, actor_kind, actor_name, action,
				object_type, object_id, prev_hash, hash) SELECT 6, occurred_at, actor_kind, actor_name,
				action, object_type, object_id, hash, 'x' FROM audit_events WHERE seq = 5`)
		}, false, 6, audit.ProblemInserted},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db, ctx := seedChain(t, 5)
			tc.tamper(t, db)
			rep, err := audit.Verify(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK != tc.ok || rep.Seq != tc.seq || rep.Kind != tc.kind {
				t.Fatalf("got %+v, want ok=%v seq=%d kind=%s", rep, tc.ok, tc.seq, tc.kind)
			}
			if !rep.OK && rep.Message == "" {
				t.Fatal("a failed report must explain itself")
			}
		})
	}
}

func TestRecord_RollsBackWithTransaction(t *testing.T) {
	db, ctx := seedChain(t, 2)
	rec := audit.NewRecorder(time.Now)
	_ = db.WithTx(ctx, func(tx *sql.Tx) error {
		if err := rec.Record(ctx, tx, audit.Entry{Action: "x", ObjectType: "y", ObjectID: "z"}); err != nil {
			t.Fatal(err)
		}
		return sql.ErrTxDone // any error aborts
	})
	rep, err := audit.Verify(ctx, db)
	if err != nil || !rep.OK || rep.Checked != 2 {
		t.Fatalf("after rollback: %+v %v", rep, err)
	}
}

func TestList_FiltersAndScopes(t *testing.T) {
	db, ctx := seedChain(t, 3)
	all, err := audit.List(ctx, db, audit.Filter{})
	if err != nil || len(all) != 3 || all[0].Seq != 3 {
		t.Fatalf("list all: %v %v", all, err)
	}
	none, err := audit.List(ctx, db, audit.Filter{RegionCodes: []string{"511725"}})
	if err != nil || len(none) != 0 {
		t.Fatalf("other region must see nothing: %v %v", none, err)
	}
	one, err := audit.List(ctx, db, audit.Filter{ObjectID: "b", RegionCodes: []string{"511702"}})
	if err != nil || len(one) != 1 || one[0].Detail != `{"i":1}` {
		t.Fatalf("by object: %v %v", one, err)
	}
}

func TestRecordAll_ChainsInOrder(t *testing.T) {
	db, ctx := seedChain(t, 2)
	rec := audit.NewRecorder(time.Now)
	err := db.WithTx(ctx, func(tx *sql.Tx) error {
		return rec.RecordAll(ctx, tx, []audit.Entry{
			{Action: "a", ObjectType: "t", ObjectID: "1"},
			{Action: "b", ObjectType: "t", ObjectID: "2", Detail: map[string]int{"n": 2}},
			{Action: "c", ObjectType: "t", ObjectID: "3"},
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := audit.Verify(ctx, db)
	if err != nil || !rep.OK || rep.Checked != 5 {
		t.Fatalf("%+v %v", rep, err)
	}
	evs, _ := audit.List(ctx, db, audit.Filter{Limit: 3})
	if evs[0].Action != "c" || evs[0].Seq != 5 || evs[2].Action != "a" || evs[2].Seq != 3 {
		t.Fatalf("order: %+v", evs)
	}
}
