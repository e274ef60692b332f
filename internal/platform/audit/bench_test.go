package audit_test

import (
	"context"
	"database/sql"
	"strconv"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// BenchmarkDurableCommit is the baseline: one single-row UPDATE and a durable
// commit, the physical limit of any audited write on this database.
func BenchmarkDurableCommit(b *testing.B) {
	db := testkit.NewDB(b)
	ctx := context.Background()
	if _, err := db.Exec(`INSERT INTO settings (key, value, updated_at) VALUES ('bench', '0', $1)`,
		"2026-01-01T00:00:00.000000Z"); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		err := db.WithTx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE settings SET value = $1 WHERE key = 'bench'`, strconv.Itoa(i))
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAuditedCommit is the same UPDATE plus one audit event (head
// update, hash, insert) in the same transaction.
func BenchmarkAuditedCommit(b *testing.B) {
	db := testkit.NewDB(b)
	ctx := audit.WithActor(context.Background(), audit.Actor{Kind: audit.ActorUser, Name: "bench"})
	rec := audit.NewRecorder(time.Now)
	if _, err := db.Exec(`INSERT INTO settings (key, value, updated_at) VALUES ('bench', '0', $1)`,
		"2026-01-01T00:00:00.000000Z"); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		err := db.WithTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `UPDATE settings SET value = $1 WHERE key = 'bench'`, strconv.Itoa(i)); err != nil {
				return err
			}
			return rec.Record(ctx, tx, audit.Entry{Action: "bench.update", ObjectType: "setting", ObjectID: "bench",
				RegionCode: "511702", Detail: map[string]any{"value": i}})
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
