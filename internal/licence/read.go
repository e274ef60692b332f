package licence

import (
	"context"
	"fmt"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// Who may see a licence: the holder enterprise (the case's owner
// account); staff holding CaseView in the licence's region (city-wide
// roles at 511700: every region). Reviewers and heads see their region's
// licences, not only their department's: unlike a case's file, a licence
// is a public document whose particulars anyone can already check on the
// verification page.
func canView(p *access.Principal, l *Licence) bool {
	if p == nil || !p.Can(access.CaseView) {
		return false
	}
	if p.Enterprise {
		return p.EnterpriseID != 0 && p.EnterpriseID == l.EnterpriseID
	}
	return p.ScopeOf(access.CaseView).Contains(l.RegionCode)
}

// Get returns licence number as the principal in ctx may see it.
// Errors: Unauthenticated; NotFound when there is no such licence or the
// caller may not see it (its existence is not revealed).
func (s *Service) Get(ctx context.Context, number string) (Licence, error) {
	p, err := access.Require(ctx)
	if err != nil {
		return Licence{}, err
	}
	l, err := selectLicence(ctx, s.db, "number", number)
	if err != nil {
		return Licence{}, err
	}
	if !canView(p, &l) {
		return Licence{}, errs.E(errs.NotFound, "证照不存在。")
	}
	return l, nil
}

// ByCase returns the licence of case caseID, authorised as Get.
// Errors as Get; NotFound also when the case has no licence (yet).
func (s *Service) ByCase(ctx context.Context, caseID int64) (Licence, error) {
	p, err := access.Require(ctx)
	if err != nil {
		return Licence{}, err
	}
	l, err := selectLicence(ctx, s.db, "case_id", caseID)
	if err != nil {
		return Licence{}, err
	}
	if !canView(p, &l) {
		return Licence{}, errs.E(errs.NotFound, "证照不存在。")
	}
	return l, nil
}

// PDF returns the PDF of licence number as issued, authorised as Get.
func (s *Service) PDF(ctx context.Context, number string) ([]byte, Licence, error) {
	l, err := s.Get(ctx, number)
	if err != nil {
		return nil, Licence{}, err
	}
	pdf, _, err := selectPDF(ctx, s.db, l.ID)
	return pdf, l, err
}

// Filter selects licences for List. Query matches a part of the number,
// the project name or the holder; State is "" (all), "valid" or
// "revoked". Limit is capped at 200 (50 when zero).
type Filter struct {
	Query  string
	State  string
	Limit  int
	Offset int
}

// List returns the licences the principal in ctx may see (as Get: an
// enterprise its own, staff their regions'), newest first, and their
// total. Errors: Unauthenticated; Forbidden without CaseView; Invalid for
// an unknown State.
func (s *Service) List(ctx context.Context, f Filter) ([]Licence, int, error) {
	p, err := access.Authorize(ctx, access.CaseView, "")
	if err != nil {
		return nil, 0, err
	}
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if p.Enterprise {
		where = append(where, "l.enterprise_id = "+arg(p.EnterpriseID))
	} else if sc := p.ScopeOf(access.CaseView); !sc.All {
		ph := []string{"'-'"}
		for _, code := range sc.Codes {
			ph = append(ph, arg(code))
		}
		where = append(where, "l.region_code IN ("+strings.Join(ph, ", ")+")")
	}
	switch f.State {
	case "":
	case "valid":
		where = append(where, "l.revoked_at IS NULL")
	case "revoked":
		where = append(where, "l.revoked_at IS NOT NULL")
	default:
		return nil, 0, errs.FieldErrors(map[string]string{"state": "状态无效，请从列表中选择。"})
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		pattern := "%" + likeEscaper.Replace(q) + "%"
		var ors []string
		for _, col := range []string{"l.number", "l.project_name", "l.holder_name"} {
			ors = append(ors, col+" LIKE "+arg(pattern)+` ESCAPE '\'`)
		}
		where = append(where, "("+strings.Join(ors, " OR ")+")")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	return listWhere(ctx, s.db, where, args, min(limit, 200), max(f.Offset, 0))
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
