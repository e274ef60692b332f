package indicator

import (
	"context"
	"database/sql"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Definitions returns the registry in display order. Who: IndicatorView.
func (s *Service) Definitions(ctx context.Context) ([]Definition, error) {
	if _, err := access.Authorize(ctx, access.IndicatorView, ""); err != nil {
		return nil, err
	}
	return selectDefinitions(ctx, s.db)
}

// Definition returns one indicator. Who: IndicatorView. Errors: NotFound.
func (s *Service) Definition(ctx context.Context, code string) (Definition, error) {
	if _, err := access.Authorize(ctx, access.IndicatorView, ""); err != nil {
		return Definition{}, err
	}
	return selectDefinition(ctx, s.db, code)
}

// MaxSeriesPoints bounds one Series.
const MaxSeriesPoints = 1000

// Series returns the stored values of indicator code (total, dim "") for
// regionCode (CityWide for the whole city) and period kind, one Point per
// period from the one containing from to the one containing to, oldest
// first. A period without a stored value has Value nil and zero
// numerator and denominator: nothing to count, or (data quality) no
// source — the caller tells "no data" from zero this way.
//
// Series performs no authorisation: it is for jobs (the anomaly rules) and
// for callers that authorised already; ViewSeries is the authorised form.
// Errors: Invalid (unknown period, to before from, more than
// MaxSeriesPoints periods); NotFound (unknown code).
func (s *Service) Series(ctx context.Context, code, regionCode, period string, from, to calendar.Date) ([]Point, error) {
	return s.SeriesDim(ctx, code, regionCode, period, "", from, to)
}

// SeriesDim is Series for one dimension (a flow type or stage; "" total).
func (s *Service) SeriesDim(ctx context.Context, code, regionCode, period, dim string, from, to calendar.Date) ([]Point, error) {
	if !ValidPeriod(period) || from.IsZero() || to.IsZero() || to.Before(from) {
		return nil, errs.FieldErrors(map[string]string{"period": "请给出有效的周期和起止日期，结束日期不能早于开始日期。"})
	}
	if _, err := selectDefinition(ctx, s.db, code); err != nil {
		return nil, err
	}
	first, last := StartOf(period, from), StartOf(period, to)
	rows, err := s.db.QueryContext(ctx, `SELECT period_start, numerator, denominator, value FROM indicator_values
		WHERE code = $1 AND region_code = $2 AND period = $3 AND dim = $4 AND period_start >= $5 AND period_start <= $6`,
		code, regionCode, period, dim, first.String(), last.String())
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	stored := map[calendar.Date]Point{}
	for rows.Next() {
		var p Point
		var v sql.NullFloat64
		if err := rows.Scan(&p.Start, &p.Numerator, &p.Denominator, &v); err != nil {
			return nil, err
		}
		if v.Valid {
			p.Value = &v.Float64
		}
		stored[p.Start] = p
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []Point
	for d := first; !d.After(last); d = Next(period, d) {
		if len(out) == MaxSeriesPoints {
			return nil, errs.FieldErrors(map[string]string{"from": "时间范围过长，请缩小范围。"})
		}
		p, ok := stored[d]
		if !ok {
			p = Point{Start: d}
		}
		out = append(out, p)
	}
	return out, nil
}

// ViewSeries is SeriesDim for the principal in ctx. Who: IndicatorView in
// regionCode (CityWide: the city-wide scope). Errors: as SeriesDim, and
// Unauthenticated, Forbidden.
func (s *Service) ViewSeries(ctx context.Context, code, regionCode, period, dim string, from, to calendar.Date) ([]Point, error) {
	if err := authorizeRegion(ctx, regionCode); err != nil {
		return nil, err
	}
	return s.SeriesDim(ctx, code, regionCode, period, dim, from, to)
}

// RegionValue is one region's value of an indicator in a period.
type RegionValue struct {
	RegionCode  string   `json:"region_code"`
	RegionName  string   `json:"region_name"`
	Numerator   float64  `json:"numerator"`
	Denominator float64  `json:"denominator"`
	Value       *float64 `json:"value"`
	Status      string   `json:"status" doc:"ok | warn | bad | off"`
}

// DimValue is one breakdown's value of an indicator in a period.
type DimValue struct {
	Dim         Dim      `json:"dim"`
	Numerator   float64  `json:"numerator"`
	Denominator float64  `json:"denominator"`
	Value       *float64 `json:"value"`
}

// Breakdown returns code's value per dimension for region and period
// start. Who: IndicatorView in region. Errors: as ViewSeries.
func (s *Service) Breakdown(ctx context.Context, code, region, period string, start calendar.Date) ([]DimValue, error) {
	if err := authorizeRegion(ctx, region); err != nil {
		return nil, err
	}
	var out []DimValue
	for _, d := range dimsOf(code) {
		pts, err := s.SeriesDim(ctx, code, region, period, d.Code, start, start)
		if err != nil {
			return nil, err
		}
		out = append(out, DimValue{Dim: d, Numerator: pts[0].Numerator, Denominator: pts[0].Denominator, Value: pts[0].Value})
	}
	return out, nil
}
