package indicator

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// pgxCases reads the rows of caseQuery through pgx's own API and passes
// each to take. It is scanCase for PostgreSQL: the columns decode from the
// binary protocol straight into Go values, where database/sql converted
// every value through driver.Value and reflection — a quarter of a
// Recompute's client time over a million cases, measured.
//
// The read runs in its own read-only transaction with work_mem raised for
// it alone: the hash of the applications joined to a million cases needs
// about 25 MB, and with the default 4 MB PostgreSQL splits the join into
// batches spilled to temporary files, both sides of it.
func pgxCases(ctx context.Context, conn *pgx.Conn, q string, args []any, take func(caseRow)) error {
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly})
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx) //nolint:errcheck // read-only: nothing to undo
	// A job's read of every case may outlast a request's statement timeout.
	if _, err := tx.Exec(ctx, `SET LOCAL work_mem = '64MB'; SET LOCAL statement_timeout = 0`); err != nil {
		return err
	}
	rows, err := tx.Query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var (
		c                     caseRow
		received              pgtype.Timestamptz
		accepted, concludedAt pgtype.Timestamptz
		start                 pgtype.Text
		licensed              int32
		status, stage         int32
		paused, limit, stat   int32
	)
	for rows.Next() {
		c = caseRow{}
		err := rows.Scan(&c.id, &c.number, &c.item, &c.project, &c.region, &status, &received, &accepted,
			&concludedAt, &start, &paused, &limit, &stat, &c.projectID, &c.flow, &stage, &c.channel, &licensed)
		if err != nil {
			return err
		}
		c.status, c.stage, c.paused, c.limit, c.statutory = int(status), int(stage), int(paused), int(limit), int(stat)
		c.received, c.licensed = calendar.DateOf(received.Time), licensed == 1
		c.accepted = sqldb.NullTime{Time: accepted.Time.UTC(), Valid: accepted.Valid}
		c.concludedAt = sqldb.NullTime{Time: concludedAt.Time.UTC(), Valid: concludedAt.Valid}
		c.start.String, c.start.Valid = start.String, start.Valid
		if c.concludedAt.Valid {
			c.day = calendar.DateOf(c.concludedAt.Time)
		}
		take(c)
	}
	return rows.Err()
}
