// Package indicator is 运维 → 指标监测: the registry of monitored
// indicators (domain.md §2.2), their values per region and period, the
// composite score and ranking of the regions, and the monitoring console
// (matrix, trends, drill-down, "what would raise this most").
//
// # Registry
//
// Definitions are data (table indicators, seeded by Seed): name, group,
// formula as shown, numerator and denominator labels, unit, target and
// tolerance, good direction, source, whether the definition is official,
// weight and whether it is shown. How a value is computed is Go code keyed
// by the code (catalogue.go); an administrator changes everything else.
//
// # Values
//
// A value is stored per indicator, region (the ten regions, and CityWide
// for the whole city), period kind (day, week, month, quarter, year),
// period start and dimension (a flow type or stage number, "" = all) with
// its numerator and denominator apart. Only day rows are computed from the
// source tables; every coarser period and the whole city are sums of day
// numerators and denominators (never averages of rates). Snapshot
// indicators (预警数, coverage, data quality) roll up to the last day of the
// period that has a value instead of a sum. Medians are taken over the raw
// samples (table indicator_sample_sets: the durations of a day's cases,
// stages or projects, one row per indicator, region, day and dimension,
// stored under the dimension only when there is one and counted under the
// total as well when rolled up), so the median of a month or of the city
// is exact.
// A computation writes only the values and samples that differ from those
// stored; computed_at is the time a value last changed.
//
// # Incremental refresh
//
// Refresh (a leased job, every minute or so) reads the engine's outbox
// rows it has not handled, finds the days each event can change (the
// case's received, accepted and concluded days, the concluded days of the
// other cases of its project, and the event's own day), recomputes those
// days for every region, and rolls the periods containing them up again.
// It also recomputes today (snapshots) and the days of ratings and
// rectifications changed since its last run.
//
// On PostgreSQL outbox ids are not committed in id order: a transaction
// that took id 10 may commit after one that took id 11. So the cursor is a
// floor plus a set: every id ≤ indicator_cursor.floor_id is handled, and
// the handled ids above it are rows of indicator_seen. Each run reads the
// rows above the floor that are not seen, in id order, and handles them;
// then it raises the floor to the highest seen id that was seen more than
// SafetyWindow ago (by then every lower id has either committed, been
// seen and handled, or rolled back) and forgets the seen ids below it. The
// engine's transactions last far less than SafetyWindow. Handling an event
// twice is harmless: days are recomputed from the source, not incremented.
//
// Recompute rebuilds every value from scratch (the app's `gongai
// indicators recompute`); the first Refresh on an empty cursor does the same.
//
// # For other packages
//
// Series returns the stored values of one indicator, region and period kind
// over a range, oldest first; the anomaly package consumes it. Its contract
// (Point's fields and meaning) is kept stable.
package indicator

import (
	"math"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

// CityWide is the region code of the whole city's aggregate (达州全市): the
// sums over every region, including 市本级 (511700).
const CityWide = "all"

// CityWideName is how CityWide is shown.
const CityWideName = "全市"

// Groups of indicators.
const (
	GroupCoverage   = "coverage"
	GroupUsage      = "usage"
	GroupEfficiency = "efficiency"
	GroupQuality    = "quality"
	GroupService    = "service"
)

var groupLabels = map[string]string{GroupCoverage: "覆盖度", GroupUsage: "应用率", GroupEfficiency: "审批效率",
	GroupQuality: "数据质量", GroupService: "服务评价"}

// GroupLabel is the Chinese name of a group.
func GroupLabel(g string) string { return groupLabels[g] }

// Kinds of value.
const (
	KindRate   = "rate"   // numerator ÷ denominator × 100, in %
	KindMean   = "mean"   // numerator (a sum) ÷ denominator (a count)
	KindMedian = "median" // the median of the samples
	KindCount  = "count"  // the numerator itself
)

// Directions: whether a higher value is better.
const (
	Up   = "up"
	Down = "down"
)

// Definition is one indicator of the registry.
type Definition struct {
	Code             string    `json:"code"`
	Name             string    `json:"name"`
	Group            string    `json:"group" doc:"coverage | usage | efficiency | quality | service"`
	GroupLabel       string    `json:"group_label"`
	Kind             string    `json:"kind" doc:"rate | mean | median | count"`
	Formula          string    `json:"formula"`
	NumeratorLabel   string    `json:"numerator_label"`
	DenominatorLabel string    `json:"denominator_label"`
	Unit             string    `json:"unit"`
	Target           *float64  `json:"target" doc:"目标值；空表示不设目标"`
	Tolerance        float64   `json:"tolerance" doc:"预警带：未达目标但差距在此范围内为黄色"`
	Direction        string    `json:"direction" doc:"up（越高越好）| down（越低越好）"`
	Source           string    `json:"source"`
	Official         bool      `json:"official" doc:"口径是否来自正式文件；否则为本系统暂定口径"`
	OfficialNote     string    `json:"official_note"`
	Weight           float64   `json:"weight" doc:"综合评分权重"`
	Enabled          bool      `json:"enabled"`
	Snapshot         bool      `json:"snapshot" doc:"时点指标：周期值取期内最后一天"`
	Dims             []Dim     `json:"dims,omitempty" doc:"分项（流程类型或阶段）"`
	SortOrder        int       `json:"-"`
	UpdatedAt        time.Time `json:"updated_at"`
	UpdatedBy        string    `json:"updated_by"`
}

// Dim is one breakdown of an indicator (a flow type, a stage).
type Dim struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

// Value is a stored value. Value is nil when there is no data.
type Value struct {
	Code        string   `json:"code"`
	RegionCode  string   `json:"region_code"`
	Period      string   `json:"period"`
	Start       string   `json:"period_start" doc:"周期首日 YYYY-MM-DD"`
	Dim         string   `json:"dim"`
	Numerator   float64  `json:"numerator"`
	Denominator float64  `json:"denominator"`
	Value       *float64 `json:"value"`
}

// Point is one value of a Series: the period starting on Start, its
// numerator and denominator, and Value (nil: no data — nothing to count,
// or for data-quality indicators no source yet). Stable contract for the
// anomaly package.
type Point struct {
	Start       calendar.Date `json:"start"`
	Numerator   float64       `json:"numerator"`
	Denominator float64       `json:"denominator"`
	Value       *float64      `json:"value"`
}

// Status of a value against its target.
const (
	StatusOK     = "ok"
	StatusWarn   = "warn"
	StatusBad    = "bad"
	StatusNone   = "off" // no target or no data
	statusLabelN = "无目标"
)

// Judge compares v with d's target: ok when it meets it, warn when it
// misses by no more than the tolerance, bad otherwise; off without target
// or value.
func (d *Definition) Judge(v *float64) string {
	if v == nil || d.Target == nil {
		return StatusNone
	}
	gap := *v - *d.Target // positive: above target
	if d.Direction == Down {
		gap = -gap
	}
	switch {
	case gap >= -1e-9:
		return StatusOK
	case -gap <= d.Tolerance+1e-9:
		return StatusWarn
	}
	return StatusBad
}

// StatusLabel is the text beside a status colour (never colour alone).
func StatusLabel(s string) string {
	switch s {
	case StatusOK:
		return "达标"
	case StatusWarn:
		return "接近"
	case StatusBad:
		return "未达标"
	}
	return statusLabelN
}

// valueOf computes the value of a kind from its numerator and denominator
// (the median is computed from samples elsewhere).
func valueOf(kind string, num, den float64) *float64 {
	var v float64
	switch kind {
	case KindCount:
		v = num
		return &v
	case KindRate:
		if den == 0 {
			return nil
		}
		v = num / den * 100
	default:
		if den == 0 {
			return nil
		}
		v = num / den
	}
	v = math.Round(v*10000) / 10000
	return &v
}

// median of xs (sorted in place); nil when empty.
func median(xs []float64) *float64 {
	if len(xs) == 0 {
		return nil
	}
	sortFloats(xs)
	n := len(xs)
	m := xs[n/2]
	if n%2 == 0 {
		m = (xs[n/2-1] + xs[n/2]) / 2
	}
	return &m
}

// Show formats a value of d for a page: "暂无数据" when there is none.
func (d Definition) Show(v *float64) string {
	if v == nil {
		return "暂无数据"
	}
	if d.Unit == "%" {
		return fmtNum(*v) + "%"
	}
	return fmtNum(*v) + " " + d.Unit
}

// TargetText is the target as shown ("不设目标" when none).
func (d Definition) TargetText() string {
	if d.Target == nil {
		return "不设目标"
	}
	op := "≥"
	if d.Direction == Down {
		op = "≤"
	}
	return op + " " + d.Show(d.Target)
}

// DirectionLabel says which way is better.
func (d Definition) DirectionLabel() string {
	if d.Direction == Down {
		return "越低越好"
	}
	return "越高越好"
}

// StatusText is the label of v's status.
func (v RegionValue) StatusText() string { return StatusLabel(v.Status) }

// Num formats a numerator or denominator.
func Num(v float64) string { return fmtNum(v) }

// NumText and DenText format a point's numerator and denominator.
func (p Point) NumText() string { return fmtNum(p.Numerator) }

// DenText formats the denominator.
func (p Point) DenText() string { return fmtNum(p.Denominator) }

// NumText formats the numerator.
func (v RegionValue) NumText() string { return fmtNum(v.Numerator) }

// DenText formats the denominator.
func (v RegionValue) DenText() string { return fmtNum(v.Denominator) }

// DenText formats the denominator.
func (v DimValue) DenText() string { return fmtNum(v.Denominator) }

// NumText formats the figure's numerator.
func (f Figure) NumText() string { return fmtNum(f.Numerator) }

// DenText formats the figure's denominator.
func (f Figure) DenText() string { return fmtNum(f.Denominator) }

// NumText formats the drill-down's numerator.
func (d Drill) NumText() string { return fmtNum(d.Numerator) }

// DenText formats the drill-down's denominator.
func (d Drill) DenText() string { return fmtNum(d.Denominator) }
