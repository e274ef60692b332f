package casework

import (
	"context"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// Who may act on a case. Services decide; templates only hide buttons.

// asWindow admits a window clerk of the case's region.
func asWindow(ctx context.Context, c *Case) (*access.Principal, error) {
	return access.Authorize(ctx, access.CaseAccept, c.RegionCode)
}

// asApplicant admits the owner enterprise, an agent of the region, or the
// window acting at the counter for the applicant.
func asApplicant(ctx context.Context, c *Case, ownerEnterprise int64) (*access.Principal, error) {
	p, err := access.Require(ctx)
	if err != nil {
		return nil, err
	}
	switch {
	case p.Enterprise && p.EnterpriseID != 0 && p.EnterpriseID == ownerEnterprise:
		return p, nil
	case !p.Enterprise && p.ScopeOf(access.CaseApply).Contains(c.RegionCode):
		return p, nil
	case p.ScopeOf(access.CaseAccept).Contains(c.RegionCode):
		return p, nil
	}
	return nil, errs.E(errs.Forbidden, "只有申请人、代办员或受理窗口可以执行此操作。")
}

// asDepartment admits a reviewer (or head) of org unit orgID in the case's
// region: a reviewer only works on their own department's tasks.
func asDepartment(ctx context.Context, c *Case, orgID int64, perm access.Permission) (*access.Principal, error) {
	p, err := access.Authorize(ctx, perm, c.RegionCode)
	if err != nil {
		return nil, err
	}
	for _, a := range p.Assignments {
		if a.OrgUnitID == orgID && a.Role.Grants(perm) {
			return p, nil
		}
	}
	return nil, errs.E(errs.Forbidden, "该办件不是本部门的工作。")
}

// ownTask returns the open task of the caller's department on c.
func ownTask(ctx context.Context, c *Case, perm access.Permission) (*Task, error) {
	p, err := access.Authorize(ctx, perm, c.RegionCode)
	if err != nil {
		return nil, err
	}
	for i := range c.Tasks {
		t := &c.Tasks[i]
		for _, a := range p.Assignments {
			if a.OrgUnitID == t.OrgUnitID && a.Role.Grants(perm) {
				return t, nil
			}
		}
	}
	return nil, errs.E(errs.Forbidden, "本部门在该办件中没有办理任务。")
}

// canView reports whether the principal may see c: the owner enterprise;
// staff of the region with CaseView, except that reviewers and heads see
// only cases their department works on; city-wide supervisors see all.
func canView(p *access.Principal, c *Case, ownerEnterprise int64) bool {
	if p == nil {
		return false
	}
	if p.Enterprise {
		return p.EnterpriseID != 0 && p.EnterpriseID == ownerEnterprise
	}
	for _, a := range p.Assignments {
		if !a.Role.Grants(access.CaseView) || !p.ScopeOf(access.CaseView).Contains(c.RegionCode) {
			continue
		}
		if a.Role != access.Reviewer && a.Role != access.DeptHead {
			return true
		}
		if a.OrgUnitID == c.LeadOrgID || c.hasTask(a.OrgUnitID) || c.consulted(a.OrgUnitID) {
			return true
		}
	}
	return false
}

func (c *Case) hasTask(orgID int64) bool {
	for _, t := range c.Tasks {
		if t.OrgUnitID == orgID {
			return true
		}
	}
	return false
}

func (c *Case) consulted(orgID int64) bool {
	for _, k := range c.Consultations {
		if k.ToOrgID == orgID {
			return true
		}
	}
	return false
}
