package ops_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/ops"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// missingCalendar reports a missing next year from 1 November.
type missingCalendar struct{}

func (missingCalendar) MissingNextYear(_ context.Context, now time.Time) (int, bool, error) {
	return now.Year() + 1, now.Month() >= time.November, nil
}

func principal(role access.Role, region string) context.Context {
	return access.With(context.Background(), &access.Principal{UserID: 1,
		Assignments: []access.Assignment{{Role: role, RegionCode: region}}})
}

func TestAuditEvents_Scoped(t *testing.T) {
	db := testkit.NewDB(t)
	now := func() time.Time { return time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC) }
	rec := audit.NewRecorder(now)
	ctx := context.Background()
	for _, region := range []string{"511702", "511725", ""} {
		if err := db.WithTx(ctx, func(tx *sql.Tx) error {
			return rec.Record(ctx, tx, audit.Entry{Action: "test.x", ObjectType: "t", ObjectID: region, RegionCode: region})
		}); err != nil {
			t.Fatal(err)
		}
	}
	svc := ops.NewService(db, rec, missingCalendar{}, "test", now)
	county, err := svc.AuditEvents(principal(access.DeptHead, "511702"), audit.Filter{})
	if err != nil || len(county) != 1 || county[0].RegionCode != "511702" {
		t.Fatalf("a county head sees only its county: %+v %v", county, err)
	}
	city, err := svc.AuditEvents(principal(access.Supervisor, "511700"), audit.Filter{})
	if err != nil || len(city) != 3 {
		t.Fatalf("a city supervisor sees all, system events included: %d %v", len(city), err)
	}
	if _, err := svc.AuditEvents(principal(access.WindowClerk, "511702"), audit.Filter{}); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("a clerk may not read the audit trail: %v", err)
	}
	if _, err := svc.VerifyAudit(principal(access.DeptHead, "511702")); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("verification is for operations: %v", err)
	}
	rep, err := svc.VerifyAudit(principal(access.OpsEngineer, "511700"))
	if err != nil || !rep.OK || rep.Checked != 3 {
		t.Fatalf("verify: %+v %v", rep, err)
	}
	st, err := svc.Status(principal(access.OpsEngineer, "511700"))
	if err != nil || st.CalendarMissingYear != 2027 || st.AuditCount != 4 || len(st.Migrations) == 0 || st.OutboxPending != 0 {
		t.Fatalf("status: %+v %v", st, err)
	}
}
