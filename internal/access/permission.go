package access

import (
	"context"
	"slices"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// Permission is a capability granted to roles.
type Permission string

// The permissions of the foundation. Later capabilities add their own.
const (
	OrgView       Permission = "org.view"       // see regions, org units and staff directory
	OrgAdmin      Permission = "org.admin"      // edit regions and org units
	UserAdmin     Permission = "user.admin"     // create users, assign roles, unlock
	APIKeyAdmin   Permission = "apikey.admin"   // issue and revoke API keys
	AuditView     Permission = "audit.view"     // read the audit trail
	AuditVerify   Permission = "audit.verify"   // verify the hash chain
	OpsView       Permission = "ops.view"       // operations status pages
	EnterpriseOwn Permission = "enterprise.own" // an enterprise's own profile
)

var grants = map[Role][]Permission{
	Applicant:   {EnterpriseOwn},
	Agent:       {OrgView},
	WindowClerk: {OrgView},
	Reviewer:    {OrgView},
	DeptHead:    {OrgView, AuditView},
	Supervisor:  {OrgView, AuditView},
	OpsEngineer: {OrgView, AuditView, AuditVerify, OpsView},
	SysAdmin:    {OrgView, OrgAdmin, UserAdmin, APIKeyAdmin, AuditView, AuditVerify, OpsView},
	Machine:     {OrgView},
}

// Grants reports whether role r carries permission perm.
func (r Role) Grants(perm Permission) bool { return slices.Contains(grants[r], perm) }

// Can reports whether p holds perm in any assignment.
func (p *Principal) Can(perm Permission) bool {
	if p == nil {
		return false
	}
	for _, a := range p.Assignments {
		if a.Role.Grants(perm) {
			return true
		}
	}
	return false
}

// Scope is the set of regions in which a principal may use a permission.
type Scope struct {
	All   bool
	Codes []string // region codes when !All
}

// Contains reports whether the scope covers regionCode.
func (s Scope) Contains(regionCode string) bool {
	return s.All || slices.Contains(s.Codes, regionCode)
}

// Filter returns nil for an unlimited scope, otherwise the codes (never nil,
// so that an empty scope filters everything out).
func (s Scope) Filter() []string {
	if s.All {
		return nil
	}
	if s.Codes == nil {
		return []string{}
	}
	return s.Codes
}

// ScopeOf returns the regions where p may use perm.
func (p *Principal) ScopeOf(perm Permission) Scope {
	var s Scope
	if p == nil {
		return s
	}
	for _, a := range p.Assignments {
		if !a.Role.Grants(perm) {
			continue
		}
		if a.Role.CityWide() && a.RegionCode == CityRegionCode {
			return Scope{All: true}
		}
		if !slices.Contains(s.Codes, a.RegionCode) {
			s.Codes = append(s.Codes, a.RegionCode)
		}
	}
	return s
}

// Authorize returns nil when the principal in ctx holds perm in regionCode
// ("" means anywhere), Unauthenticated when there is none, and Forbidden
// otherwise. Services call it before touching data.
func Authorize(ctx context.Context, perm Permission, regionCode string) (*Principal, error) {
	p, err := Require(ctx)
	if err != nil {
		return nil, err
	}
	if !p.Can(perm) {
		return nil, errs.E(errs.Forbidden, "")
	}
	if regionCode != "" && !p.ScopeOf(perm).Contains(regionCode) {
		return nil, errs.E(errs.Forbidden, "您无权访问其他区县的数据。")
	}
	return p, nil
}
