// Package access defines gongai's roles, permissions and the Principal that
// acts in a request, and answers "may this principal do P in region R / org
// unit O". Services call it; templates never decide access.
package access

import (
	"context"
	"slices"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// Role is a job a user performs, always assigned within a region and
// (except for enterprise roles) an org unit.
type Role string

// The roles. Machine is the implicit role of an API key.
const (
	Applicant   Role = "applicant"    // 企业申报人
	Agent       Role = "agent"        // 代办员
	WindowClerk Role = "window_clerk" // 综合窗口受理人员
	Reviewer    Role = "reviewer"     // 部门审批人员
	DeptHead    Role = "dept_head"    // 部门负责人
	Supervisor  Role = "supervisor"   // 工改办监管人员
	OpsEngineer Role = "ops_engineer" // 运维工程师
	SysAdmin    Role = "sys_admin"    // 系统管理员
	Machine     Role = "machine"      // 接口调用方（API 密钥）
)

// Roles lists the assignable roles in display order.
var Roles = []Role{Applicant, Agent, WindowClerk, Reviewer, DeptHead, Supervisor, OpsEngineer, SysAdmin}

var roleLabels = map[Role]string{
	Applicant: "企业申报人", Agent: "代办员", WindowClerk: "综合窗口受理人员", Reviewer: "部门审批人员",
	DeptHead: "部门负责人", Supervisor: "工改办监管人员", OpsEngineer: "运维工程师", SysAdmin: "系统管理员",
	Machine: "接口调用方",
}

// Label is the Chinese name of the role.
func (r Role) Label() string { return roleLabels[r] }

// Valid reports whether r is an assignable role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// Enterprise reports whether the role belongs to an enterprise account
// rather than to government staff.
func (r Role) Enterprise() bool { return r == Applicant }

// CityWide reports whether an assignment of r at the city level (511700)
// reaches every region. Other roles see only the region they are assigned to:
// a city window handles city-level cases, not a county's.
func (r Role) CityWide() bool { return r == Supervisor || r == OpsEngineer || r == SysAdmin }

// CityRegionCode is the code of 达州市本级.
const CityRegionCode = "511700"

// Assignment is one role held in one region and org unit.
type Assignment struct {
	Role       Role
	RegionID   int64
	RegionCode string
	RegionName string
	OrgUnitID  int64 // 0 for enterprise roles
	OrgName    string
}

// Principal is the authenticated actor of a request: a user (staff or
// enterprise) or an API key acting for an org unit.
type Principal struct {
	UserID       int64
	APIKeyID     int64
	Username     string
	Name         string
	Enterprise   bool
	EnterpriseID int64
	Assignments  []Assignment
	// MustChangePassword blocks everything but the password page.
	MustChangePassword bool
}

type principalKey struct{}

// With returns ctx carrying p.
func With(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// From returns the principal in ctx, or nil for an anonymous request.
func From(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}

// Require returns the principal in ctx or an Unauthenticated error.
func Require(ctx context.Context) (*Principal, error) {
	if p := From(ctx); p != nil {
		return p, nil
	}
	return nil, errs.E(errs.Unauthenticated, "")
}

// Has reports whether p holds role r anywhere.
func (p *Principal) Has(r Role) bool {
	for _, a := range p.Assignments {
		if a.Role == r {
			return true
		}
	}
	return false
}

// Primary is the assignment shown in the page header: the first one.
func (p *Principal) Primary() Assignment {
	if len(p.Assignments) == 0 {
		return Assignment{}
	}
	return p.Assignments[0]
}
