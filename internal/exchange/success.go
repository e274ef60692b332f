package exchange

import (
	"context"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Success is one region's upward reporting on one day (Beijing) of first
// sending: the records whose outcome is known (accepted, refused by the
// receiver, or failed to send) and how many of them were accepted.
type Success struct {
	Day        calendar.Date
	RegionCode string
	Accepted   int
	Settled    int
}

// DailySuccess is 上报成功率's figures for the days from..to (inclusive):
// records still pending or waiting for a receipt are not counted yet. It
// does not authorise: it is for the indicator package.
func DailySuccess(ctx context.Context, q sqldb.Querier, from, to calendar.Date) ([]Success, error) {
	lo, hi := from.Time().Add(-8*time.Hour), to.AddDays(1).Time().Add(-8*time.Hour) // Beijing midnights in UTC
	rows, err := q.QueryContext(ctx, `SELECT region_code, sent_at, sjsczt FROM exchange_records
		WHERE sent_at IS NOT NULL AND sent_at >= $1 AND sent_at < $2 AND sjsczt IN (-1, 2, 3)`, sqldb.T(lo), sqldb.T(hi))
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	type key struct {
		day    calendar.Date
		region string
	}
	acc := map[key]*Success{}
	var order []key
	for rows.Next() {
		var region string
		var sent sqldb.Time
		var state int
		if err := rows.Scan(&region, &sent, &state); err != nil {
			return nil, sqldb.Translate(err)
		}
		k := key{calendar.DateOf(sent.Time), region}
		if acc[k] == nil {
			acc[k] = &Success{Day: k.day, RegionCode: region}
			order = append(order, k)
		}
		acc[k].Settled++
		if state == 3 {
			acc[k].Accepted++
		}
	}
	out := make([]Success, 0, len(order))
	for _, k := range order {
		out = append(out, *acc[k])
	}
	return out, rows.Err()
}
