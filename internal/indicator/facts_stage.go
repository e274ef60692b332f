package indicator

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// stageCase is one case as the stage and process durations see it.
type stageCase struct {
	project     int64
	projectName string
	region      string
	flow        int64
	stage       int
	status      int
	accepted    bool
	start       calendar.Date
	concluded   calendar.Date
	paused      int
}

// flowInfo is a flow version's type and last stage number.
type flowInfo struct{ flowType, lastStage int }

// terminal reports a status after which a case no longer moves: withdrawn,
// refused, concluded, revoked.
func terminal(s int) bool {
	switch s {
	case 2, 4, 5, 11, 12, 13, 14, 15:
		return true
	}
	return false
}

// stageFacts: 阶段用时 and 全流程审批用时 (average and median) for the
// stages and projects whose last conclusion fell on days [from, to).
//
// A project's stage is complete when none of its cases is still open and
// at least one concluded (BLZT 11/12/13). Its time runs from the stage's
// first clock start to each concluded case's conclusion day, less that
// case's paused working days (补正, 特别程序); the stage takes the largest,
// since parallel cases overlap. A project's whole process is complete when
// the last stage of its flow is; its time is the sum of its complete
// stages' times (applicant time between stages does not count), grouped by
// flow type.
func (x *extract) stageFacts(ctx context.Context, from, to calendar.Date) error {
	flows, err := x.flowInfos(ctx)
	if err != nil {
		return err
	}
	if x.all {
		byProject(x.stages, func(project []stageCase) { x.emitProject(project, flows, from, to) })
		return nil
	}
	a, b := dayRange(from, to)
	// "+status": SQLite would otherwise walk the (status, deadline) index
	// over every concluded case instead of the few concluded on these days.
	rows, err := x.db.QueryContext(ctx, `SELECT c.project_id, c.project_name, c.region_code, c.flow_id, c.stage_no,
		c.status, c.start_day, c.accepted_at, c.concluded_at, c.paused_days
		FROM cases c WHERE c.project_id IN (SELECT project_id FROM cases
			WHERE concluded_at >= $1 AND concluded_at < $2 AND +status IN (11, 12, 13))
		ORDER BY c.project_id, c.stage_no`, sqldb.T(a), sqldb.T(b))
	if err != nil {
		return sqldb.Translate(err)
	}
	defer rows.Close()
	var project []stageCase
	for rows.Next() {
		c, err := scanStageCase(rows)
		if err != nil {
			return err
		}
		if len(project) > 0 && project[0].project != c.project {
			x.emitProject(project, flows, from, to)
			project = project[:0]
		}
		project = append(project, c)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(project) > 0 {
		x.emitProject(project, flows, from, to)
	}
	return nil
}

// keepStage keeps c for stageFacts when the extract reads every case
// (x.all): one list, sorted by project there. Regions are shared between
// cases to keep a million of them small.
func (x *extract) keepStage(c *caseRow) {
	if !x.all {
		return
	}
	sc := stageCase{project: c.projectID, projectName: c.project, region: x.in.get(c.region), flow: c.flow,
		stage: c.stage, status: c.status, accepted: c.accepted.Valid, paused: c.paused}
	if sc.accepted {
		sc.start = startDay(c.start, c.accepted)
	}
	if c.concludedAt.Valid {
		sc.concluded = c.day
	}
	x.stages = append(x.stages, sc)
}

func scanStageCase(rows *sql.Rows) (stageCase, error) {
	var c stageCase
	var start sql.NullString
	var accepted, concluded sqldb.NullTime
	err := rows.Scan(&c.project, &c.projectName, &c.region, &c.flow, &c.stage, &c.status, &start, &accepted,
		&concluded, &c.paused)
	if err != nil {
		return c, err
	}
	c.accepted = accepted.Valid
	if c.accepted {
		c.start = startDay(start, accepted)
	}
	if concluded.Valid {
		c.concluded = calendar.DateOf(concluded.Time)
	}
	return c, nil
}

func (x *extract) flowInfos(ctx context.Context) (map[int64]flowInfo, error) {
	if x.flows != nil {
		return x.flows, nil
	}
	rows, err := x.db.QueryContext(ctx, `SELECT f.id, f.flow_type, COALESCE(MAX(s.no), 0)
		FROM catalog_flows f LEFT JOIN catalog_stages s ON s.flow_id = f.id GROUP BY f.id, f.flow_type`)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	out := map[int64]flowInfo{}
	for rows.Next() {
		var id int64
		var fi flowInfo
		if err := rows.Scan(&id, &fi.flowType, &fi.lastStage); err != nil {
			return nil, err
		}
		out[id] = fi
	}
	x.flows = out
	return out, rows.Err()
}

// stageTime is a complete stage's number, time and last conclusion day.
type stageTime struct {
	no   int
	days int
	end  calendar.Date
}

// stageTimes returns the complete stages of one project's cases (which it
// sorts by stage), in stage order.
func (x *extract) stageTimes(cases []stageCase) []stageTime {
	slices.SortFunc(cases, func(a, b stageCase) int { return cmp.Compare(a.stage, b.stage) })
	var out []stageTime
	for i := 0; i < len(cases); {
		j := i + 1
		for j < len(cases) && cases[j].stage == cases[i].stage {
			j++
		}
		if st, ok := x.stageTime(cases[i:j]); ok {
			st.no = cases[i].stage
			out = append(out, st)
		}
		i = j
	}
	return out
}

func (x *extract) stageTime(cs []stageCase) (stageTime, bool) {
	var start calendar.Date
	concluded := false
	for _, c := range cs {
		if !terminal(c.status) {
			return stageTime{}, false
		}
		if c.accepted && (start.IsZero() || c.start.Before(start)) {
			start = c.start
		}
		concluded = concluded || concludedStatus(c.status)
	}
	if !concluded {
		return stageTime{}, false
	}
	st := stageTime{days: -1}
	for _, c := range cs {
		if !concludedStatus(c.status) {
			continue
		}
		st.days = max(st.days, max(x.wd.Between(start, c.concluded)-c.paused, 0))
		if c.concluded.After(st.end) {
			st.end = c.concluded
		}
	}
	return st, true
}

// emitProject adds the stage and process figures of one project whose
// conclusion day falls in [from, to).
func (x *extract) emitProject(cases []stageCase, flows map[int64]flowInfo, from, to calendar.Date) {
	p := cases[0]
	stages := x.stageTimes(cases)
	inRange := func(d calendar.Date) bool { return !d.Before(from) && d.Before(to) }
	total, end, last := 0, calendar.Date{}, false
	fi := flows[p.flow]
	for _, st := range stages {
		total += st.days
		if st.end.After(end) {
			end = st.end
		}
		last = last || st.no == fi.lastStage
		if !inRange(st.end) {
			continue
		}
		var ref Ref
		if x.out.listing() {
			ref = Ref{Kind: "stage", ID: p.project, Key: fmt.Sprintf("stage:%d:%d", p.project, st.no),
				Label: fmt.Sprintf("%s · 第%d阶段", p.projectName, st.no), URL: fmt.Sprintf("/projects/%d", p.project)}
		}
		x.emitDuration(StageDaysAvg, StageDaysMedian, p.region, strconv.Itoa(st.no), st.end, st.days, ref)
	}
	if !last || fi.lastStage == 0 || !inRange(end) {
		return
	}
	var ref Ref
	if x.out.listing() {
		ref = Ref{Kind: "project", ID: p.project, Key: fmt.Sprintf("project:%d", p.project), Label: p.projectName,
			Detail: "全流程", URL: fmt.Sprintf("/projects/%d", p.project)}
	}
	x.emitDuration(ProcessDaysAvg, ProcessDaysMedian, p.region, strconv.Itoa(fi.flowType), end, total, ref)
}

// emitDuration adds one duration to an average and a median indicator.
func (x *extract) emitDuration(avg, med, region, dim string, day calendar.Date, days int, ref Ref) {
	v := float64(days)
	x.out.add(Figure{Code: avg, RegionCode: region, Dim: dim, Day: day, Numerator: v, Denominator: 1, Ref: ref})
	x.out.add(Figure{Code: med, RegionCode: region, Dim: dim, Day: day, Numerator: v, Denominator: 1, Sample: &v,
		Ref: ref})
}

// byProject calls fn with the cases of each project in turn, ordered by
// stage. Projects ids are dense (a sequence), so the cases are bucketed by
// id in linear time: a comparison sort of a million cases, moving
// hundred-byte structs, was a tenth of a Recompute's client time.
func byProject(cases []stageCase, fn func([]stageCase)) {
	if len(cases) == 0 {
		return
	}
	lo, hi := cases[0].project, cases[0].project
	for _, c := range cases {
		lo, hi = min(lo, c.project), max(hi, c.project)
	}
	if hi-lo > int64(4*len(cases)+1024) { // sparse ids (imported data): sort instead
		slices.SortFunc(cases, func(a, b stageCase) int {
			return cmp.Or(cmp.Compare(a.project, b.project), cmp.Compare(a.stage, b.stage))
		})
		eachProject(cases, fn)
		return
	}
	start := make([]int32, hi-lo+2) // start[p-lo]: where project p's cases begin in order
	for _, c := range cases {
		start[c.project-lo+1]++
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	order, at := make([]int32, len(cases)), slices.Clone(start)
	for i, c := range cases {
		order[at[c.project-lo]] = int32(i)
		at[c.project-lo]++
	}
	var project []stageCase // one project's cases at a time, not a sorted copy of all
	for p := range len(start) - 1 {
		project = project[:0]
		for _, i := range order[start[p]:start[p+1]] {
			project = append(project, cases[i])
		}
		if len(project) > 0 {
			slices.SortStableFunc(project, func(a, b stageCase) int { return cmp.Compare(a.stage, b.stage) })
			fn(project)
		}
	}
}

// eachProject calls fn with each run of cases of one project.
func eachProject(cases []stageCase, fn func([]stageCase)) {
	for i := 0; i < len(cases); {
		j := i + 1
		for j < len(cases) && cases[j].project == cases[i].project {
			j++
		}
		fn(cases[i:j])
		i = j
	}
}
