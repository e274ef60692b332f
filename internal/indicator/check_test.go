package indicator

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// The independent computation: hand-written SQL over the source tables,
// sharing nothing with the package's code but the data. Working days come
// from table t_workdays, filled here from the platform calendar's
// IsWorkday (not from the package's in-memory index).

// want is an expected value: numerator, denominator and (median) value.
type want struct {
	num, den float64
	median   *float64
}

// fillWorkdays creates t_workdays(day, n): n = working days from 2025-11-01
// up to and including day.
func fillWorkdays(t *testing.T, e *env) {
	t.Helper()
	ctx := context.Background()
	_, err := e.db.ExecContext(ctx, `CREATE TABLE t_workdays (day TEXT PRIMARY KEY, n INTEGER NOT NULL)`)
	e.must(t, err)
	n := 0
	for d := calendar.NewDate(2025, 11, 1); d.Before(calendar.NewDate(2026, 6, 1)); d = d.AddDays(1) {
		work, err := e.cal.IsWorkday(ctx, d)
		e.must(t, err)
		if work {
			n++
		}
		_, err = e.db.ExecContext(ctx, `INSERT INTO t_workdays (day, n) VALUES ($1, $2)`, d.String(), n)
		e.must(t, err)
	}
}

// dayOf is the SQL of a timestamp column's date; the fixtures put every
// instant at 10:00 Beijing time, the same date in UTC.
func dayOf(e *env, col string) string {
	if e.db.Dialect == sqldb.Postgres {
		return "to_char(" + col + " AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
	}
	return "substr(" + col + ", 1, 10)"
}

// usedSQL is a concluded case's working days used, pauses excluded.
func usedSQL(e *env, c, from string) string {
	return fmt.Sprintf(`(SELECT n FROM t_workdays WHERE day = %s) - (SELECT n FROM t_workdays WHERE day = %s) - %s.paused_days`,
		dayOf(e, c+".concluded_at"), from, c)
}

// scalar runs a query returning numerator and denominator.
func scalar(t *testing.T, e *env, q string, args ...any) want {
	t.Helper()
	var w want
	var num, den sql.NullFloat64
	e.must(t, e.db.QueryRowContext(context.Background(), q, args...).Scan(&num, &den))
	w.num, w.den = num.Float64, den.Float64
	return w
}

// expected computes code's value over [from, to) for region ("" = city).
func expected(t *testing.T, e *env, code, region string, from, to calendar.Date) want {
	t.Helper()
	a, b := sqldb.T(from.Time()), sqldb.T(to.Time())
	reg := func(col string) string {
		if region == "" {
			return " AND $3 = $3"
		}
		return " AND " + col + " = $3"
	}
	args := []any{a, b, region}
	concluded := `WITH k AS (SELECT c.status, c.limit_days, a.channel,
		CASE WHEN ` + usedSQL(e, "c", "c.start_day") + ` < 0 THEN 0 ELSE ` + usedSQL(e, "c", "c.start_day") + ` END AS used,
		CASE WHEN EXISTS (SELECT 1 FROM licences l WHERE l.case_id = c.id) THEN 1 ELSE 0 END AS lic
		FROM cases c JOIN applications a ON a.id = c.application_id
		WHERE c.concluded_at >= $1 AND c.concluded_at < $2 AND c.status IN (11, 12, 13)` + reg("c.region_code") + `) `
	switch code {
	case OnlineApplyRate:
		return scalar(t, e, `SELECT SUM(CASE WHEN a.channel = 'online' THEN 1 ELSE 0 END), COUNT(*)
			FROM cases c JOIN applications a ON a.id = c.application_id
			WHERE c.received_at >= $1 AND c.received_at < $2`+reg("c.region_code"), args...)
	case CompletionRate:
		return scalar(t, e, `SELECT SUM(CASE WHEN status IN (11, 12, 13) THEN 1 ELSE 0 END), COUNT(*) FROM cases
			WHERE accepted_at >= $1 AND accepted_at < $2`+reg("region_code"), args...)
	case CompressionRate:
		return scalar(t, e, `SELECT SUM(statutory_days - limit_days), SUM(statutory_days) FROM cases
			WHERE accepted_at >= $1 AND accepted_at < $2`+reg("region_code"), args...)
	case OverdueRate:
		return scalar(t, e, concluded+`SELECT SUM(CASE WHEN used > limit_days THEN 1 ELSE 0 END), COUNT(*) FROM k`, args...)
	case OnTimeRate:
		return scalar(t, e, concluded+`SELECT SUM(CASE WHEN used <= limit_days THEN 1 ELSE 0 END), COUNT(*) FROM k`, args...)
	case CaseDaysAvg:
		return scalar(t, e, concluded+`SELECT SUM(used), COUNT(*) FROM k`, args...)
	case ELicenceRate:
		return scalar(t, e, concluded+`SELECT SUM(lic), COUNT(*) FROM k WHERE status IN (11, 12)`, args...)
	case FullOnlineRate:
		return scalar(t, e, concluded+`SELECT SUM(CASE WHEN lic = 1 AND channel = 'online' THEN 1 ELSE 0 END), COUNT(*)
			FROM k WHERE status IN (11, 12)`, args...)
	case SatisfactionRate:
		return scalar(t, e, `SELECT SUM(CASE WHEN level >= 4 THEN 1 ELSE 0 END), COUNT(*) FROM ratings
			WHERE created_at >= $1 AND created_at < $2`+reg("region_code"), args...)
	case RectifyRate:
		return scalar(t, e, `SELECT SUM(CASE WHEN closed_at IS NOT NULL THEN 1 ELSE 0 END), COUNT(*) FROM rectifications
			WHERE created_at >= $1 AND created_at < $2`+reg("region_code"), args...)
	case StageDaysAvg, StageDaysMedian, ProcessDaysAvg, ProcessDaysMedian:
		return expectedDurations(t, e, code, region, from, to)
	}
	return expectedSnapshot(t, e, code, region)
}

// stagesSQL defines "done": one row per complete stage of a project with
// its time and last conclusion day, as the package's doc defines them.
func stagesSQL(e *env) string {
	concl := dayOf(e, "c.concluded_at")
	return `WITH sc AS (SELECT project_id, stage_no, MIN(region_code) AS region,
			MIN(CASE WHEN accepted_at IS NOT NULL THEN start_day END) AS st,
			MAX(CASE WHEN status IN (11, 12, 13) THEN ` + dayOf(e, "concluded_at") + ` END) AS en,
			SUM(CASE WHEN status NOT IN (2, 4, 5, 11, 12, 13, 14, 15) THEN 1 ELSE 0 END) AS open,
			SUM(CASE WHEN status IN (11, 12, 13) THEN 1 ELSE 0 END) AS done
			FROM cases GROUP BY project_id, stage_no),
		done AS (SELECT sc.project_id, sc.stage_no, sc.region, sc.en,
			MAX(CASE WHEN (SELECT n FROM t_workdays WHERE day = ` + concl + `) - (SELECT n FROM t_workdays WHERE day = sc.st)
				- c.paused_days < 0 THEN 0 ELSE (SELECT n FROM t_workdays WHERE day = ` + concl + `)
				- (SELECT n FROM t_workdays WHERE day = sc.st) - c.paused_days END) AS days
			FROM sc JOIN cases c ON c.project_id = sc.project_id AND c.stage_no = sc.stage_no AND c.status IN (11, 12, 13)
			WHERE sc.open = 0 AND sc.done > 0 GROUP BY sc.project_id, sc.stage_no, sc.region, sc.en),
		proj AS (SELECT d.project_id, MIN(d.region) AS region, SUM(d.days) AS days, MAX(d.en) AS en FROM done d
			GROUP BY d.project_id
			HAVING MAX(CASE WHEN d.stage_no = (SELECT MAX(s.no) FROM catalog_stages s WHERE s.flow_id =
				(SELECT MIN(c2.flow_id) FROM cases c2 WHERE c2.project_id = d.project_id)) THEN 1 ELSE 0 END) = 1) `
}

func expectedDurations(t *testing.T, e *env, code, region string, from, to calendar.Date) want {
	t.Helper()
	table := "done"
	if code == ProcessDaysAvg || code == ProcessDaysMedian {
		table = "proj"
	}
	where := ` WHERE en >= $1 AND en < $2 AND ($3 = '' OR region = $3)`
	args := []any{from.String(), to.String(), region}
	w := scalar(t, e, stagesSQL(e)+`SELECT SUM(days), COUNT(*) FROM `+table+where, args...)
	if code == StageDaysMedian || code == ProcessDaysMedian {
		var m sql.NullFloat64
		e.must(t, e.db.QueryRowContext(context.Background(), stagesSQL(e)+`, r AS (SELECT days,
			ROW_NUMBER() OVER (ORDER BY days) AS rn, COUNT(*) OVER () AS cnt FROM `+table+where+`)
			SELECT AVG(days * 1.0) FROM r WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2)`, args...).Scan(&m))
		if m.Valid {
			w.median = &m.Float64
		}
	}
	return w
}

// expectedSnapshot: today's 预警数 and coverage.
func expectedSnapshot(t *testing.T, e *env, code, region string) want {
	t.Helper()
	r := []any{region}
	pub := `FROM catalog_flows f JOIN catalog_stages s ON s.flow_id = f.id
		JOIN catalog_stage_items si ON si.stage_id = s.id JOIN catalog_items i ON i.id = si.item_id AND i.active = TRUE
		JOIN catalog_item_revisions ir ON ir.item_id = i.id AND ir.revision = i.revision
		WHERE f.status = 'published' AND ($1 = '' OR f.region_code = $1)`
	nRegions := `(SELECT COUNT(*) FROM regions WHERE $1 = '' OR code = $1)`
	switch code {
	case WarningCount:
		return scalar(t, e, `SELECT COUNT(*), 0 FROM cases WHERE warn_level IN ('yellow', 'red')
			AND status NOT IN (2, 4, 5, 11, 12, 13, 14, 15) AND ($1 = '' OR region_code = $1)`, r...)
	case ItemConfigRate:
		return scalar(t, e, `SELECT (SELECT COUNT(*) FROM (SELECT DISTINCT f.region_code, i.id `+pub+`) x),
			(SELECT COUNT(*) FROM catalog_items WHERE active = TRUE) * `+nRegions, r...)
	case StandardMapRate:
		return scalar(t, e, `SELECT SUM(CASE WHEN std <> '' THEN 1 ELSE 0 END), COUNT(*)
			FROM (SELECT DISTINCT f.region_code, i.id, ir.standard_code AS std `+pub+`) x`, r...)
	case FlowConfigRate:
		return scalar(t, e, `SELECT (SELECT COUNT(*) FROM (SELECT DISTINCT region_code, flow_type FROM catalog_flows
			WHERE status = 'published' AND flow_type <= 5 AND ($1 = '' OR region_code = $1)) x), 5 * `+nRegions, r...)
	}
	t.Fatalf("no independent computation for %s", code)
	return want{}
}

// stored reads a stored value (dim "").
func stored(t *testing.T, e *env, code, region, period string, start calendar.Date) Point {
	t.Helper()
	pts, err := e.svc.Series(context.Background(), code, region, period, start, start)
	e.must(t, err)
	return pts[0]
}

// compare fails t unless p matches w for an indicator of kind.
func compare(t *testing.T, what, kind string, p Point, w want) {
	t.Helper()
	if math.Abs(p.Numerator-w.num) > 1e-6 || math.Abs(p.Denominator-w.den) > 1e-6 {
		t.Errorf("%s: stored %v / %v, independent %v / %v", what, p.Numerator, p.Denominator, w.num, w.den)
	}
	exp := valueOf(kind, w.num, w.den)
	if kind == KindMedian {
		exp = w.median
	}
	switch {
	case (exp == nil) != (p.Value == nil):
		t.Errorf("%s: value %v, want %v", what, show(p.Value), show(exp))
	case exp != nil && math.Abs(*exp-*p.Value) > 1e-3:
		t.Errorf("%s: value %v, want %v", what, *p.Value, *exp)
	}
}

func show(v *float64) string {
	if v == nil {
		return "nil"
	}
	return fmt.Sprint(*v)
}

// checkAll compares every indicator fed by this package for the period of
// kind p starting on start, in each test region and the whole city.
func checkAll(t *testing.T, e *env, p string, start calendar.Date) {
	t.Helper()
	for _, d := range Catalogue {
		if d.Group == GroupQuality { // fed by other capabilities through Source, tested there
			continue
		}
		if snapshots[d.Code] && StartOf(p, e.svc.today()) != start {
			continue
		}
		for _, region := range append([]string{""}, testRegions...) {
			stRegion := region
			if region == "" {
				stRegion = CityWide
			}
			w := expected(t, e, d.Code, region, start, Next(p, start))
			got := stored(t, e, d.Code, stRegion, p, start)
			compare(t, fmt.Sprintf("%s %s %s %s", d.Code, stRegion, p, start), d.Kind, got, w)
		}
	}
}
