package evaluation

import (
	"context"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// viewer decides which rectifications a principal sees: those of the
// regions where it supervises, those addressed to the org units where it
// holds access.Rectify, and those of its own ratings.
type viewer struct {
	scope access.Scope
	orgs  []int64
	party string
}

// viewerOf returns the principal's viewer, or Forbidden when it sees none
// (window clerks, operations, administrators, API keys).
func viewerOf(ctx context.Context) (viewer, error) {
	p, err := access.Require(ctx)
	if err != nil {
		return viewer{}, err
	}
	v := viewer{scope: p.ScopeOf(access.Supervise), orgs: rectifyOrgs(p)}
	if p.UserID != 0 && p.Can(access.Rate) {
		v.party = partyOf(p)
	}
	if !v.scope.All && len(v.scope.Codes) == 0 && len(v.orgs) == 0 && v.party == "" {
		return viewer{}, errs.E(errs.Forbidden, "差评整改只对被评价部门、监管人员和评价人开放。")
	}
	return v, nil
}

// rectifyOrgs are the org units where p, as a user, may answer.
func rectifyOrgs(p *access.Principal) []int64 {
	var out []int64
	if p == nil || p.UserID == 0 {
		return nil
	}
	for _, a := range p.Assignments {
		if a.OrgUnitID != 0 && a.Role.Grants(access.Rectify) {
			out = append(out, a.OrgUnitID)
		}
	}
	return out
}

// sees reports whether v may see x.
func (v viewer) sees(x *Rectification) bool {
	return v.scope.Contains(x.Rating.RegionCode) || containsID(v.orgs, x.OrgID) ||
		(v.party != "" && v.party == x.Rating.party)
}

func containsID(ids []int64, id int64) bool {
	for _, v := range ids {
		if v == id {
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
		conds = append(conds, "x.region_code IN ("+strings.Join(ph, ",")+")")
	}
	if len(v.orgs) > 0 {
		ids := make([]string, len(v.orgs))
		for i, id := range v.orgs {
			ids[i] = strconv.FormatInt(id, 10) // integers: safe to inline
		}
		conds = append(conds, "x.org_id IN ("+strings.Join(ids, ",")+")")
	}
	if v.party != "" {
		conds = append(conds, "r.rater_party = "+q.Arg(v.party))
	}
	q.Add("(" + strings.Join(conds, " OR ") + ")")
}

// List returns the rectifications the principal in ctx may see that match
// f, newest first, and how many match in all. Supervisors see those of
// the regions they supervise (city-level: all); reviewers and heads
// (access.Rectify) those addressed to their org units; applicants those of
// their own ratings. Errors: Unauthenticated; Forbidden for anyone else;
// Invalid for an unknown state.
func (s *Service) List(ctx context.Context, f Filter) ([]Rectification, int, error) {
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
	out, total, err := selectRectifications(ctx, s.db, q, f)
	for i := range out {
		out[i].derive(today)
	}
	return out, total, err
}

// Get returns rectification id when the principal in ctx may see it (as
// List). Errors: Unauthenticated; Forbidden for people who see none at
// all; NotFound when it does not exist or is not visible to the caller.
func (s *Service) Get(ctx context.Context, id int64) (Rectification, error) {
	v, err := viewerOf(ctx)
	if err != nil {
		return Rectification{}, err
	}
	x, err := selectRectification(ctx, s.db, id)
	if err != nil {
		return Rectification{}, err
	}
	if !v.sees(&x) {
		return Rectification{}, errs.E(errs.NotFound, "差评整改记录不存在。")
	}
	x.derive(s.today())
	return x, nil
}
