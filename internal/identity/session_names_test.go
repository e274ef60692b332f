package identity

import (
	"context"
	"reflect"
	"testing"
	"time"
)

// TestSession_PrincipalAsLoaded: the principal Session builds in one query
// with cached names is the one principalFor builds from the tables; a
// renamed department shows after namesTTL, a withdrawn role at once.
func TestSession_PrincipalAsLoaded(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for _, name := range []string{"shenpi.zj", "jianguan", "qiye", "chuangkou"} {
		token, _, err := f.svc.Login(ctx, name, DemoPassword, Client{})
		if err != nil {
			t.Fatal(err)
		}
		for range 2 { // first through the org service, then from the cache
			got, err := f.svc.Session(ctx, token)
			if err != nil {
				t.Fatal(err)
			}
			u, err := userForName(ctx, f, name)
			if err != nil {
				t.Fatal(err)
			}
			want, err := f.svc.principalFor(ctx, f.db, u)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s:\n session %+v\n  tables %+v", name, got, want)
			}
		}
	}
	token, _, _ := f.svc.Login(ctx, "shenpi.zj", DemoPassword, Client{})
	p, _ := f.svc.Session(ctx, token)
	if len(p.Assignments) != 1 || p.Assignments[0].OrgName == "" || p.Assignments[0].RegionCode == "" {
		t.Fatalf("reviewer's assignment: %+v", p.Assignments)
	}
	unit := p.Assignments[0].OrgUnitID
	if _, err := f.db.ExecContext(ctx, `UPDATE org_units SET name = '新名称' WHERE id = $1`, unit); err != nil {
		t.Fatal(err)
	}
	f.clock.Add(namesTTL + time.Second)
	if p, _ = f.svc.Session(ctx, token); p.Assignments[0].OrgName != "新名称" {
		t.Errorf("department name after namesTTL: %q", p.Assignments[0].OrgName)
	}
	if _, err := f.db.ExecContext(ctx, `DELETE FROM role_assignments WHERE user_id = $1`, p.UserID); err != nil {
		t.Fatal(err)
	}
	if p, _ = f.svc.Session(ctx, token); len(p.Assignments) != 0 {
		t.Errorf("withdrawn role still held: %+v", p.Assignments)
	}
}

func userForName(ctx context.Context, f *fixture, name string) (User, error) {
	u, _, err := userForLogin(ctx, f.db, name)
	return u, err
}
