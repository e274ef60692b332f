package quality

import (
	"context"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// IndicatorDimensions maps the data-quality indicators of the monitoring
// console (domain.md §2.2) to the dimension whose rate they read.
var IndicatorDimensions = map[string]string{
	"数据上报及时率": Timeliness,
	"数据完整率":   Completeness,
	"逻辑一致率":   Consistency,
}

// Rate is a data-quality rate: the share of evaluated rows that passed,
// for one day (the day's last finished run), region, dimension and — when
// grouped by table — table. Rate is 1 when nothing was evaluated.
type Rate struct {
	Day        string  `json:"day" doc:"YYYY-MM-DD（北京时间）"`
	RegionCode string  `json:"region_code"`
	Dimension  string  `json:"dimension"`
	Table      string  `json:"table,omitempty"`
	Evaluated  int     `json:"evaluated"`
	Failed     int     `json:"failed"`
	Rate       float64 `json:"rate" doc:"合格率 = (检查数 − 不合格数) ÷ 检查数"`
}

// RateQuery selects rates: the days from..to inclusive, one region ("" =
// all), and whether to split by table.
type RateQuery struct {
	From, To   calendar.Date
	RegionCode string
	ByTable    bool
}

// DailyRates reads the quality rates per day, region and dimension for the
// days from..to (inclusive, Beijing dates) from the last finished run of
// each day; days without a run are absent. It does not authorise: it is
// for the indicator package (数据上报及时率 = Timeliness, 数据完整率 =
// Completeness, 逻辑一致率 = Consistency, see IndicatorDimensions), whose
// own service authorises its readers.
func DailyRates(ctx context.Context, q sqldb.Querier, from, to calendar.Date) ([]Rate, error) {
	return selectRates(ctx, q, RateQuery{From: from, To: to}, nil)
}

// Rates is DailyRates for a QualityView holder, limited to its regions.
func (s *Service) Rates(ctx context.Context, rq RateQuery) ([]Rate, error) {
	if err := asViewerIn(ctx, rq.RegionCode); err != nil {
		return nil, err
	}
	_, sc, _ := viewer(ctx)
	var codes []string
	if !sc.All {
		codes = sc.Filter()
	}
	return selectRates(ctx, s.db, rq, codes)
}

// selectRates reads the rates of rq, limited to codes when not nil.
func selectRates(ctx context.Context, q sqldb.Querier, rq RateQuery, codes []string) ([]Rate, error) {
	args := []any{rq.From.String(), rq.To.String()}
	where := ""
	if codes != nil {
		where += inScope(access.Scope{Codes: codes}, "g.region_code", &args)
	}
	if rq.RegionCode != "" {
		args = append(args, rq.RegionCode)
		where += " AND g.region_code = $" + strconv.Itoa(len(args))
	}
	table, group := `''`, ``
	if rq.ByTable {
		table, group = `g.table_name`, `, g.table_name`
	}
	rows, err := q.QueryContext(ctx, `SELECT g.day, g.region_code, g.dimension, `+table+`, SUM(g.evaluated), SUM(g.failed)
		FROM quality_result_regions g
		WHERE g.run_id IN (SELECT MAX(id) FROM quality_runs WHERE finished_at IS NOT NULL AND day >= $1 AND day <= $2 GROUP BY day)`+
		where+` GROUP BY g.day, g.region_code, g.dimension`+group+` ORDER BY g.day, g.region_code, g.dimension`+group, args...)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Rate
	for rows.Next() {
		var r Rate
		if err := rows.Scan(&r.Day, &r.RegionCode, &r.Dimension, &r.Table, &r.Evaluated, &r.Failed); err != nil {
			return nil, sqldb.Translate(err)
		}
		r.Rate = 1
		if r.Evaluated > 0 {
			r.Rate = float64(r.Evaluated-r.Failed) / float64(r.Evaluated)
		}
		out = append(out, r)
	}
	return out, sqldb.Translate(rows.Err())
}
