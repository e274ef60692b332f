package indicator

import (
	"context"
	"math"
	"sort"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

// Matrix is the region × indicator table of one period with the
// composite score and rank of each region.
type Matrix struct {
	Period     string        `json:"period"`
	Start      calendar.Date `json:"start"`
	Label      string        `json:"label"`
	Indicators []Definition  `json:"indicators"`
	Rows       []MatrixRow   `json:"rows"`
}

// MatrixRow is one region's line: a cell per indicator, in the order of
// Matrix.Indicators, its score (nil: no weighted indicator has a value)
// and rank among the regions ranked (CityWide is not ranked).
type MatrixRow struct {
	RegionCode string        `json:"region_code"`
	RegionName string        `json:"region_name"`
	Cells      []RegionValue `json:"cells"`
	Score      *float64      `json:"score" doc:"综合得分 0–100"`
	Rank       int           `json:"rank" doc:"排名；0 表示不参与排名"`
}

// Matrix returns the values of the enabled indicators in the period of
// kind period starting on start, for the regions the principal in ctx may
// see (CityWide first for the city-wide scope). Who: IndicatorView.
// Errors: Unauthenticated; Forbidden.
func (s *Service) Matrix(ctx context.Context, period string, start calendar.Date) (Matrix, error) {
	regions, err := s.VisibleRegions(ctx)
	if err != nil {
		return Matrix{}, err
	}
	defs, err := selectDefinitions(ctx, s.db)
	if err != nil {
		return Matrix{}, err
	}
	vals, err := selectValues(ctx, s.db, period, start.String())
	if err != nil {
		return Matrix{}, err
	}
	m := Matrix{Period: period, Start: start, Label: Label(period, start)}
	for _, d := range defs {
		if d.Enabled {
			m.Indicators = append(m.Indicators, d)
		}
	}
	for _, r := range regions {
		row := MatrixRow{RegionCode: r.Code, RegionName: r.Name}
		for i := range m.Indicators {
			d := &m.Indicators[i]
			v := vals[[2]string{d.Code, r.Code}]
			row.Cells = append(row.Cells, RegionValue{RegionCode: r.Code, RegionName: r.Name, Numerator: v.Numerator,
				Denominator: v.Denominator, Value: v.Value, Status: d.Judge(v.Value)})
		}
		row.Score = Score(m.Indicators, row.Cells)
		m.Rows = append(m.Rows, row)
	}
	rank(m.Rows)
	return m, nil
}

// Score is the composite score of one region: the weighted mean, over the
// indicators with a weight, a target and a value, of each indicator's
// attainment — 100 when the target is met; otherwise value ÷ target × 100
// when higher is better, target ÷ value × 100 when lower is better
// (clamped to 0–100). nil when no weighted indicator has a value.
func Score(defs []Definition, cells []RegionValue) *float64 {
	var sum, weights float64
	for i, d := range defs {
		v := cells[i].Value
		if d.Weight <= 0 || d.Target == nil || v == nil {
			continue
		}
		sum += d.Weight * attainment(&d, *v)
		weights += d.Weight
	}
	if weights == 0 {
		return nil
	}
	s := math.Round(sum/weights*10) / 10
	return &s
}

func attainment(d *Definition, v float64) float64 {
	t := *d.Target
	if d.Judge(&v) == StatusOK {
		return 100
	}
	var a float64
	switch {
	case d.Direction == Up && t > 0:
		a = v / t * 100
	case d.Direction == Down && v > 0:
		a = t / v * 100
	}
	return math.Max(0, math.Min(100, a))
}

// rank numbers the regions (not CityWide) by score, best first; equal
// scores share a rank; regions without a score are not ranked.
func rank(rows []MatrixRow) {
	var idx []int
	for i, r := range rows {
		if r.RegionCode != CityWide && r.Score != nil {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return *rows[idx[a]].Score > *rows[idx[b]].Score })
	for n, i := range idx {
		rows[i].Rank = n + 1
		if n > 0 && *rows[i].Score == *rows[idx[n-1]].Score {
			rows[i].Rank = rows[idx[n-1]].Rank
		}
	}
}
