// Package jobs runs periodic background work safely when several gongai
// servers share one database: a job runs only on the instance that holds its
// lease, a row of job_leases that expires unless its holder renews it.
//
// The package is app-agnostic: it knows leases and schedules, not what a job
// does. Work done under a lease should still be idempotent (for example a
// conditional UPDATE), because a lease can pass to another instance while a
// stalled holder is still running.
package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// acquireSQL takes the lease when it is free, expired, or already ours (a
// renewal), in one statement valid on SQLite and PostgreSQL. When the row
// exists and the WHERE of DO UPDATE is false, nothing is written and
// RETURNING yields no row: the lease is someone else's. On PostgreSQL two
// concurrent inserts of the same name serialise on the primary key, and the
// loser re-evaluates the WHERE against the winner's committed row.
const acquireSQL = `INSERT INTO job_leases (name, holder, expires_at) VALUES ($1, $2, $3)
	ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
	WHERE job_leases.expires_at < $4 OR job_leases.holder = excluded.holder
	RETURNING holder`

// Acquire takes or renews the lease name for holder until now+ttl and
// reports whether holder now holds it. It returns false (and no error) while
// another holder's lease has not expired at now. ttl must be positive.
// q is normally the *sqldb.DB (autocommit); inside a transaction the lease
// row stays locked until that transaction ends.
func Acquire(ctx context.Context, q sqldb.Querier, name, holder string, ttl time.Duration, now time.Time) (bool, error) {
	if name == "" || holder == "" || ttl <= 0 {
		return false, fmt.Errorf("jobs: acquire %q by %q: name, holder and a positive ttl are required", name, holder)
	}
	var got string
	err := q.QueryRowContext(ctx, acquireSQL, name, holder, sqldb.T(now.Add(ttl)), sqldb.T(now)).Scan(&got)
	if errors.Is(err, sqldb.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, sqldb.Translate(fmt.Errorf("jobs: acquire %q: %w", name, err))
	}
	return got == holder, nil
}

// Release gives up holder's lease on name so that another instance can take
// it at once (on shutdown). Releasing a lease one does not hold does nothing.
func Release(ctx context.Context, q sqldb.Querier, name, holder string) error {
	_, err := q.ExecContext(ctx, `DELETE FROM job_leases WHERE name = $1 AND holder = $2`, name, holder)
	if err != nil {
		return sqldb.Translate(fmt.Errorf("jobs: release %q: %w", name, err))
	}
	return nil
}

// Lease is the current state of a lease, for the operations console.
type Lease struct {
	Name      string    `json:"name"`
	Holder    string    `json:"holder"`
	ExpiresAt time.Time `json:"expires_at"`
}

// Leases lists every lease row, expired or not, by name.
func Leases(ctx context.Context, q sqldb.Querier) ([]Lease, error) {
	rows, err := q.QueryContext(ctx, `SELECT name, holder, expires_at FROM job_leases ORDER BY name`)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Lease
	for rows.Next() {
		var l Lease
		var exp sqldb.Time
		if err := rows.Scan(&l.Name, &l.Holder, &exp); err != nil {
			return nil, sqldb.Translate(err)
		}
		l.ExpiresAt = exp.Time
		out = append(out, l)
	}
	return out, sqldb.Translate(rows.Err())
}

// NewHolder returns a name for this process that is unique across servers
// and restarts: host name, process id and a random suffix.
func NewHolder() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "gongai"
	}
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
}
