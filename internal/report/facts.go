package report

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// fact is one case as the reports see it.
type fact struct {
	Region, Item, ItemName, Channel string
	Dept                            int64
	FlowType, Stage                 int
	// dates of the three events; zero when the event has not happened
	Received, Accepted, Concluded calendar.Date
	// Used is the working days of a concluded case; OnTime compares it
	// with the limit.
	Used   int
	OnTime bool
	// start day of the clock (for Used) and the limit, as stored
	startDay        calendar.Date
	limit, paused   int
	concludedStatus bool
}

// date returns the day of event e, zero when it has not happened.
func (f *fact) date(e event) calendar.Date {
	switch e {
	case evReceived:
		return f.Received
	case evAccepted:
		return f.Accepted
	}
	if !f.concludedStatus {
		return calendar.Date{}
	}
	return f.Concluded
}

// factColumns are the columns every report reads; the dimension values of
// the whitelist come from them and nothing else.
const factColumns = `c.region_code, COALESCE(c.lead_org_id, 0), c.item_code, c.item_name,
	COALESCE(f.flow_type, 0), c.stage_no, a.channel, c.status, c.received_at, c.accepted_at, c.concluded_at,
	COALESCE(c.start_day, ''), c.limit_days, c.paused_days`

// factQuery builds the SELECT of the cases with an event in [start, end)
// that pass the filters, restricted to regions when it is not nil. Every
// fragment is a constant of this function; values are bound as
// parameters.
func factQuery(fl Filters, regions []string, start, end time.Time) (string, []any) {
	args := []any{sqldb.T(start), sqldb.T(end)}
	var b strings.Builder
	b.WriteString(`SELECT ` + factColumns + `
	FROM cases c JOIN applications a ON a.id = c.application_id
	LEFT JOIN catalog_flows f ON f.id = c.flow_id
	WHERE ((c.received_at >= $1 AND c.received_at < $2) OR (c.accepted_at >= $1 AND c.accepted_at < $2)
	    OR (c.concluded_at >= $1 AND c.concluded_at < $2))`)
	in := func(col string, n int, add func(i int) any) {
		b.WriteString(" AND " + col + " IN (")
		for i := 0; i < n; i++ {
			args = append(args, add(i))
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "$%d", len(args))
		}
		b.WriteString(")")
	}
	if regions != nil {
		in("c.region_code", len(regions), func(i int) any { return regions[i] })
	}
	if n := len(fl.Depts); n > 0 {
		in("c.lead_org_id", n, func(i int) any { return fl.Depts[i] })
	}
	if n := len(fl.Items); n > 0 {
		in("c.item_code", n, func(i int) any { return fl.Items[i] })
	}
	if n := len(fl.FlowTypes); n > 0 {
		in("f.flow_type", n, func(i int) any { return fl.FlowTypes[i] })
	}
	if n := len(fl.Stages); n > 0 {
		in("c.stage_no", n, func(i int) any { return fl.Stages[i] })
	}
	if n := len(fl.Channels); n > 0 {
		in("a.channel", n, func(i int) any { return fl.Channels[i] })
	}
	return b.String(), args
}

// loadFacts reads the facts of the query. An empty regions list (not nil)
// selects nothing.
func loadFacts(ctx context.Context, q sqldb.Querier, fl Filters, regions []string, start, end time.Time) ([]fact, error) {
	if regions != nil && len(regions) == 0 {
		return nil, nil
	}
	query, args := factQuery(fl, regions, start, end)
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []fact
	for rows.Next() {
		f, err := scanFact(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, sqldb.Translate(rows.Err())
}

func scanFact(rows interface{ Scan(...any) error }) (fact, error) {
	var f fact
	var status int
	var received sqldb.Time
	var accepted, concluded sqldb.NullTime
	var start string
	err := rows.Scan(&f.Region, &f.Dept, &f.Item, &f.ItemName, &f.FlowType, &f.Stage, &f.Channel, &status,
		&received, &accepted, &concluded, &start, &f.limit, &f.paused)
	if err != nil {
		return f, sqldb.Translate(err)
	}
	f.Received = calendar.DateOf(received.Time)
	if accepted.Valid {
		f.Accepted = calendar.DateOf(accepted.Time)
	}
	if concluded.Valid {
		f.Concluded = calendar.DateOf(concluded.Time)
	}
	f.concludedStatus = concluded.Valid && status >= 11 && status <= 13
	if start != "" {
		if f.startDay, err = calendar.ParseDate(start); err != nil {
			return f, fmt.Errorf("report: case start day %q: %w", start, err)
		}
	}
	return f, nil
}
