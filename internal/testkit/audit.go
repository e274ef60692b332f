package testkit

import (
	"context"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// AuditChainOK fails t unless db's audit chain verifies.
func AuditChainOK(t testing.TB, db *sqldb.DB) {
	t.Helper()
	rep, err := audit.Verify(context.Background(), db)
	if err != nil || !rep.OK {
		t.Fatalf("audit.Verify = %+v, %v", rep, err)
	}
}

// AuditEvents returns db's audit events whose action starts with action,
// newest first (at most 500).
func AuditEvents(t testing.TB, db *sqldb.DB, action string) []audit.Event {
	t.Helper()
	evs, err := audit.List(context.Background(), db, audit.Filter{Action: action, Limit: 500})
	if err != nil {
		t.Fatalf("audit.List: %v", err)
	}
	return evs
}
