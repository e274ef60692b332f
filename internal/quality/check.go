package quality

import (
	"context"
	"fmt"
	"github.com/dazhou-gongai/gongai/internal/org"
	"strconv"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// checkEnv is what a check reads: the database, the rule's parameters,
// the regions, the working-day calendar and the run's instant.
type checkEnv struct {
	q       sqldb.Querier
	now     time.Time
	params  map[string]any
	cal     Calendar
	regions []org.Region
}

// outcome is what a check found: the evaluated rows per region and every
// failing row. covers, when set, says which records the check evaluated at
// all (a task on a record it does not cover is left as it is); nil means
// every record of the rule.
type outcome struct {
	evaluated map[string]int
	failures  []Failure
	covers    func(recordID string) bool
}

// check is the code of a rule: its visible query and the function that
// runs it.
type check struct {
	sql string
	run func(ctx context.Context, e *checkEnv) (outcome, error)
}

// checks maps a rule code to its check. A rule row whose code is not here
// results in "error".
var checks = map[string]check{}

// register adds a check; called from the init of the files defining them.
func register(code, sql string, run func(ctx context.Context, e *checkEnv) (outcome, error)) {
	checks[code] = check{sql: sql, run: run}
}

// intParam returns the integer parameter name, or def when absent or not a number.
func (e *checkEnv) intParam(name string, def int) int {
	if f, ok := e.params[name].(float64); ok {
		return int(f)
	}
	if n, ok := e.params[name].(int); ok {
		return n
	}
	return def
}

// floatParam returns the number parameter name, or def.
func (e *checkEnv) floatParam(name string, def float64) float64 {
	if f, ok := e.params[name].(float64); ok {
		return f
	}
	return def
}

// stringParam returns the text parameter name, or def.
func (e *checkEnv) stringParam(name, def string) string {
	if s, ok := e.params[name].(string); ok && s != "" {
		return s
	}
	return def
}

// countBy runs a query returning (region_code, count) rows.
func countBy(ctx context.Context, q sqldb.Querier, query string, args ...any) (map[string]int, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var region string
		var n int
		if err := rows.Scan(&region, &n); err != nil {
			return nil, sqldb.Translate(err)
		}
		out[region] += n
	}
	return out, sqldb.Translate(rows.Err())
}

// caseFailure is a failing case, fixed on its page.
func caseFailure(id int64, region string, lead int64, expl string) Failure {
	return Failure{RecordType: "case", RecordID: strconv.FormatInt(id, 10), RegionCode: region,
		Explanation: expl, Link: fmt.Sprintf("/cases/%d", id), leadOrg: lead}
}

// projectFailure is a failing project, fixed on its edit page.
func projectFailure(id int64, region, expl string) Failure {
	return Failure{RecordType: "project", RecordID: strconv.FormatInt(id, 10), RegionCode: region,
		Explanation: expl, Link: fmt.Sprintf("/projects/%d/edit", id)}
}

// beijing is the time zone of days and of times shown in explanations.
var beijing = time.FixedZone("CST", 8*3600)

// stamp formats t for an explanation (Beijing time, to the minute).
func stamp(t time.Time) string { return t.In(beijing).Format("2006-01-02 15:04") }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// bpLabel formats basis points as a percentage ("0.5%").
func bpLabel(bp int64) string {
	return strconv.FormatFloat(float64(bp)/100, 'f', -1, 64) + "%"
}
