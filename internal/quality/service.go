package quality

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Calendar answers whether a day is a working day (*calendar.Calendar
// satisfies it).
type Calendar interface {
	IsWorkday(ctx context.Context, d calendar.Date) (bool, error)
}

var _ Calendar = (*calendar.Calendar)(nil)

// Deps are the collaborators of a Service. All are required.
type Deps struct {
	DB       *sqldb.DB
	Audit    *audit.Recorder
	Calendar Calendar
	Now      func() time.Time
}

// Service is the data-governance capability. It is safe for concurrent use.
type Service struct {
	db  *sqldb.DB
	rec *audit.Recorder
	cal Calendar
	now func() time.Time
}

// NewService returns a Service over d.
func NewService(d Deps) *Service {
	return &Service{db: d.DB, rec: d.Audit, cal: d.Calendar, now: d.Now}
}

// viewer admits a principal holding QualityView and returns its scope.
func viewer(ctx context.Context) (*access.Principal, access.Scope, error) {
	p, err := access.Authorize(ctx, access.QualityView, "")
	if err != nil {
		return nil, access.Scope{}, err
	}
	return p, p.ScopeOf(access.QualityView), nil
}

// fixUnits returns the org units in which p holds QualityFix.
func fixUnits(p *access.Principal) []int64 {
	var out []int64
	for _, a := range p.Assignments {
		if a.Role.Grants(access.QualityFix) && a.OrgUnitID != 0 {
			out = append(out, a.OrgUnitID)
		}
	}
	return out
}

// Rules returns every rule with its visible query, for QualityView holders.
func (s *Service) Rules(ctx context.Context) ([]Rule, error) {
	if _, _, err := viewer(ctx); err != nil {
		return nil, err
	}
	return selectRules(ctx, s.db, false)
}

// Rule returns rule id, for QualityView holders. NotFound when absent.
func (s *Service) Rule(ctx context.Context, id int64) (Rule, error) {
	if _, _, err := viewer(ctx); err != nil {
		return Rule{}, err
	}
	return selectRule(ctx, s.db, id)
}

// responsibleLabel describes a responsible setting in Chinese.
func responsibleLabel(r string) string {
	switch {
	case r == RespCaseLead:
		return "办件的牵头部门"
	case r == RespRegionWindow:
		return "所属区县的综合窗口"
	case strings.HasPrefix(r, "function:"):
		return "所属区县的" + functionLabel(strings.TrimPrefix(r, "function:")) + "部门"
	}
	return r
}

// inScope builds "AND <column> IN (...)" for a limited scope (nothing for All).
func inScope(sc access.Scope, column string, args *[]any) string {
	if sc.All {
		return ""
	}
	codes := sc.Filter()
	if len(codes) == 0 {
		return " AND 1 = 0"
	}
	ph := make([]string, len(codes))
	for i, c := range codes {
		*args = append(*args, c)
		ph[i] = "$" + strconv.Itoa(len(*args))
	}
	return " AND " + column + " IN (" + strings.Join(ph, ", ") + ")"
}

// notFound is the error for an object the caller may not see.
func notFound(what string) error { return errs.E(errs.NotFound, what+"不存在。") }
