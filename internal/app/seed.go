package app

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/dazhou-gongai/gongai/internal/anomaly"
	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/indicator"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/project"
	"github.com/dazhou-gongai/gongai/internal/quality"
	"github.com/dazhou-gongai/gongai/internal/window"
)

// Seed runs the first-start seeds, each at most once per database even with
// several instances starting together: a seed claims its name in seed_runs
// inside its own transaction, and a concurrent claimant waits on the unique
// key and then finds it taken. Regions and org units are committed before
// the demo accounts, which look them up.
func (s *System) Seed(ctx context.Context, demo bool) error {
	if err := s.seedOnce(ctx, "org.base", func(tx *sql.Tx) error {
		return org.Seed(ctx, tx, s.Audit, s.Now())
	}); err != nil {
		return fmt.Errorf("seed regions and org units: %w", err)
	}
	if err := s.seedOnce(ctx, "catalog.base", func(tx *sql.Tx) error {
		return catalog.Seed(ctx, tx, s.Audit, s.Now())
	}); err != nil {
		return fmt.Errorf("seed the item catalog and flows: %w", err)
	}
	if err := s.seedOnce(ctx, "calendar.base", func(tx *sql.Tx) error {
		return calendar.Seed(ctx, tx, s.Audit, s.Now())
	}); err != nil {
		return fmt.Errorf("seed the working-day calendar: %w", err)
	}
	for _, base := range []struct {
		name string
		fn   func(context.Context, *sql.Tx, *audit.Recorder, time.Time) error
	}{{"indicator.base", indicator.Seed}, {"anomaly.rules", anomaly.SeedRules}, {"quality.rules", quality.Seed}} {
		if err := s.seedOnce(ctx, base.name, func(tx *sql.Tx) error { return base.fn(ctx, tx, s.Audit, s.Now()) }); err != nil {
			return fmt.Errorf("seed %s: %w", base.name, err)
		}
	}
	if !demo {
		return nil
	}
	if err := s.seedOnce(ctx, "demo.accounts", func(tx *sql.Tx) error {
		_, err := s.Identity.SeedDemo(ctx, tx)
		return err
	}); err != nil {
		return fmt.Errorf("seed demo accounts: %w", err)
	}
	if err := s.seedOnce(ctx, "demo.projects", s.seedDemoProjects(ctx)); err != nil {
		return fmt.Errorf("seed demo projects: %w", err)
	}
	if err := s.seedDemoCases(ctx); err != nil {
		return fmt.Errorf("seed demo cases: %w", err)
	}
	if err := s.seedOnce(ctx, "demo.windows", func(tx *sql.Tx) error {
		return window.Seed(ctx, tx, s.Audit, s.Now())
	}); err != nil {
		return fmt.Errorf("seed demo windows: %w", err)
	}
	if _, err := s.Site.SeedDemo(ctx, 90); err != nil {
		return fmt.Errorf("seed demo site statistics: %w", err)
	}
	if s.noHistory {
		return nil
	}
	sum, ran, err := s.History.SeedDemo(ctx, s.Now())
	if err != nil {
		return fmt.Errorf("seed the generated demo history: %w", err)
	}
	if ran {
		s.Log.Info("generated demo history", "cases", sum.Cases, "projects", sum.Projects, "batch", sum.Batch)
	}
	return nil
}

// seedDemoProjects registers the demo projects for the demo enterprise.
func (s *System) seedDemoProjects(ctx context.Context) func(tx *sql.Tx) error {
	return func(tx *sql.Tx) error {
		ent, err := s.Identity.DemoEnterprise(ctx, tx)
		if err != nil {
			return err
		}
		return project.SeedDemo(ctx, tx, s.Audit, s.Now(), ent.ID, ent.CreditCode, ent.Name)
	}
}

func (s *System) seedOnce(ctx context.Context, name string, fn func(tx *sql.Tx) error) error {
	return s.DB.WithTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO seed_runs (name, applied_at) VALUES ($1, $2)
			ON CONFLICT (name) DO NOTHING`, name, sqldb.T(s.Now()))
		if err != nil {
			return sqldb.Translate(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		s.Log.Info("seeding", "seed", name)
		return fn(tx)
	})
}

// DemoSeeded reports whether the demo accounts exist in this database.
func (s *System) DemoSeeded(ctx context.Context) bool {
	var n int
	err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM seed_runs WHERE name = 'demo.accounts'`).Scan(&n)
	return err == nil && n > 0
}
