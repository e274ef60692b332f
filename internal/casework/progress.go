package casework

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// Progress returns the accepted cases still with the departments that the
// caller may see (部门协同), each with its department tasks and clock, most
// urgent first as the list orders them, and the total.
//
// A page of 100 cases is read in a fixed number of queries: the tasks and
// pauses of all its cases at once, the department names at once, and the
// clocks through a calendar that answers each distinct question once per
// call (fillClocks). Loading them case by case took about 480 queries per page, a
// quarter of all the queries of the 200-user load on PostgreSQL.
func (s *Service) Progress(ctx context.Context, limit, offset int) ([]Case, int, error) {
	cases, total, err := s.List(ctx, Filter{Queue: "progress", Limit: limit, Offset: offset})
	if err != nil || len(cases) == 0 {
		return cases, total, err
	}
	if err := s.progressTasks(ctx, cases); err != nil {
		return nil, 0, err
	}
	if err := s.fillClocks(ctx, cases); err != nil {
		return nil, 0, err
	}
	return cases, total, nil
}

// fillClocks sets the pauses and the clock of every case of a list, as Get
// does for one case, in one query for all the pauses and with one
// memoCalendar for all the clocks; for a list of N cases this replaces N
// pause queries and about 2N calendar reads (one per calendar call). It
// overwrites Pauses and Clock.
func (s *Service) fillClocks(ctx context.Context, cases []Case) error {
	if len(cases) == 0 {
		return nil
	}
	at := make(map[int64]*Case, len(cases))
	ids := make([]int64, 0, len(cases))
	for i := range cases {
		cases[i].Pauses = nil
		at[cases[i].ID] = &cases[i]
		ids = append(ids, cases[i].ID)
	}
	if err := pausesOf(ctx, s.db, ids, at); err != nil {
		return err
	}
	cal := newMemoCalendar(s.cal)
	now := s.now()
	for i := range cases {
		st, err := State(ctx, cal, s.policy, &cases[i], now)
		if err != nil {
			return err
		}
		cases[i].Clock = &st
	}
	return nil
}

// progressTasks fills the tasks of cases with their department names, in
// the order loadTasks gives them.
func (s *Service) progressTasks(ctx context.Context, cases []Case) error {
	at := make(map[int64]*Case, len(cases))
	ids := make([]int64, 0, len(cases))
	for i := range cases {
		at[cases[i].ID] = &cases[i]
		ids = append(ids, cases[i].ID)
	}
	if err := tasksOf(ctx, s.db, ids, at); err != nil {
		return err
	}
	var units []int64
	for i := range cases {
		for _, t := range cases[i].Tasks {
			units = append(units, t.OrgUnitID)
		}
	}
	names, err := s.orgs.UnitsByIDs(ctx, units)
	if err != nil {
		return err
	}
	for i := range cases {
		for j := range cases[i].Tasks {
			cases[i].Tasks[j].OrgName = names[cases[i].Tasks[j].OrgUnitID].Name
		}
	}
	return nil
}

// tasksOf appends to at[case] the tasks of the cases ids, lead first.
func tasksOf(ctx context.Context, q sqldb.Querier, ids []int64, at map[int64]*Case) error {
	rows, err := q.QueryContext(ctx, `SELECT case_id, id, org_unit_id, lead, status, opinion,
		COALESCE(decided_by, 0), decided_at FROM case_tasks WHERE case_id IN (`+sqldb.IDList(ids)+`)
		ORDER BY case_id, lead DESC, id`)
	if err != nil {
		return sqldb.Translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var caseID int64
		var t Task
		var decided sqldb.NullTime
		if err := rows.Scan(&caseID, &t.ID, &t.OrgUnitID, &t.Lead, &t.Status, &t.Opinion, &t.DecidedBy, &decided); err != nil {
			return sqldb.Translate(err)
		}
		t.DecidedAt = decided.Time
		c := at[caseID]
		c.Tasks = append(c.Tasks, t)
	}
	return sqldb.Translate(rows.Err())
}

// pausesOf appends to at[case] the pauses of the cases ids, oldest first.
func pausesOf(ctx context.Context, q sqldb.Querier, ids []int64, at map[int64]*Case) error {
	rows, err := q.QueryContext(ctx, `SELECT case_id, id, kind, reason, items, special_kind, expected_days,
		started_at, ended_at, COALESCE(workdays, 0), outcome FROM case_pauses WHERE case_id IN (`+sqldb.IDList(ids)+`)
		ORDER BY case_id, id`)
	if err != nil {
		return sqldb.Translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var caseID int64
		var p Pause
		var items string
		var start sqldb.Time
		var end sqldb.NullTime
		if err := rows.Scan(&caseID, &p.ID, &p.Kind, &p.Reason, &items, &p.SpecialKind, &p.ExpectedDays,
			&start, &end, &p.Workdays, &p.Outcome); err != nil {
			return sqldb.Translate(err)
		}
		p.StartedAt, p.EndedAt = start.Time, end.Time
		if err := json.Unmarshal([]byte(items), &p.Items); err != nil {
			return err
		}
		c := at[caseID]
		c.Pauses = append(c.Pauses, p)
	}
	return sqldb.Translate(rows.Err())
}

// memoCalendar answers each distinct question once for one computation
// over many cases: every call of the platform calendar reads the
// calendar's revision (one query), and the cases of a list share most of
// their start days and all of today. Answers are those of the calendar's
// revision at the first question; not safe for concurrent use.
type memoCalendar struct {
	cal     Calendar
	workday map[calendar.Date]bool
	add     map[addKey]calendar.Result
	between map[[2]calendar.Date]int
}

type addKey struct {
	from calendar.Date
	n    int
}

func newMemoCalendar(cal Calendar) *memoCalendar {
	return &memoCalendar{cal: cal, workday: map[calendar.Date]bool{}, add: map[addKey]calendar.Result{},
		between: map[[2]calendar.Date]int{}}
}

func (m *memoCalendar) IsWorkday(ctx context.Context, d calendar.Date) (bool, error) {
	if v, ok := m.workday[d]; ok {
		return v, nil
	}
	v, err := m.cal.IsWorkday(ctx, d)
	if err == nil {
		m.workday[d] = v
	}
	return v, err
}

func (m *memoCalendar) AddWorkdays(ctx context.Context, from calendar.Date, n int) (calendar.Result, error) {
	k := addKey{from, n}
	if v, ok := m.add[k]; ok {
		return v, nil
	}
	v, err := m.cal.AddWorkdays(ctx, from, n)
	if err == nil {
		m.add[k] = v
	}
	return v, err
}

func (m *memoCalendar) WorkdaysBetween(ctx context.Context, from, to calendar.Date) (int, error) {
	k := [2]calendar.Date{from, to}
	if v, ok := m.between[k]; ok {
		return v, nil
	}
	v, err := m.cal.WorkdaysBetween(ctx, from, to)
	if err == nil {
		m.between[k] = v
	}
	return v, err
}

// ProgressPage is 部门协同: where each accepted case stands with each department.
type ProgressPage struct {
	web.Page
	Cases []Case
	Total int
}

func (h *HTTP) progressPage(w http.ResponseWriter, r *http.Request) error {
	m := &ProgressPage{}
	var err error
	if m.Cases, m.Total, err = h.svc.Progress(r.Context(), 100, 0); err != nil {
		return err
	}
	m.Title = "部门协同"
	m.Crumbs = []web.Crumb{{Label: "首页", URL: "/"}, {Label: "办件", URL: "/cases"}, {Label: "部门协同"}}
	return h.rd.HTML(w, r, http.StatusOK, "casework/progress", m)
}
