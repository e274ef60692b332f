package project

import (
	"context"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Service is the project registry's use cases. It is safe for concurrent
// use. Every method authorises the principal in ctx (see the package doc).
type Service struct {
	db   *sqldb.DB
	rec  *audit.Recorder
	orgs *org.Service
	now  func() time.Time
}

// NewService returns a Service over db that records every write with rec,
// resolves regions through orgs and stamps rows with now().
func NewService(db *sqldb.DB, rec *audit.Recorder, orgs *org.Service, now func() time.Time) *Service {
	return &Service{db: db, rec: rec, orgs: orgs, now: now}
}

// actor is the principal in ctx with what decides its access for one
// permission: the enterprise (for an enterprise user) or the region scope.
type actor struct {
	p     *access.Principal
	ent   *enterprise // non-nil for an enterprise user
	scope access.Scope
}

// actorFor authorises perm somewhere and loads what decides the principal's
// reach. An enterprise principal whose enterprise row is missing reaches
// nothing (an empty credit code matches no project).
func (s *Service) actorFor(ctx context.Context, perm access.Permission) (actor, error) {
	p, err := access.Authorize(ctx, perm, "")
	if err != nil {
		return actor{}, err
	}
	a := actor{p: p, scope: p.ScopeOf(perm)}
	if p.Enterprise {
		e, err := enterpriseByID(ctx, s.db, p.EnterpriseID)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return actor{}, err
		}
		a.ent = &e
	}
	return a, nil
}

// reach returns nil when the actor may touch pr: an enterprise user only its
// own projects (NotFound otherwise, so that existence is not revealed),
// anyone else within its region scope (Forbidden otherwise).
func (a actor) reach(pr Project) error {
	if a.ent != nil {
		if a.ent.CreditCode == "" || pr.OwnerCreditCode != a.ent.CreditCode {
			return errProjectNotFound
		}
		return nil
	}
	if !a.scope.Contains(pr.RegionCode) {
		return errs.E(errs.Forbidden, "您无权访问其他区县的项目。")
	}
	return nil
}

// Get returns the project with its works when the principal in ctx may see
// it with access.ProjectView. Errors: Unauthenticated; Forbidden without
// ProjectView or for staff outside the project's region; NotFound when there
// is no such project or it is another enterprise's.
func (s *Service) Get(ctx context.Context, id int64) (Project, error) {
	return s.load(ctx, access.ProjectView, "p.id", id)
}

// ByCode is Get by 项目代码 (normalised as NormalizeCode does).
func (s *Service) ByCode(ctx context.Context, code string) (Project, error) {
	return s.load(ctx, access.ProjectView, "p.code", NormalizeCode(code))
}

// forEdit is Get for a principal that may edit the project (access.
// ProjectRegister in its region, or its owner enterprise); the edit form
// uses it so that a person who may only view gets Forbidden at once.
func (s *Service) forEdit(ctx context.Context, id int64) (Project, error) {
	return s.load(ctx, access.ProjectRegister, "p.id", id)
}

// load authorises perm, reads the project where column = v and checks the
// principal's reach, then loads the works.
func (s *Service) load(ctx context.Context, perm access.Permission, column string, v any) (Project, error) {
	a, err := s.actorFor(ctx, perm)
	if err != nil {
		return Project{}, err
	}
	pr, err := selectProject(ctx, s.db, column, v)
	if err != nil {
		return Project{}, err
	}
	if err := a.reach(pr); err != nil {
		return Project{}, err
	}
	pr.Works, err = selectWorks(ctx, s.db, pr.ID)
	return pr, err
}

// listNarrowMax is the most candidate projects of a search term for which
// a page of List sorts them all (about 3 ms for 2,000 at 116,000 projects);
// a variable for the tests of both page paths.
var listNarrowMax = 2000

// sortKeys are the accepted Filter.Sort keys and their columns.
var sortKeys = map[string]string{
	"code": "p.code", "name": "p.name", "region": "r.sort_order", "flow_type": "p.flow_type",
	"investment": "p.investment", "stage": "p.stage", "created": "p.created_at",
}

// List returns one page of the projects the principal in ctx may see with
// access.ProjectView that match f: an enterprise user's own projects, or
// the projects of the staff member's (or API key's) regions. Errors:
// Unauthenticated; Forbidden without ProjectView or when staff filter by a
// region outside their scope; Invalid for a bad flow type, stage, sort or
// offset (field messages keyed flow_type, stage, sort, offset).
func (s *Service) List(ctx context.Context, f Filter) (Page, error) {
	a, err := s.actorFor(ctx, access.ProjectView)
	if err != nil {
		return Page{}, err
	}
	f.Query, f.RegionCode = strings.TrimSpace(f.Query), strings.TrimSpace(f.RegionCode)
	order, err := f.check()
	if err != nil {
		return Page{}, err
	}
	var w whereBuilder
	switch {
	case a.ent != nil && a.ent.CreditCode == "":
		w.in("p.owner_credit_code", nil) // an enterprise user without its enterprise row sees nothing
	case a.ent != nil:
		w.add("p.owner_credit_code = ?", a.ent.CreditCode)
	case f.RegionCode != "" && !a.scope.Contains(f.RegionCode):
		return Page{}, errs.E(errs.Forbidden, "您无权访问其他区县的项目。")
	case !a.scope.All:
		w.in("r.code", a.scope.Filter())
	}
	term, err := prepareTerm(ctx, s.db, strings.ToLower(f.Query), "1, 2")
	if err != nil {
		return Page{}, err
	}
	// The count reads the term's candidates (a LIKE scan would read every
	// project), the page only up to listNarrowMax of them: a term held by
	// more is common enough that the walk in list order finds a page sooner
	// than sorting all its projects.
	cw := w.clone()
	filterWhere(&cw, s.db.Dialect, f, term, true)
	filterWhere(&w, s.db.Dialect, f, term, term.Projects <= listNarrowMax)
	items, total, err := selectPage(ctx, s.db, cw, w, order, f.Limit, f.Offset)
	return Page{Items: items, Total: total, Offset: f.Offset, Limit: f.Limit}, err
}

// check validates f, fills in the default limit and returns the ORDER BY.
func (f *Filter) check() (string, error) {
	bad := map[string]string{}
	if f.FlowType != 0 && FlowTypeName(f.FlowType) == "" {
		bad["flow_type"] = "审批流程类型应为 1 至 10。"
	}
	if f.Stage != nil && (*f.Stage < StageNotStarted || *f.Stage > StageCompleted) {
		bad["stage"] = "阶段应为 0 至 5。"
	}
	if f.Offset < 0 {
		bad["offset"] = "起始位置不能为负数。"
	}
	key, desc := strings.CutPrefix(f.Sort, "-")
	col, ok := sortKeys[key]
	switch {
	case f.Sort == "":
		col, desc = "p.created_at", true
	case !ok:
		keys := slices.Sorted(maps.Keys(sortKeys))
		bad["sort"] = "排序字段应为 " + strings.Join(keys, "、") + " 之一，前加“-”表示倒序。"
	}
	if f.Limit <= 0 {
		f.Limit = DefaultLimit
	}
	f.Limit = min(f.Limit, MaxLimit)
	dir := " ASC"
	if desc {
		dir = " DESC"
	}
	return " ORDER BY " + col + dir + ", p.id" + dir, fieldErrors(bad)
}
