package supervision

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// viewer is what decides which orders a principal sees: the regions where
// it supervises or staffs the window (督办催办 view of the 综合窗口, read
// only: acting on an order needs Supervise or CaseReview), and the org
// units where it reviews.
type viewer struct {
	scope access.Scope
	orgs  []int64
}

// viewerOf returns the principal's viewer, or Forbidden when it neither
// supervises, staffs a window nor reviews anywhere (enterprises, API keys).
func viewerOf(ctx context.Context) (viewer, error) {
	p, err := access.Require(ctx)
	if err != nil {
		return viewer{}, err
	}
	v := viewer{scope: p.ScopeOf(access.Supervise)}
	if !v.scope.All {
		v.scope.Codes = append(v.scope.Codes, p.ScopeOf(access.CaseAccept).Codes...)
	}
	for _, a := range p.Assignments {
		if a.OrgUnitID != 0 && a.Role.Grants(access.CaseReview) {
			v.orgs = append(v.orgs, a.OrgUnitID)
		}
	}
	if !v.scope.All && len(v.scope.Codes) == 0 && len(v.orgs) == 0 {
		return viewer{}, errs.E(errs.Forbidden, "督办催办只对监管人员、综合窗口和部门审批人员开放。")
	}
	return v, nil
}

// sees reports whether v may see o.
func (v viewer) sees(o *Order) bool {
	if v.scope.Contains(o.RegionCode) {
		return true
	}
	for _, id := range v.orgs {
		if id == o.ToOrgID {
			return true
		}
	}
	return false
}

// where adds v's visibility to q.
func (v viewer) where(q *query) {
	if v.scope.All {
		return
	}
	var conds []string
	if len(v.scope.Codes) > 0 {
		ph := make([]string, len(v.scope.Codes))
		for i, c := range v.scope.Codes {
			ph[i] = q.Arg(c)
		}
		conds = append(conds, "o.region_code IN ("+strings.Join(ph, ",")+")")
	}
	if len(v.orgs) > 0 {
		ids := make([]string, len(v.orgs))
		for i, id := range v.orgs {
			ids[i] = strconv.FormatInt(id, 10) // integers: safe to inline
		}
		conds = append(conds, "o.to_org_id IN ("+strings.Join(ids, ",")+")")
	}
	q.Add("(" + strings.Join(conds, " OR ") + ")")
}

// List returns the orders the principal in ctx may see that match f, newest
// first, and how many match in all. Supervisors see those of the regions
// they supervise (city-level supervisors: all); reviewers and department
// heads see those addressed to their org units. Overdue orders have
// State "overdue" and Overdue set. Errors: Unauthenticated; Forbidden for
// anyone else; Invalid for an unknown state or kind.
func (s *Service) List(ctx context.Context, f Filter) ([]Order, int, error) {
	v, err := viewerOf(ctx)
	if err != nil {
		return nil, 0, err
	}
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	today := s.today()
	q := &query{}
	v.where(q)
	q.filter(f, today)
	orders, total, err := selectOrders(ctx, s.db, q, f)
	for i := range orders {
		orders[i].derive(today)
	}
	return orders, total, err
}

// Get returns order id when the principal in ctx may see it (as List).
// Errors: Unauthenticated; Forbidden for people who see no orders at all;
// NotFound when it does not exist or is not visible to the caller.
func (s *Service) Get(ctx context.Context, id int64) (Order, error) {
	v, err := viewerOf(ctx)
	if err != nil {
		return Order{}, err
	}
	o, err := selectOrder(ctx, s.db, id)
	if err != nil {
		return Order{}, err
	}
	if !v.sees(&o) {
		return Order{}, errs.E(errs.NotFound, "督办催办记录不存在。")
	}
	o.derive(s.today())
	return o, nil
}

// WarnedCases returns the running cases visible to the principal in ctx
// whose clock the deadline scan has raised to red (overdue) and to yellow
// (warning), newest first, at most 200 of each. Cases that have ended are
// left out. Errors are the case engine's (Forbidden without CaseView).
func (s *Service) WarnedCases(ctx context.Context) (red, yellow []casework.Case, err error) {
	if red, err = s.openCasesAt(ctx, casework.LevelRed); err != nil {
		return nil, nil, err
	}
	yellow, err = s.openCasesAt(ctx, casework.LevelYellow)
	return red, yellow, err
}

func (s *Service) openCasesAt(ctx context.Context, level string) ([]casework.Case, error) {
	cases, _, err := s.cases.List(ctx, casework.Filter{Level: level, Limit: 200})
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(cases, func(c casework.Case) bool { return c.Status.Terminal() }), nil
}
