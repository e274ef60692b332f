package exchange

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Receiver is the reference upper system: it checks each incoming record
// with Validate and the ordering rule (every parent entity must already
// have been accepted), stores what it accepted in spgl_inbox once per
// message key, logs what it rejected in spgl_rejects, and answers a
// Receipt. It is safe for concurrent use, but ordering is only meaningful
// when records arrive in their sender's order (the NATS consumer takes one
// at a time).
type Receiver struct {
	db  *sqldb.DB
	now func() time.Time
}

// NewReceiver returns a Receiver storing into db (migrated).
func NewReceiver(db *sqldb.DB, now func() time.Time) *Receiver {
	return &Receiver{db: db, now: now}
}

// Accept handles one wire record and returns its receipt: StateAccepted,
// or StateRejected with the reasons in SBYY. A key already accepted is
// accepted again without being stored twice (its delivery count goes up).
// An error means nothing was decided (a database failure): the sender must
// try again.
func (rv *Receiver) Accept(ctx context.Context, raw []byte) (Receipt, error) {
	r, err := decodeRecord(raw)
	if err != nil {
		return Receipt{SJSCZT: StateRejected, SBYY: err.Error()}, nil
	}
	rc := Receipt{Key: r.Key, LSH: r.LSH, SJSCZT: StateAccepted}
	err = rv.db.WithTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE spgl_inbox SET deliveries = deliveries + 1 WHERE msg_key = $1`, r.Key)
		if seen, err := affected(res, err); err != nil || seen {
			return err
		}
		problems, err := rv.problems(ctx, tx, r)
		if err != nil {
			return err
		}
		if len(problems) > 0 {
			rc.SJSCZT, rc.SBYY = StateRejected, strings.Join(problems, "；")
			_, err = tx.ExecContext(ctx, `INSERT INTO spgl_rejects (msg_key, table_name, dfsjzj, reason, received_at)
				VALUES ($1, $2, $3, $4, $5)`, r.Key, r.Table, r.DFSJZJ, rc.SBYY, sqldb.T(rv.now()))
			return sqldb.Translate(err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO spgl_inbox (msg_key, table_name, dfsjzj, revision, lsh, record,
			received_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, r.Key, r.Table, r.DFSJZJ, r.Revision, r.LSH,
			string(raw), sqldb.T(rv.now()))
		return sqldb.Translate(err)
	})
	return rc, err
}

// problems are Validate's findings plus the ordering rule and the key's
// consistency with the record.
func (rv *Receiver) problems(ctx context.Context, q sqldb.Querier, r Record) ([]string, error) {
	out := Validate(r)
	if r.Key == "" || !strings.HasPrefix(r.Key, r.Entity()+":") {
		out = append(out, "消息标识与数据表和地方数据主键不一致")
	}
	if len(out) > 0 {
		return out, nil
	}
	for _, parent := range Parents(r) {
		table, key, _ := strings.Cut(parent, ":")
		var n int
		err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM spgl_inbox WHERE table_name = $1 AND dfsjzj = $2`,
			table, key).Scan(&n)
		if err != nil {
			return nil, sqldb.Translate(err)
		}
		if n == 0 {
			out = append(out, fmt.Sprintf("上报顺序错误：%s（%s）尚未被接收，须先上报", TableLabel(table), key))
		}
	}
	return out, nil
}

// Accepted is one record the receiver stored, in arrival order.
type Accepted struct {
	Seq        int64
	Key        string
	Table      string
	DFSJZJ     string
	Revision   int
	LSH        string
	Record     string
	Deliveries int
}

// AcceptedRecords lists what the receiver stored, in arrival order.
func (rv *Receiver) AcceptedRecords(ctx context.Context) ([]Accepted, error) {
	rows, err := rv.db.QueryContext(ctx, `SELECT id, msg_key, table_name, dfsjzj, revision, lsh, record, deliveries
		FROM spgl_inbox ORDER BY id`)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Accepted
	for rows.Next() {
		var a Accepted
		if err := rows.Scan(&a.Seq, &a.Key, &a.Table, &a.DFSJZJ, &a.Revision, &a.LSH, &a.Record,
			&a.Deliveries); err != nil {
			return nil, sqldb.Translate(err)
		}
		out = append(out, a)
	}
	return out, sqldb.Translate(rows.Err())
}

// Rejection is one record the receiver refused and why.
type Rejection struct{ Key, Table, DFSJZJ, Reason string }

// Rejections lists what the receiver refused, in arrival order.
func (rv *Receiver) Rejections(ctx context.Context) ([]Rejection, error) {
	rows, err := rv.db.QueryContext(ctx, `SELECT msg_key, table_name, dfsjzj, reason FROM spgl_rejects ORDER BY id`)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Rejection
	for rows.Next() {
		var j Rejection
		if err := rows.Scan(&j.Key, &j.Table, &j.DFSJZJ, &j.Reason); err != nil {
			return nil, sqldb.Translate(err)
		}
		out = append(out, j)
	}
	return out, sqldb.Translate(rows.Err())
}
