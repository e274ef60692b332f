package notify

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// fixture is a database with Dazhou's regions and org units, a Service, and
// staff users created on demand.
type fixture struct {
	db   *sqldb.DB
	svc  *Service
	orgs *org.Service
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	db := testkit.NewDB(t)
	clock := time.Date(2026, 3, 9, 1, 0, 0, 0, time.UTC)
	now := func() time.Time { clock = clock.Add(time.Second); return clock }
	rec := audit.NewRecorder(now)
	ctx := context.Background()
	if err := db.WithTx(ctx, func(tx *sql.Tx) error { return org.Seed(ctx, tx, rec, now()) }); err != nil {
		t.Fatalf("org.Seed: %v", err)
	}
	return fixture{db: db, svc: NewService(db, now), orgs: org.NewService(db, rec, now)}
}

// unit returns the id of the region's unit with the function.
func (f fixture) unit(t *testing.T, regionCode, fn string) int64 {
	t.Helper()
	u, err := f.orgs.UnitByFunction(context.Background(), regionCode, fn)
	if err != nil {
		t.Fatalf("UnitByFunction(%s, %s): %v", regionCode, fn, err)
	}
	return u.ID
}

// staff inserts a user and returns a principal holding role in the region
// and org unit (0 for none). The users row exists because read marks refer
// to it.
func (f fixture) staff(t *testing.T, username string, role access.Role, regionCode string, orgID int64) *access.Principal {
	t.Helper()
	now := sqldb.T(time.Now())
	var id int64
	err := f.db.QueryRowContext(context.Background(), `INSERT INTO users
		(username, display_name, kind, password_hash, password_changed_at, created_at, updated_at)
		VALUES ($1, $1, 'staff', 'x', $2, $2, $2) RETURNING id`, username, now).Scan(&id)
	if err != nil {
		t.Fatalf("insert user %s: %v", username, err)
	}
	return &access.Principal{UserID: id, Username: username, Name: username,
		Assignments: []access.Assignment{{Role: role, RegionCode: regionCode, OrgUnitID: orgID}}}
}

// as returns a context in which p acts.
func as(p *access.Principal) context.Context {
	ctx := audit.WithActor(context.Background(), audit.Actor{Kind: audit.ActorUser, ID: p.UserID, Name: p.Name})
	return access.With(ctx, p)
}

// send stores n in its own transaction.
func (f fixture) send(t *testing.T, n Notification) {
	t.Helper()
	ctx := context.Background()
	if err := f.db.WithTx(ctx, func(tx *sql.Tx) error { return f.svc.Send(ctx, tx, n) }); err != nil {
		t.Fatalf("Send(%+v): %v", n, err)
	}
}

// titles returns the titles of p's inbox under filter, newest first.
func (f fixture) titles(t *testing.T, p *access.Principal, filter Filter) []string {
	t.Helper()
	items, _, err := f.svc.Inbox(as(p), filter)
	if err != nil {
		t.Fatalf("Inbox(%s): %v", p.Username, err)
	}
	var out []string
	for _, it := range items {
		out = append(out, it.Title)
	}
	return out
}
