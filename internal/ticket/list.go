package ticket

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Filter selects tickets for lists, the register and reports. Zero fields
// do not filter. From/To bound opened_at: [From, To).
type Filter struct {
	Kind       Kind
	Severity   Severity
	Status     string // a Status, or "open" for every unresolved status
	RegionCode string
	OrgUnitID  int64
	Query      string // words that must all appear in title or content
	From, To   time.Time
	Limit      int // 50 when 0, at most 1000
	Offset     int
}

func (f Filter) limit() int {
	if f.Limit <= 0 {
		return 50
	}
	return min(f.Limit, 1000)
}

// query is the statement being built (sqldb.Query).
type query struct{ sqldb.Query }

func (q *query) filter(f Filter, scope access.Scope) {
	if codes := scope.Filter(); codes != nil {
		ph := make([]string, 0, len(codes)+1)
		for _, c := range codes {
			ph = append(ph, q.Arg(c))
		}
		q.Add(`t.region_code IN (` + strings.Join(append(ph, "''"), ", ") + `)`)
	}
	if f.Kind != "" {
		q.Add(`t.kind = ` + q.Arg(f.Kind))
	}
	if f.Severity != "" {
		q.Add(`t.severity = ` + q.Arg(f.Severity))
	}
	switch f.Status {
	case "":
	case "open":
		q.Add(`t.status NOT IN ('resolved', 'closed')`)
	default:
		q.Add(`t.status = ` + q.Arg(f.Status))
	}
	if f.RegionCode != "" {
		q.Add(`t.region_code = ` + q.Arg(f.RegionCode))
	}
	if f.OrgUnitID != 0 {
		q.Add(`t.org_unit_id = ` + q.Arg(f.OrgUnitID))
	}
	for _, w := range strings.Fields(f.Query) {
		p := q.Arg(likePattern(w))
		q.Add(`(LOWER(t.title) LIKE ` + p + ` ESCAPE '\' OR LOWER(t.content) LIKE ` + p + ` ESCAPE '\')`)
	}
	if !f.From.IsZero() {
		q.Add(`t.opened_at >= ` + q.Arg(sqldb.T(f.From)))
	}
	if !f.To.IsZero() {
		q.Add(`t.opened_at < ` + q.Arg(sqldb.T(f.To)))
	}
}

// List returns the tickets matching f, newest first, with their clocks
// and the total count. Who: TicketView, within its regions. Errors:
// Unauthenticated; Forbidden; Unavailable/Internal.
func (s *Service) List(ctx context.Context, f Filter) ([]Ticket, int, error) {
	p, err := access.Authorize(ctx, access.TicketView, "")
	if err != nil {
		return nil, 0, err
	}
	q := &query{}
	q.filter(f, p.ScopeOf(access.TicketView))
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM tickets t`+q.SQL(), q.Args...).Scan(&total); err != nil {
		return nil, 0, sqldb.Translate(err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+ticketColumns+` FROM tickets t`+q.SQL()+
		fmt.Sprintf(` ORDER BY t.id DESC LIMIT %d OFFSET %d`, f.limit(), max(f.Offset, 0)), q.Args...)
	if err != nil {
		return nil, 0, sqldb.Translate(err)
	}
	var out []Ticket
	for rows.Next() {
		t, err := scanTicket(rows)
		if err != nil {
			rows.Close()
			return nil, 0, err
		}
		out = append(out, t)
	}
	rows.Close()
	for i := range out {
		if out[i].Clocks, err = selectClocks(ctx, s.db, out[i].ID); err != nil {
			return nil, 0, err
		}
	}
	return out, total, sqldb.Translate(rows.Err())
}
