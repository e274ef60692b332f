package sitestats

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// query reads the counters of one period and region set ($1, $2 are the
// first and last day; regions nil means all).
type query struct {
	db       sqldb.Querier
	from, to calendar.Date
	regions  []string
}

// uniquesCTE is the unique visitors of the period: rolled up for closed
// days, counted live from the visitor keys of open days.
const uniquesCTE = `WITH u AS (
	SELECT day, module, region_code, visitors FROM sitestats_uniques WHERE day BETWEEN $1 AND $2
	UNION ALL
	SELECT day, module, region_code, COUNT(*) FROM sitestats_visitors WHERE day BETWEEN $1 AND $2
	GROUP BY day, module, region_code) `

// regionCond is " AND <col> IN ($3, …)" for a region filter, and the args.
func (q *query) regionCond(col string) (string, []any) {
	args := []any{q.from, q.to}
	if q.regions == nil {
		return "", args
	}
	if len(q.regions) == 0 {
		return " AND 1 = 0", args
	}
	ph := make([]string, len(q.regions))
	for i, r := range q.regions {
		ph[i] = "$" + strconv.Itoa(i+3)
		args = append(args, r)
	}
	return " AND " + col + " IN (" + strings.Join(ph, ", ") + ")", args
}

// uniqueRegion is the region condition on u: the '*' rows without a filter,
// the filtered regions' rows with one.
func (q *query) uniqueRegion() (string, []any) {
	if q.regions == nil {
		return " AND region_code = '*'", []any{q.from, q.to}
	}
	return q.regionCond("region_code")
}

// days returns every day of the period, zeros included.
func (q *query) days(ctx context.Context) ([]DayRow, error) {
	cond, args := q.regionCond("region_code")
	views, err := sums(ctx, q.db, `SELECT day, SUM(views) FROM sitestats_views
		WHERE day BETWEEN $1 AND $2`+cond+` GROUP BY day`, args)
	if err != nil {
		return nil, err
	}
	ucond, uargs := q.uniqueRegion()
	visitors, err := sums(ctx, q.db, uniquesCTE+`SELECT day, SUM(visitors) FROM u
		WHERE module = '*'`+ucond+` GROUP BY day`, uargs)
	if err != nil {
		return nil, err
	}
	var out []DayRow
	for d := q.from; !d.After(q.to); d = d.AddDays(1) {
		out = append(out, DayRow{Day: d, Views: views[d.String()], Visitors: visitors[d.String()]})
	}
	return out, nil
}

// modules returns the views and visitors of every module, in Modules order.
func (q *query) modules(ctx context.Context) ([]CountRow, error) {
	cond, args := q.regionCond("region_code")
	views, err := sums(ctx, q.db, `SELECT module, SUM(views) FROM sitestats_views
		WHERE day BETWEEN $1 AND $2`+cond+` GROUP BY module`, args)
	if err != nil {
		return nil, err
	}
	ucond, uargs := q.uniqueRegion()
	visitors, err := sums(ctx, q.db, uniquesCTE+`SELECT module, SUM(visitors) FROM u
		WHERE module <> '*'`+ucond+` GROUP BY module`, uargs)
	if err != nil {
		return nil, err
	}
	out := make([]CountRow, 0, len(Modules))
	for _, m := range Modules {
		out = append(out, CountRow{Key: m, Label: ModuleLabel(m), Views: views[m], Visitors: visitors[m]})
	}
	return out, nil
}

// regionRows returns the regions with views in the period, by code; the
// unknown region ("") last. Labels are filled by the service.
func (q *query) regionRows(ctx context.Context) ([]CountRow, error) {
	cond, args := q.regionCond("region_code")
	views, err := sums(ctx, q.db, `SELECT region_code, SUM(views) FROM sitestats_views
		WHERE day BETWEEN $1 AND $2`+cond+` GROUP BY region_code`, args)
	if err != nil {
		return nil, err
	}
	visitors, err := sums(ctx, q.db, uniquesCTE+`SELECT region_code, SUM(visitors) FROM u
		WHERE module = '*' AND region_code <> '*'`+cond+` GROUP BY region_code`, args)
	if err != nil {
		return nil, err
	}
	out := []CountRow{}
	for _, k := range sortedKeys(views, func(a, b string) int { return regionOrder(a, b) }) {
		out = append(out, CountRow{Key: k, Views: views[k], Visitors: visitors[k]})
	}
	return out, nil
}

func regionOrder(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	case a < b:
		return -1
	}
	return 1
}

// sums runs a two-column "key, SUM(n)" query into a map.
func sums(ctx context.Context, q sqldb.Querier, query string, args []any) (map[string]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var k string
		var n sql.NullInt64
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out[k] += n.Int64
	}
	return out, sqldb.Translate(rows.Err())
}

// searches returns the most searched terms of the period (noResults: only
// terms searched without results, ordered by those searches), at most limit.
func (q *query) searches(ctx context.Context, noResults bool, limit int) ([]SearchRow, error) {
	having, order := "", "SUM(searches) DESC, SUM(no_results) DESC"
	if noResults {
		having, order = " HAVING SUM(no_results) > 0", "SUM(no_results) DESC, SUM(searches) DESC"
	}
	rows, err := q.db.QueryContext(ctx, `SELECT module, term, SUM(searches), SUM(with_results), SUM(no_results)
		FROM sitestats_searches WHERE day BETWEEN $1 AND $2
		GROUP BY module, term`+having+` ORDER BY `+order+`, module, term LIMIT $3`, q.from, q.to, limit)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	out := []SearchRow{}
	for rows.Next() {
		var r SearchRow
		if err := rows.Scan(&r.Module, &r.Term, &r.Searches, &r.WithResults, &r.NoResults); err != nil {
			return nil, err
		}
		r.ModuleLabel = ModuleLabel(r.Module)
		out = append(out, r)
	}
	return out, sqldb.Translate(rows.Err())
}

// itemRows returns the guide items of the period with the most
// conversions, then views, at most limit. Viewers and conversions of open
// days are counted live from the guide visits.
func (q *query) itemRows(ctx context.Context, limit int) ([]ItemRow, error) {
	rows, err := q.db.QueryContext(ctx, `WITH g AS (
		SELECT item_code, views, viewers, conversions FROM sitestats_items WHERE day BETWEEN $1 AND $2
		UNION ALL
		SELECT item_code, 0, COUNT(*), SUM(converted) FROM sitestats_guide_visits WHERE day BETWEEN $1 AND $2
		GROUP BY day, item_code)
		SELECT item_code, SUM(views), SUM(viewers), SUM(conversions) FROM g
		GROUP BY item_code ORDER BY SUM(conversions) DESC, SUM(views) DESC, item_code LIMIT $3`, q.from, q.to, limit)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	out := []ItemRow{}
	for rows.Next() {
		var r ItemRow
		if err := rows.Scan(&r.Code, &r.Views, &r.Viewers, &r.Conversions); err != nil {
			return nil, err
		}
		r.Rate = -1
		if r.Viewers > 0 {
			r.Rate = float64(r.Conversions) / float64(r.Viewers)
		}
		out = append(out, r)
	}
	return out, sqldb.Translate(rows.Err())
}
