package casework

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Get returns a case with its tasks, steps, pauses, consultations and clock.
// A case the caller may not see is NotFound, so its existence is not revealed.
func (s *Service) Get(ctx context.Context, id int64) (Case, error) {
	p, err := access.Require(ctx)
	if err != nil {
		return Case{}, err
	}
	c, err := loadCase(ctx, s.db, id)
	if err != nil {
		return Case{}, err
	}
	if err := loadChildren(ctx, s.db, &c); err != nil {
		return Case{}, err
	}
	if !canView(p, &c, c.EnterpriseID) {
		return Case{}, errs.E(errs.NotFound, "办件不存在。")
	}
	if err := s.names(ctx, &c); err != nil {
		return Case{}, err
	}
	si, err := s.stageItem(ctx, &c)
	if err != nil {
		return Case{}, err
	}
	if err := s.documents(ctx, &c, si.Item); err != nil {
		return Case{}, err
	}
	st, err := State(ctx, s.cal, s.policy, &c, s.now())
	if err != nil {
		return Case{}, err
	}
	c.Clock = &st
	return c, nil
}

// names fills the org names of tasks and consultations.
func (s *Service) names(ctx context.Context, c *Case) error {
	var ids []int64
	for _, t := range c.Tasks {
		ids = append(ids, t.OrgUnitID)
	}
	for _, k := range c.Consultations {
		ids = append(ids, k.ToOrgID)
	}
	units, err := s.orgs.UnitsByIDs(ctx, ids)
	if err != nil {
		return err
	}
	for i := range c.Tasks {
		c.Tasks[i].OrgName = units[c.Tasks[i].OrgUnitID].Name
	}
	for i := range c.Consultations {
		c.Consultations[i].ToOrgName = units[c.Consultations[i].ToOrgID].Name
	}
	return nil
}

// openStatuses selects the cases not yet ended (Status.Terminal is false),
// named positively so that the (status, deadline) index finds the few open
// cases among a city's years of concluded ones: a warned-case list that
// tested "status NOT IN (terminal)" read every case that had ever been
// warned (4 s at a million cases).
const openStatuses = "c.status IN (1, 3, 6, 7, 8, 9, 10)"

// Filter selects cases for a list.
type Filter struct {
	Queue     string // "" all visible; "window" awaiting the window; "department" my department's open tasks
	Status    Status
	ProjectID int64
	Level     string // warn level: yellow, red
	Open      bool   // only cases not yet concluded
	Limit     int
	Offset    int
	// CountUpTo, when above 0, stops counting the total there: List then
	// returns CountUpTo+1 for "more than CountUpTo". For pages, where an
	// exact total of a bureau's 59,000 cases costs more than the page.
	CountUpTo int
}

// List returns the cases the caller may see, newest first, and the total.
func (s *Service) List(ctx context.Context, f Filter) ([]Case, int, error) {
	p, err := access.Authorize(ctx, access.CaseView, "")
	if err != nil {
		return nil, 0, err
	}
	where, args := filterWhere(p, f, nil)
	return s.listWhere(ctx, where, args, f)
}

// narrow reports whether f keeps to few cases by an index of its own (the
// open cases at a warn level, the open cases with the departments, one
// project's cases), so that visibleWhere should test each of them rather
// than gather every case a department may see.
func (f Filter) narrow() bool {
	return f.Level != "" || f.Queue == "progress" || f.ProjectID != 0 || (f.Status != 0 && !f.Status.Terminal())
}

// filterWhere is the WHERE conditions of the cases of f that p may see,
// with their arguments appended to args (placeholders numbered after the
// ones already there).
func filterWhere(p *access.Principal, f Filter, args []any) ([]string, []any) {
	var where []string
	if f.Queue == "department" {
		// A pending task in one of p's units implies visibleWhere's term
		// for those units, so the queue needs no other condition; with it
		// the database read every case the units ever had a task in —
		// 59,000 for one bureau at a million cases, 84 ms → 1 ms.
		where = []string{`c.id IN (SELECT t.case_id FROM case_tasks t WHERE t.status = 'pending'
			AND t.org_unit_id IN (` + sqldb.IDList(orgsOf(p)) + `))`, `c.status = 8`}
	} else {
		where, args = visibleWhere(p, args, f.narrow())
	}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(args))))
	}
	switch f.Queue {
	case "window":
		// received and not yet accepted (1, 7), or in 补正 at the window (3);
		// the status list comes first so that it bounds the index read
		where = append(where, `c.status IN (1, 3, 7) AND (c.status = 3 OR c.accepted_at IS NULL)`)
	case "progress": // accepted and still with the departments (部门协同)
		where = append(where, `c.accepted_at IS NOT NULL AND c.status IN (3, 6, 7, 8, 9, 10)`)
	}
	if f.Status != 0 {
		add("c.status = ?", int(f.Status))
	}
	if f.ProjectID != 0 {
		add("c.project_id = ?", f.ProjectID)
	}
	if f.Level != "" {
		add("c.warn_level = ?", f.Level)
		// the condition of the partial index cases_warned, which SQLite
		// uses only when a query states it (migration 00200)
		where = append(where, `c.warn_level IN ('yellow', 'red')`)
		where = append(where, openStatuses)
	}
	if f.Open {
		where = append(where, openStatuses)
	}
	return where, args
}

// counts returns, for each filter, the number of cases of it that p may
// see, all in one query (a scalar subquery per filter): the home page's
// tallies were two queries each (a count and a page of one case).
func (s *Service) counts(ctx context.Context, p *access.Principal, fs []Filter) ([]int, error) {
	if len(fs) == 0 {
		return nil, nil
	}
	var args []any
	parts := make([]string, len(fs))
	for i, f := range fs {
		var where []string
		where, args = filterWhere(p, f, args)
		parts[i] = `(SELECT COUNT(*)` + caseFrom + ` WHERE ` + strings.Join(where, " AND ") + `)`
	}
	out := make([]int, len(fs))
	dest := make([]any, len(fs))
	for i := range out {
		dest[i] = &out[i]
	}
	err := s.db.QueryRowContext(ctx, `SELECT `+strings.Join(parts, ", "), args...).Scan(dest...)
	return out, sqldb.Translate(err)
}

func (s *Service) listWhere(ctx context.Context, where []string, args []any, f Filter) ([]Case, int, error) {
	cond := " WHERE " + strings.Join(where, " AND ")
	var total int
	count := `SELECT COUNT(*)` + caseFrom + cond
	if f.CountUpTo > 0 {
		count = fmt.Sprintf(`SELECT COUNT(*) FROM (SELECT 1`+caseFrom+cond+` LIMIT %d) n`, f.CountUpTo+1)
	}
	if err := s.db.QueryRowContext(ctx, count, args...).Scan(&total); err != nil {
		return nil, 0, sqldb.Translate(err)
	}
	limit := f.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	// A filter that finds few cases by its own index sorts them: ordered by
	// the index on (region_code, id), an empty window queue walked all the
	// county's 200,000 cases to find none (28 → 0.1 ms at a million cases).
	// "+c.id" is the same order, but no index can give it.
	order := "c.id DESC"
	if f.narrow() || f.Queue == "window" {
		order = "+c.id DESC"
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+caseColumns+caseFrom+cond+
		fmt.Sprintf(` ORDER BY %s LIMIT %d OFFSET %d`, order, limit, max(f.Offset, 0)), args...)
	if err != nil {
		return nil, 0, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, c)
	}
	return out, total, sqldb.Translate(rows.Err())
}

// visibleWhere is canView in SQL: the owner enterprise; staff of the region
// except reviewers and heads, who see their department's cases.
// Its arguments are appended to args. When narrow (the rest of the
// conditions find few cases by their own index), a department's term tests
// each of those cases for a task or a consultation of the department
// instead of gathering all the department's cases first.
func visibleWhere(p *access.Principal, args []any, narrow bool) ([]string, []any) {
	if p.Enterprise {
		args = append(args, p.EnterpriseID)
		return []string{fmt.Sprintf("c.enterprise_id = $%d", len(args))}, args
	}
	var regions []string
	for _, a := range p.Assignments {
		if a.Role.Grants(access.CaseView) && a.Role != access.Reviewer && a.Role != access.DeptHead {
			if a.Role.CityWide() && a.RegionCode == access.CityRegionCode {
				return []string{"1 = 1"}, args
			}
			regions = append(regions, a.RegionCode)
		}
	}
	var terms []string
	if len(regions) > 0 {
		var ph []string
		for _, r := range regions {
			args = append(args, r)
			ph = append(ph, fmt.Sprintf("$%d", len(args)))
		}
		terms = append(terms, `c.region_code IN (`+strings.Join(ph, ",")+`)`)
	}
	if orgs := orgsOf(p); len(orgs) > 0 {
		terms = append(terms, departmentTerm(sqldb.IDList(orgs), narrow))
	}
	if len(terms) == 0 {
		return []string{"1 = 0"}, args
	}
	return []string{"(" + strings.Join(terms, " OR ") + ")"}, args
}

// departmentTerm is the cases the departments of list (ids, comma-separated)
// may see: those they have a task in (the lead department always has one:
// dispatch gives every department a task and makes the first the lead) or
// were consulted on.
//   - Wide: one IN over the set of both, read from the task index alone, so
//     that a bureau's list reads its own cases instead of testing every
//     case; as two ORed INs SQLite looked every listed case up twice (114 →
//     24 ms for a bureau's newest cases at a million cases).
//   - Narrow: a probe per case of the task and consultation indexes by case.
//     A bureau's warned-case count gathered its 59,000 cases to find the
//     few open warned ones among them: 44 → 0.5 ms per count, and the home
//     page of a reviewer makes two.
func departmentTerm(list string, narrow bool) string {
	if narrow {
		return `(EXISTS (SELECT 1 FROM case_tasks t WHERE t.case_id = c.id AND t.org_unit_id IN (` + list + `))
			OR EXISTS (SELECT 1 FROM consultations k WHERE k.case_id = c.id AND k.to_org_id IN (` + list + `)))`
	}
	return `c.id IN (SELECT t.case_id FROM case_tasks t WHERE t.org_unit_id IN (` + list + `)
		UNION SELECT k.case_id FROM consultations k WHERE k.to_org_id IN (` + list + `))`
}

// orgsOf lists the org units in which p reviews.
func orgsOf(p *access.Principal) []int64 {
	var out []int64
	for _, a := range p.Assignments {
		if a.Role.Grants(access.CaseReview) && a.OrgUnitID != 0 {
			out = append(out, a.OrgUnitID)
		}
	}
	return out
}

func itoa(n int64) string { return fmt.Sprint(n) }

func today(now time.Time) calendar.Date { return calendar.DateOf(now) }
