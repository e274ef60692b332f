package history

import (
	"context"
	"database/sql"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

func BenchmarkCopyOffline(b *testing.B) {
	total := 100_000
	if v, err := strconv.Atoi(os.Getenv("GONGAI_HISTORY_BENCH_CASES")); err == nil && v > 0 {
		total = v
	}
	ctx := context.Background()
	srcPath := "/tmp/src" + strconv.Itoa(total) + ".db"
	if _, err := os.Stat(srcPath); err != nil {
		s, src := newService(b)
		if _, err := s.Generate(ctx, scaleParams(total)); err != nil {
			b.Fatal(err)
		}
		if _, err := src.ExecContext(ctx, `VACUUM INTO '`+srcPath+`'`); err != nil {
			b.Fatal(err)
		}
	}
	var cases int
	for range b.N {
		b.StopTimer()
		_, dst := newService(b)
		os.Remove("/tmp/dst.db")
		if _, err := dst.ExecContext(ctx, `VACUUM INTO '/tmp/dst.db'`); err != nil {
			b.Fatal(err)
		}
		for _, mode := range []string{"OFF", "WAL"} {
			os.Remove("/tmp/dst2.db")
			data, _ := os.ReadFile("/tmp/dst.db")
			os.WriteFile("/tmp/dst2.db", data, 0o600)
			db, err := sql.Open("sqlite", "file:/tmp/dst2.db?_pragma=journal_mode("+mode+")&_pragma=synchronous(OFF)&_pragma=locking_mode(EXCLUSIVE)&_pragma=foreign_keys(0)&_pragma=cache_size(-262144)")
			if err != nil {
				b.Fatal(err)
			}
			db.SetMaxOpenConns(1)
			if _, err := db.ExecContext(ctx, `ATTACH DATABASE '`+srcPath+`' AS src`); err != nil {
				b.Fatal(err)
			}
			if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM src.cases`).Scan(&cases); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			start := time.Now()
			tx, _ := db.BeginTx(ctx, nil)
			for _, t := range append(tableNames[:], "project_grams") {
				if _, err := tx.ExecContext(ctx, `INSERT INTO main.`+t+` SELECT * FROM src.`+t); err != nil {
					b.Fatal(t, err)
				}
			}
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
			el := time.Since(start)
			b.StopTimer()
			b.Logf("journal %s: %d cases in %v: %.0f cases/s", mode, cases, el, float64(cases)/el.Seconds())
			db.Close()
		}
	}
	_ = sqldb.SQLite
}
