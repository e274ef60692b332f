package project

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/identity"
)

func TestSeedDemo(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	ids := identity.NewService(f.db, f.rec, f.orgs, func() time.Time { return *f.clock },
		identity.Policy{Hash: identity.HashParams{Memory: 64, Time: 1, Threads: 1}})
	err := f.db.WithTx(ctx, func(tx *sql.Tx) error { _, err := ids.SeedDemo(ctx, tx); return err })
	if err != nil {
		t.Fatalf("identity.SeedDemo: %v", err)
	}
	// The demo enterprise is qiye's.
	var qiye enterprise
	err = f.db.QueryRowContext(ctx, `SELECT e.id, e.credit_code, e.name, e.region_id FROM enterprises e
		JOIN users u ON u.enterprise_id = e.id WHERE u.username = 'qiye'`).
		Scan(&qiye.ID, &qiye.CreditCode, &qiye.Name, &qiye.RegionID)
	if err != nil {
		t.Fatal(err)
	}
	seed := func() error {
		return f.db.WithTx(ctx, func(tx *sql.Tx) error {
			return SeedDemo(ctx, tx, f.rec, *f.clock, qiye.ID, qiye.CreditCode, qiye.Name)
		})
	}
	for range 2 { // idempotent
		if err := seed(); err != nil {
			t.Fatalf("SeedDemo: %v", err)
		}
	}
	all, err := f.svc.List(as(supervisor), Filter{Sort: "code"})
	if err != nil || all.Total != len(demoProjects()) {
		t.Fatalf("demo projects %v, %v", codes(all), err)
	}
	mine, _ := f.svc.List(as(applicant(qiye, "511702")), Filter{})
	if mine.Total != 3 {
		t.Fatalf("qiye sees %v", codes(mine))
	}
	if tc, _ := f.svc.List(as(tcClerk), Filter{}); tc.Total != 1 {
		t.Fatalf("the 通川区 window sees %v", codes(tc))
	}
	if n := len(f.events(t, "project.seed_demo")); n != 1 {
		t.Fatalf("%d seed events", n)
	}
	f.assertChainOK(t)
	t.Run("the demo data passes registration's validation", func(t *testing.T) {
		regions, _ := f.orgs.Regions(ctx)
		for _, d := range demoProjects() {
			n := d.NewProject
			n.OwnerName, n.OwnerCreditCode = demoCityOwner()
			if fields, _ := n.normalize().check(findRegion(regions, n.RegionCode), regions, 2027); len(fields) > 0 {
				t.Errorf("%s: %v", n.Name, fields)
			}
			pr, err := f.svc.ByCode(as(supervisor), n.Code)
			if err != nil || len(pr.Works) != len(n.Works) || (n.SiteGeoJSON != "") != (pr.Site != nil) {
				t.Errorf("%s stored as %+v (%v)", n.Code, pr, err)
			}
		}
	})
}
