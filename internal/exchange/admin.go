package exchange

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// SummaryRow counts one table's records by upload state.
type SummaryRow struct {
	Table    string `json:"table"`
	Label    string `json:"label"`
	Pending  int    `json:"pending"`
	Sent     int    `json:"sent"`
	Accepted int    `json:"accepted"`
	Failed   int    `json:"failed"`
	Rejected int    `json:"rejected"`
}

// Summary is the state of the queue in the caller's scope.
type Summary struct {
	Rows      []SummaryRow `json:"rows"`
	Total     SummaryRow   `json:"total"`
	Transport string       `json:"transport" doc:"NATS、HTTP 或 NATS+HTTP；空表示未配置，记录留在队列中"`
	Outbox    int          `json:"outbox_pending" doc:"尚未转为上报记录的办件事件数（全市）"`
}

// Summary counts the queued records per table and state. Who: holders of
// access.ExchangeAdmin, limited to their regions. Errors: Unauthenticated,
// Forbidden.
func (s *Service) Summary(ctx context.Context) (Summary, error) {
	_, scope, err := admin(ctx)
	if err != nil {
		return Summary{}, err
	}
	where, args := scopeWhere(scope.Filter(), 1)
	rows, err := s.db.QueryContext(ctx, `SELECT table_name, sjsczt, COUNT(*) FROM exchange_records
		WHERE 1 = 1`+where+` GROUP BY table_name, sjsczt`, args...)
	if err != nil {
		return Summary{}, sqldb.Translate(err)
	}
	defer rows.Close()
	by := map[string]*SummaryRow{}
	out := Summary{Transport: s.TransportName(), Total: SummaryRow{Label: "合计"}}
	for _, t := range Tables {
		by[t] = &SummaryRow{Table: t, Label: TableLabel(t)}
	}
	for rows.Next() {
		var table string
		var state, n int
		if err := rows.Scan(&table, &state, &n); err != nil {
			return Summary{}, sqldb.Translate(err)
		}
		if r := by[table]; r != nil {
			r.add(state, n)
			out.Total.add(state, n)
		}
	}
	for _, t := range Tables {
		out.Rows = append(out.Rows, *by[t])
	}
	err = s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE published_at IS NULL`).Scan(&out.Outbox)
	return out, sqldb.Translate(err)
}

func (r *SummaryRow) add(state, n int) {
	switch state {
	case StatePending:
		r.Pending += n
	case StateSent:
		r.Sent += n
	case StateAccepted:
		r.Accepted += n
	case StateFailed:
		r.Failed += n
	case StateRejected:
		r.Rejected += n
	}
}

// Filter selects records for Records. State "failed" means failed or
// rejected (the ones an administrator acts on); "" means any.
type Filter struct {
	State  string // "", "failed", or an SJSCZT value ("0", "1", "2", "3", "-1")
	Table  string
	Limit  int // default 50, at most 200
	Offset int
}

// Records lists queued records newest first, with the total matching.
// Who and errors: as Summary, plus Invalid for an unknown state or table.
func (s *Service) Records(ctx context.Context, f Filter) ([]Queued, int, error) {
	_, scope, err := admin(ctx)
	if err != nil {
		return nil, 0, err
	}
	conds, args := []string{"1 = 1"}, []any{}
	switch f.State {
	case "":
	case "failed":
		conds = append(conds, "sjsczt IN (-1, 2)")
	default:
		n, err := strconv.Atoi(f.State)
		if _, ok := stateLabels[n]; err != nil || !ok {
			return nil, 0, errs.FieldErrors(map[string]string{"state": "上报状态只能是 failed、0、1、2、3 或 -1。"})
		}
		args = append(args, n)
		conds = append(conds, "sjsczt = $"+strconv.Itoa(len(args)))
	}
	if f.Table != "" {
		if _, ok := tableLabels[f.Table]; !ok {
			return nil, 0, errs.FieldErrors(map[string]string{"table": "没有这个数据表：" + f.Table})
		}
		args = append(args, f.Table)
		conds = append(conds, "table_name = $"+strconv.Itoa(len(args)))
	}
	sw, sargs := scopeWhere(scope.Filter(), len(args)+1)
	where := " WHERE " + strings.Join(conds, " AND ") + sw
	args = append(args, sargs...)
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM exchange_records`+where, args...).Scan(&total); err != nil {
		return nil, 0, sqldb.Translate(err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 200)
	n := len(args)
	list, err := collect(s.db.QueryContext(ctx, `SELECT `+queuedColumns+` FROM exchange_records`+where+
		` ORDER BY id DESC LIMIT $`+strconv.Itoa(n+1)+` OFFSET $`+strconv.Itoa(n+2), append(args, limit, max(f.Offset, 0))...))
	return list, total, err
}

// Record returns queued record id. Errors: as Summary; NotFound when it
// does not exist or lies outside the caller's regions.
func (s *Service) Record(ctx context.Context, id int64) (Queued, error) {
	_, scope, err := admin(ctx)
	if err != nil {
		return Queued{}, err
	}
	q, err := selectQueued(ctx, s.db, id)
	if err == nil && !scope.Contains(q.RegionCode) {
		return Queued{}, errs.E(errs.NotFound, "上报记录不存在。")
	}
	return q, err
}

// Repush puts a failed or rejected record back in the queue: it is mapped
// again from the current data (so a fix made at the source goes out), gets
// a new message key (a receiver drops keys it has seen), and waits for the
// next relay run with its retry count reset. Who: as Summary. Errors: as
// Record; Conflict when the record is neither failed nor rejected.
// Recorded as "exchange.repush".
func (s *Service) Repush(ctx context.Context, id int64) (Queued, error) {
	if _, err := s.Record(ctx, id); err != nil {
		return Queued{}, err
	}
	err := s.db.WithTx(ctx, func(tx *sql.Tx) error {
		return s.repush(ctx, tx, id, true)
	})
	if err != nil {
		return Queued{}, err
	}
	return selectQueued(ctx, s.db, id)
}

// RepushAll re-pushes every failed and rejected record in the caller's
// regions, in queue order, and returns how many. Who: as Summary.
// Recorded as one "exchange.repush_all" event.
func (s *Service) RepushAll(ctx context.Context) (int, error) {
	_, scope, err := admin(ctx)
	if err != nil {
		return 0, err
	}
	where, args := scopeWhere(scope.Filter(), 1)
	n := 0
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		ids, err := int64s(ctx, tx, `SELECT id FROM exchange_records WHERE sjsczt IN (-1, 2)`+where+` ORDER BY id`, args...)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := s.repush(ctx, tx, id, false); err != nil {
				return err
			}
		}
		n = len(ids)
		if n == 0 {
			return nil
		}
		return s.rec.Record(ctx, tx, audit.Entry{Action: "exchange.repush_all", ObjectType: "exchange_record",
			ObjectID: strconv.FormatInt(ids[0], 10), Detail: map[string]any{"count": n, "ids": ids}})
	})
	return n, err
}

// repush re-maps and resets record id in tx; audited when one is true.
func (s *Service) repush(ctx context.Context, tx *sql.Tx, id int64, one bool) error {
	q, err := selectQueued(ctx, tx, id)
	if err != nil {
		return err
	}
	if q.SJSCZT != StateFailed && q.SJSCZT != StateRejected {
		return errs.Ef(errs.Conflict, "该记录%s，只有发送失败或被拒收的记录可以重新推送。", q.StateLabel)
	}
	d, found, err := remap(ctx, tx, q)
	if err != nil {
		return err
	}
	if !found { // the source is gone: send what was queued
		d = draft{Table: q.Table, DFSJZJ: q.DFSJZJ, Region: region{q.RegionCode, q.XZQHDM}, Fields: q.Fields,
			Valid: q.SJYXBS, Why: q.SJWXYY}
	}
	raw, err := json.Marshal(d.Fields)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE exchange_records SET fields = $2, digest = $3, region_code = $4, xzqhdm = $5,
		sjyxbs = $6, sjwxyy = $7, pushes = pushes + 1, msg_key = $8, sjsczt = 0, sbyy = '', attempts = 0,
		next_attempt_at = $9, sent_at = NULL, receipt_at = NULL WHERE id = $1`, id, string(raw),
		digest(d.Fields, d.Valid, d.Why), d.Region.Code, d.Region.Reporting, d.Valid, d.Why,
		recordKey(q.Table, q.DFSJZJ, q.Revision, q.Pushes+1), sqldb.T(s.now()))
	if err != nil {
		return sqldb.Translate(err)
	}
	if err := refreshHeld(ctx, tx, q.Chain, id); err != nil {
		return err
	}
	if !one {
		return nil
	}
	return s.rec.Record(ctx, tx, audit.Entry{Action: "exchange.repush", ObjectType: "exchange_record",
		ObjectID: strconv.FormatInt(id, 10), RegionCode: q.RegionCode,
		Detail: map[string]any{"key": q.Key, "table": q.Table, "dfsjzj": q.DFSJZJ, "sbyy": q.SBYY}})
}

// remap maps q's entity again from the current data; found is false when
// its source no longer yields that entity.
func remap(ctx context.Context, q sqldb.Querier, rec Queued) (draft, bool, error) {
	var drafts []draft
	switch rec.Table {
	case TableProject, TableUnit:
		code, _, _ := strings.Cut(rec.DFSJZJ, "/")
		p, err := loadProject(ctx, q, code)
		if errs.Is(err, errs.NotFound) {
			return draft{}, false, nil
		} else if err != nil {
			return draft{}, false, err
		}
		drafts = []draft{mapProject(p), mapUnit(p)}
	default:
		number, _, _ := strings.Cut(rec.DFSJZJ, "/")
		var err error
		if drafts, err = caseDrafts(ctx, q, number); errs.Is(err, errs.NotFound) {
			return draft{}, false, nil
		} else if err != nil {
			return draft{}, false, err
		}
	}
	for _, d := range drafts {
		if d.Table == rec.Table && d.DFSJZJ == rec.DFSJZJ {
			return d, true, nil
		}
	}
	return draft{}, false, nil
}

// refreshHeld gives the chain's records that are still waiting behind
// record after (never sent) their region's current reporting code, so a
// corrected code reaches the whole project, not just the re-pushed record.
func refreshHeld(ctx context.Context, tx *sql.Tx, chain string, after int64) error {
	held, err := collect(tx.QueryContext(ctx, `SELECT `+queuedColumns+` FROM exchange_records
		WHERE chain = $1 AND id > $2 AND sjsczt = 0 ORDER BY id`, chain, after))
	if err != nil {
		return err
	}
	for _, h := range held {
		var code string
		err := tx.QueryRowContext(ctx, `SELECT reporting_code FROM regions WHERE code = $1`, h.RegionCode).Scan(&code)
		if err != nil {
			return sqldb.Translate(err)
		}
		if code == h.XZQHDM {
			continue
		}
		h.Fields["XZQHDM"] = code
		raw, err := json.Marshal(h.Fields)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE exchange_records SET fields = $2, digest = $3, xzqhdm = $4
			WHERE id = $1`, h.ID, string(raw), digest(h.Fields, h.SJYXBS, h.SJWXYY), code); err != nil {
			return sqldb.Translate(err)
		}
	}
	return nil
}

func int64s(ctx context.Context, q sqldb.Querier, query string, args ...any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, sqldb.Translate(err)
		}
		out = append(out, id)
	}
	return out, sqldb.Translate(rows.Err())
}
