package exchange

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Queued is one record in the upward queue with its control fields.
type Queued struct {
	ID         int64             `json:"id" doc:"流水号 LSH"`
	Table      string            `json:"table"`
	TableLabel string            `json:"table_label"`
	DFSJZJ     string            `json:"dfsjzj"`
	Revision   int               `json:"revision"`
	Pushes     int               `json:"pushes" doc:"第几次推送（重新推送后加一）"`
	Key        string            `json:"key" doc:"消息标识（Nats-Msg-Id）"`
	Chain      string            `json:"chain" doc:"所属项目代码：同一项目的记录按流水号顺序上报"`
	RegionCode string            `json:"region_code"`
	XZQHDM     string            `json:"xzqhdm"`
	Fields     map[string]string `json:"fields"`
	SJYXBS     int               `json:"sjyxbs"`
	SJWXYY     string            `json:"sjwxyy,omitempty"`
	SJSCZT     int               `json:"sjsczt" doc:"0 待上报，1 已发送，3 已接收，2 发送失败，-1 被拒收"`
	StateLabel string            `json:"state_label"`
	SBYY       string            `json:"sbyy,omitempty"`
	Attempts   int               `json:"attempts"`
	NextTry    time.Time         `json:"next_attempt_at"`
	CreatedAt  time.Time         `json:"created_at"`
	SentAt     time.Time         `json:"sent_at,omitzero"`
	ReceiptAt  time.Time         `json:"receipt_at,omitzero"`
}

// Record is the wire form of q.
func (q Queued) Record() Record {
	return Record{Table: q.Table, Key: q.Key, LSH: strconv.FormatInt(q.ID, 10), DFSJZJ: q.DFSJZJ,
		Revision: q.Revision, SJYXBS: q.SJYXBS, SJWXYY: q.SJWXYY, Fields: q.Fields}
}

const queuedColumns = `id, table_name, dfsjzj, revision, pushes, msg_key, chain, region_code, xzqhdm, fields,
	sjyxbs, sjwxyy, sjsczt, sbyy, attempts, next_attempt_at, created_at, sent_at, receipt_at`

type scanner interface{ Scan(dest ...any) error }

// qualified is the column list cols with each column prefixed by alias.
func qualified(alias, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = alias + "." + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}

func scanQueued(sc scanner) (Queued, error) {
	var q Queued
	var fields string
	var next, created sqldb.Time
	var sent, receipt sqldb.NullTime
	err := sc.Scan(&q.ID, &q.Table, &q.DFSJZJ, &q.Revision, &q.Pushes, &q.Key, &q.Chain, &q.RegionCode, &q.XZQHDM,
		&fields, &q.SJYXBS, &q.SJWXYY, &q.SJSCZT, &q.SBYY, &q.Attempts, &next, &created, &sent, &receipt)
	if err != nil {
		return q, sqldb.Translate(err)
	}
	if err := json.Unmarshal([]byte(fields), &q.Fields); err != nil {
		return q, fmt.Errorf("exchange record %d fields: %w", q.ID, err)
	}
	q.TableLabel, q.StateLabel = TableLabel(q.Table), StateLabel(q.SJSCZT)
	q.NextTry, q.CreatedAt, q.SentAt, q.ReceiptAt = next.Time, created.Time, sent.Time, receipt.Time
	return q, nil
}

func collect(rows *sql.Rows, err error) ([]Queued, error) {
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	out := []Queued{}
	for rows.Next() {
		q, err := scanQueued(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, sqldb.Translate(rows.Err())
}

func selectQueued(ctx context.Context, q sqldb.Querier, id int64) (Queued, error) {
	r, err := scanQueued(q.QueryRowContext(ctx, `SELECT `+queuedColumns+` FROM exchange_records WHERE id = $1`, id))
	if errs.Is(err, errs.NotFound) {
		return r, errs.E(errs.NotFound, "上报记录不存在。")
	}
	return r, err
}

// latest returns the newest revision and digest of an entity; rev 0 when
// it was never queued.
func latest(ctx context.Context, q sqldb.Querier, table, dfsjzj string) (rev int, dig string, err error) {
	err = q.QueryRowContext(ctx, `SELECT revision, digest FROM exchange_records WHERE table_name = $1 AND dfsjzj = $2
		ORDER BY revision DESC LIMIT 1`, table, dfsjzj).Scan(&rev, &dig)
	if sqldb.NotFoundIf(err) {
		return 0, "", nil
	}
	return rev, dig, sqldb.Translate(err)
}

func insertQueued(ctx context.Context, tx *sql.Tx, d draft, rev int, dig string, outboxID int64, now time.Time) error {
	raw, err := json.Marshal(d.Fields)
	if err != nil {
		return err
	}
	var ob any
	if outboxID != 0 {
		ob = outboxID
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO exchange_records (table_name, dfsjzj, revision, pushes, msg_key, chain,
		region_code, xzqhdm, ref, fields, digest, sjyxbs, sjwxyy, sjsczt, next_attempt_at, outbox_id, created_at)
		VALUES ($1, $2, $3, 1, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0, $13, $14, $13)`,
		d.Table, d.DFSJZJ, rev, recordKey(d.Table, d.DFSJZJ, rev, 1), d.Chain, d.Region.Code, d.Region.Reporting,
		d.Ref, string(raw), dig, d.Valid, d.Why, sqldb.T(now), ob)
	return sqldb.Translate(err)
}

// sendable returns, in queue order, the records due to be sent now: pending
// or failed with their retry due, and with no earlier record of the same
// chain that is waiting out a retry or was rejected (those hold their
// chain until they succeed or are re-pushed).
func sendable(ctx context.Context, q sqldb.Querier, now time.Time, limit int) ([]Queued, error) {
	// A chain is held from its first holding record on. Finding that first
	// record once per chain (holding records are few) replaces a search of
	// every earlier record of the chain for each candidate, which made a
	// call quadratic in a chain's length: 75 s for one project of 18,000
	// records in the 10,000-operation kill -9 test.
	return collect(q.QueryContext(ctx, `WITH held AS (SELECT chain, MIN(id) AS first FROM exchange_records
			WHERE sjsczt = -1 OR (sjsczt = 2 AND next_attempt_at > $1) GROUP BY chain)
		SELECT `+qualified("r", queuedColumns)+` FROM exchange_records r LEFT JOIN held h ON h.chain = r.chain
		WHERE (r.sjsczt = 0 OR (r.sjsczt = 2 AND r.next_attempt_at <= $1)) AND (h.first IS NULL OR r.id < h.first)
		ORDER BY r.id LIMIT $2`, sqldb.T(now), limit))
}

// markSent records the outcome of a send; false when the record was no
// longer waiting (a receipt or a re-push got there first).
func markSent(ctx context.Context, q sqldb.Querier, id int64, rc Receipt, now time.Time) (bool, error) {
	var receipt any
	if rc.SJSCZT != StateSent {
		receipt = sqldb.T(now)
	}
	res, err := q.ExecContext(ctx, `UPDATE exchange_records SET sjsczt = $2, sbyy = $3, sent_at = $4, receipt_at = $5,
		attempts = attempts + 1 WHERE id = $1 AND sjsczt IN (0, 2)`, id, rc.SJSCZT, rc.SBYY, sqldb.T(now), receipt)
	return affected(res, err)
}

// markFailed keeps a failed send for a retry at next.
func markFailed(ctx context.Context, q sqldb.Querier, id int64, reason string, next time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE exchange_records SET sjsczt = 2, sbyy = $2, attempts = attempts + 1,
		next_attempt_at = $3 WHERE id = $1 AND sjsczt IN (0, 2)`, id, truncate(reason, 500), sqldb.T(next))
	return sqldb.Translate(err)
}

// applyReceipt sets the state a receipt reports, unless the record was
// re-pushed since (its key changed) or already has a receipt.
func applyReceipt(ctx context.Context, q sqldb.Querier, rc Receipt, now time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE exchange_records SET sjsczt = $2, sbyy = $3, receipt_at = $4
		WHERE msg_key = $1 AND sjsczt IN (0, 1, 2)`, rc.Key, rc.SJSCZT, truncate(rc.SBYY, 500), sqldb.T(now))
	return affected(res, err)
}

func affected(res sql.Result, err error) (bool, error) {
	if err != nil {
		return false, sqldb.Translate(err)
	}
	n, err := res.RowsAffected()
	return n > 0, sqldb.Translate(err)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// scopeWhere limits a query to the regions of scope; args continue at $n.
func scopeWhere(codes []string, n int) (string, []any) {
	if codes == nil {
		return "", nil
	}
	if len(codes) == 0 {
		return " AND 1 = 0", nil
	}
	ph := make([]string, len(codes))
	args := make([]any, len(codes))
	for i, c := range codes {
		ph[i], args[i] = "$"+strconv.Itoa(n+i), c
	}
	return " AND region_code IN (" + strings.Join(ph, ", ") + ")", args
}
