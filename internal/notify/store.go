package notify

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// query is the statement being built (sqldb.Query).
type query struct{ sqldb.Query }

// addressedTo is the SQL condition "n is addressed to p": to p's user; to
// one of p's org units (any role); or to a role p holds, in a region where
// p holds it (any region when p holds a city-wide role at city level), and
// always when the notification names no region.
func addressedTo(q *query, p *access.Principal) string {
	conds := []string{"n.to_user_id = " + q.Arg(p.UserID)}
	var orgs []string
	everywhere := map[access.Role]bool{}
	regions := map[access.Role][]string{}
	for _, a := range p.Assignments {
		if a.OrgUnitID != 0 {
			orgs = append(orgs, strconv.FormatInt(a.OrgUnitID, 10)) // integers: safe to inline
		}
		if a.Role.CityWide() && a.RegionCode == access.CityRegionCode {
			everywhere[a.Role] = true
		}
		regions[a.Role] = append(regions[a.Role], a.RegionCode)
	}
	if len(orgs) > 0 {
		conds = append(conds, "n.to_org_id IN ("+strings.Join(orgs, ",")+")")
	}
	for _, role := range slices.Sorted(maps.Keys(regions)) {
		c := "n.to_role = " + q.Arg(string(role))
		if !everywhere[role] {
			ph := []string{"''"}
			for _, code := range regions[role] {
				ph = append(ph, q.Arg(code))
			}
			c += " AND n.to_region_code IN (" + strings.Join(ph, ",") + ")"
		}
		conds = append(conds, "("+c+")")
	}
	return "(" + strings.Join(conds, " OR ") + ")"
}

const itemColumns = `n.id, n.kind, n.title, n.body, n.link, COALESCE(n.case_id, 0), COALESCE(n.to_user_id, 0),
	COALESCE(n.to_org_id, 0), n.to_role, n.to_region_code, n.created_at, r.read_at`

// inboxFrom joins the reader's own read mark; $1 is always the reader's id.
const inboxFrom = ` FROM notifications n
	LEFT JOIN notification_reads r ON r.notification_id = n.id AND r.user_id = $1`

type scanner interface{ Scan(dest ...any) error }

func scanItem(sc scanner) (Item, error) {
	var it Item
	var created sqldb.Time
	var read sqldb.NullTime
	var role string
	err := sc.Scan(&it.ID, &it.Kind, &it.Title, &it.Body, &it.Link, &it.CaseID, &it.ToUserID, &it.ToOrgID,
		&role, &it.ToRegionCode, &created, &read)
	if err != nil {
		return it, sqldb.Translate(err)
	}
	it.ToRole, it.CreatedAt, it.Read, it.ReadAt = access.Role(role), created.Time, read.Valid, read.Time
	return it, nil
}

// inboxWhere is the WHERE clause of p's inbox under f; the query's first
// argument is p's user id, as inboxFrom expects.
func inboxWhere(q *query, p *access.Principal, f Filter) string {
	where := " WHERE " + addressedTo(q, p)
	if f.UnreadOnly {
		where += " AND r.read_at IS NULL"
	}
	return where
}

func selectInbox(ctx context.Context, db sqldb.Querier, p *access.Principal, f Filter) ([]Item, int, error) {
	q := &query{}
	where := inboxWhere(q, p, f)
	var total int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*)`+inboxFrom+where, q.Args...).Scan(&total); err != nil {
		return nil, 0, sqldb.Translate(err)
	}
	rows, err := db.QueryContext(ctx, `SELECT `+itemColumns+inboxFrom+where+
		fmt.Sprintf(` ORDER BY n.id DESC LIMIT %d OFFSET %d`, f.limit(), max(f.Offset, 0)), q.Args...)
	if err != nil {
		return nil, 0, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, it)
	}
	return out, total, sqldb.Translate(rows.Err())
}

func countUnread(ctx context.Context, db sqldb.Querier, p *access.Principal) (int, error) {
	q := &query{}
	where := inboxWhere(q, p, Filter{UnreadOnly: true})
	var n int
	err := db.QueryRowContext(ctx, `SELECT COUNT(*)`+inboxFrom+where, q.Args...).Scan(&n)
	return n, sqldb.Translate(err)
}

func selectItem(ctx context.Context, db sqldb.Querier, p *access.Principal, id int64) (Item, error) {
	q := &query{}
	where := inboxWhere(q, p, Filter{}) + " AND n.id = " + q.Arg(id)
	it, err := scanItem(db.QueryRowContext(ctx, `SELECT `+itemColumns+inboxFrom+where, q.Args...))
	if errs.Is(err, errs.NotFound) {
		return it, errs.E(errs.NotFound, "该通知不存在，或不是发给您的。")
	}
	return it, err
}

// markAllRead inserts a read mark for every unread notification of p's
// inbox in one statement. SQLite needs the WHERE before ON CONFLICT in an
// INSERT … SELECT (otherwise ON would parse as a join); it is there.
func markAllRead(ctx context.Context, db sqldb.Querier, p *access.Principal, now time.Time) (int, error) {
	q := &query{}
	where := inboxWhere(q, p, Filter{UnreadOnly: true})
	at := q.Arg(sqldb.T(now))
	res, err := db.ExecContext(ctx, `INSERT INTO notification_reads (notification_id, user_id, read_at)
		SELECT n.id, $1, `+at+inboxFrom+where+` ON CONFLICT (notification_id, user_id) DO NOTHING`, q.Args...)
	if err != nil {
		return 0, sqldb.Translate(err)
	}
	n, err := res.RowsAffected()
	return int(n), sqldb.Translate(err)
}
