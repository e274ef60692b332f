package supervision

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

const orderColumns = `o.id, o.case_id, o.case_number, o.item_name, o.project_name, o.kind, o.region_code,
	o.issued_by, o.issuer_name, o.to_org_id, o.to_org_name, o.content, COALESCE(o.deadline, ''),
	o.deadline_provisional, o.reply, COALESCE(o.replied_by, 0), o.replier_name, o.replied_at, o.close_note,
	COALESCE(o.closed_by, 0), o.closer_name, o.closed_at, o.created_at`

type scanner interface{ Scan(dest ...any) error }

func scanOrder(sc scanner) (Order, error) {
	var o Order
	var deadline string
	var replied, closed sqldb.NullTime
	var created sqldb.Time
	err := sc.Scan(&o.ID, &o.CaseID, &o.CaseNumber, &o.ItemName, &o.ProjectName, &o.Kind, &o.RegionCode,
		&o.IssuedBy, &o.IssuerName, &o.ToOrgID, &o.ToOrgName, &o.Content, &deadline, &o.Provisional,
		&o.Reply, &o.RepliedBy, &o.ReplierName, &replied, &o.CloseNote, &o.ClosedBy, &o.CloserName, &closed, &created)
	if err != nil {
		return o, sqldb.Translate(err)
	}
	if deadline != "" {
		if o.Deadline, err = calendar.ParseDate(deadline); err != nil {
			return o, fmt.Errorf("supervision order %d deadline: %w", o.ID, err)
		}
	}
	o.RepliedAt, o.ClosedAt, o.CreatedAt = replied.Time, closed.Time, created.Time
	return o, nil
}

func selectOrder(ctx context.Context, q sqldb.Querier, id int64) (Order, error) {
	o, err := scanOrder(q.QueryRowContext(ctx, `SELECT `+orderColumns+` FROM supervision_orders o WHERE o.id = $1`, id))
	if errs.Is(err, errs.NotFound) {
		return o, errs.E(errs.NotFound, "督办催办记录不存在。")
	}
	return o, err
}

func insertOrder(ctx context.Context, tx *sql.Tx, o Order) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO supervision_orders
		(case_id, case_number, item_name, project_name, kind, region_code, issued_by, issuer_name,
		 to_org_id, to_org_name, content, deadline, deadline_provisional, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
		o.CaseID, o.CaseNumber, o.ItemName, o.ProjectName, o.Kind, o.RegionCode, o.IssuedBy, o.IssuerName,
		o.ToOrgID, o.ToOrgName, o.Content, o.Deadline, o.Provisional, sqldb.T(o.CreatedAt)).Scan(&id)
	return id, sqldb.Translate(err)
}

// updateReply records the reply unless the order was replied or closed
// meanwhile; false means a concurrent action won.
func updateReply(ctx context.Context, tx *sql.Tx, o Order) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE supervision_orders SET reply = $2, replied_by = $3, replier_name = $4,
		replied_at = $5 WHERE id = $1 AND replied_at IS NULL AND closed_at IS NULL`,
		o.ID, o.Reply, o.RepliedBy, o.ReplierName, sqldb.T(o.RepliedAt))
	return affected(res, err)
}

// updateClose closes the order unless it was closed meanwhile; an order
// (not a reminder) must have its reply.
func updateClose(ctx context.Context, tx *sql.Tx, o Order) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE supervision_orders SET close_note = $2, closed_by = $3, closer_name = $4,
		closed_at = $5 WHERE id = $1 AND closed_at IS NULL AND (kind = 'reminder' OR replied_at IS NOT NULL)`,
		o.ID, o.CloseNote, o.ClosedBy, o.CloserName, sqldb.T(o.ClosedAt))
	return affected(res, err)
}

// markOverdueNoticed claims the one-time overdue notice of an order; false
// means another scanner claimed it, or the order was replied or closed.
func markOverdueNoticed(ctx context.Context, tx *sql.Tx, id int64, now time.Time) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE supervision_orders SET overdue_noticed_at = $2
		WHERE id = $1 AND overdue_noticed_at IS NULL AND replied_at IS NULL AND closed_at IS NULL`, id, sqldb.T(now))
	return affected(res, err)
}

func affected(res sql.Result, err error) (bool, error) {
	if err != nil {
		return false, sqldb.Translate(err)
	}
	n, err := res.RowsAffected()
	return n == 1, sqldb.Translate(err)
}

// query is the statement being built (sqldb.Query).
type query struct{ sqldb.Query }

// filter adds f's conditions; today decides what is overdue. An order is
// overdue from the day after its deadline ('YYYY-MM-DD' text compares as a
// date on both engines).
func (q *query) filter(f Filter, today calendar.Date) {
	overdue := func() string {
		return `o.kind = 'order' AND o.closed_at IS NULL AND o.replied_at IS NULL AND o.deadline < ` + q.Arg(today.String())
	}
	switch f.State {
	case StateOpen:
		q.Add(`o.closed_at IS NULL AND o.replied_at IS NULL AND NOT (` + overdue() + `)`)
	case StateOverdue:
		q.Add(overdue())
	case StateReplied:
		q.Add(`o.closed_at IS NULL AND o.replied_at IS NOT NULL`)
	case StateClosed:
		q.Add(`o.closed_at IS NOT NULL`)
	case StateActive:
		q.Add(`o.closed_at IS NULL`)
	}
	if f.Kind != "" {
		q.Add(`o.kind = ` + q.Arg(f.Kind))
	}
	if f.CaseID != 0 {
		q.Add(`o.case_id = ` + q.Arg(f.CaseID))
	}
	if f.RegionCode != "" {
		q.Add(`o.region_code = ` + q.Arg(f.RegionCode))
	}
}

func selectOrders(ctx context.Context, db sqldb.Querier, q *query, f Filter) ([]Order, int, error) {
	var total int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM supervision_orders o`+q.SQL(), q.Args...).Scan(&total); err != nil {
		return nil, 0, sqldb.Translate(err)
	}
	rows, err := db.QueryContext(ctx, `SELECT `+orderColumns+` FROM supervision_orders o`+q.SQL()+
		fmt.Sprintf(` ORDER BY o.id DESC LIMIT %d OFFSET %d`, f.limit(), max(f.Offset, 0)), q.Args...)
	if err != nil {
		return nil, 0, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Order
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, o)
	}
	return out, total, sqldb.Translate(rows.Err())
}

// overdueCandidates lists the orders past their deadline on today, not yet
// replied, closed or announced as overdue.
func overdueCandidates(ctx context.Context, db sqldb.Querier, today calendar.Date) ([]Order, error) {
	q := &query{}
	q.Add(`o.overdue_noticed_at IS NULL`)
	q.filter(Filter{State: StateOverdue}, today)
	orders, _, err := selectOrders(ctx, db, q, Filter{Limit: 200})
	return orders, err
}
