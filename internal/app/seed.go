package app

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
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
	if !demo {
		return nil
	}
	err := s.seedOnce(ctx, "demo.accounts", func(tx *sql.Tx) error {
		_, err := s.Identity.SeedDemo(ctx, tx)
		return err
	})
	if err != nil {
		return fmt.Errorf("seed demo accounts: %w", err)
	}
	return nil
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
