package anomaly

import (
	"context"
	"database/sql"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// TestSeedRules stores the default rules once, each valid and audited.
func TestSeedRules(t *testing.T) {
	e := newEnv(t)
	rec := audit.NewRecorder(e.clock.Now)
	for range 2 {
		if err := e.db.WithTx(context.Background(), func(tx *sql.Tx) error {
			return SeedRules(context.Background(), tx, rec, e.clock.Now())
		}); err != nil {
			t.Fatal(err)
		}
	}
	rules, err := e.svc.Rules(e.as(t, "admin"))
	if err != nil || len(rules) != len(DefaultRules) {
		t.Fatalf("%d rules, %v", len(rules), err)
	}
	if n := len(testkit.AuditEvents(t, e.db, "anomaly.rule.create")); n != len(DefaultRules) {
		t.Errorf("%d create events", n)
	}
	if job := NewJob(e.svc, e.db, "test", nil, e.clock.Now); job.Name() != JobName {
		t.Errorf("job name %q", job.Name())
	}
}
