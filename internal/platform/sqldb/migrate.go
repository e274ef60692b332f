package sqldb

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFS embed.FS

func provider(db *DB, conn *sql.DB) (*goose.Provider, error) {
	dir, dialect := "migrations/sqlite", goose.DialectSQLite3
	if db.Dialect == Postgres {
		dir, dialect = "migrations/postgres", goose.DialectPostgres
	}
	sub, err := fs.Sub(migrationFS, dir)
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(dialect, conn, sub)
}

// Migrate applies every pending migration of db's dialect, each in its own
// transaction, and returns how many ran. On PostgreSQL it runs them on a
// connection of its own without the statement timeout: building an index
// or filling a new table over a million rows may take longer than a
// request's statement may.
func Migrate(ctx context.Context, db *DB) (int, error) {
	conn := db.DB
	if db.pgCfg != nil {
		cfg := db.pgCfg.Copy()
		cfg.RuntimeParams["statement_timeout"] = "0"
		conn = stdlib.OpenDB(*cfg)
		conn.SetMaxOpenConns(1)
		defer conn.Close()
	}
	p, err := provider(db, conn)
	if err != nil {
		return 0, fmt.Errorf("migrations: %w", err)
	}
	res, err := p.Up(ctx)
	if err != nil {
		return len(res), fmt.Errorf("migrate %s: %w", db.Dialect, err)
	}
	return len(res), nil
}

// MigrationStatus lists each known migration and whether it is applied.
func MigrationStatus(ctx context.Context, db *DB) ([]string, error) {
	p, err := provider(db, db.DB)
	if err != nil {
		return nil, err
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(st))
	for _, s := range st {
		out = append(out, fmt.Sprintf("%05d %-40s %s", s.Source.Version, s.Source.Path, s.State))
	}
	return out, nil
}
