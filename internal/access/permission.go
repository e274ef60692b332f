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

	CalendarAdmin   Permission = "calendar.admin"   // edit and import the working-day calendar
	CatalogAdmin    Permission = "catalog.admin"    // edit items and flows
	ProjectView     Permission = "project.view"     // see projects (enterprises: only their own)
	ProjectRegister Permission = "project.register" // register and edit projects
	CaseApply       Permission = "case.apply"       // submit applications (enterprise or agent)
	CaseView        Permission = "case.view"        // see cases in scope
	CaseAccept      Permission = "case.accept"      // window: receive, accept, refuse, request correction
	CaseReview      Permission = "case.review"      // department: review tasks of one's own org unit
	CaseDecide      Permission = "case.decide"      // department head: approve/deny, special procedure
	Supervise       Permission = "supervise"        // issue 督办/催办, see every clock in scope

	LicenceRevoke Permission = "licence.revoke"     // revoke an issued electronic licence (with reason)
	WindowAdmin   Permission = "window.admin"       // 窗口管理: windows, staff, opening hours, booking slots
	WindowWork    Permission = "window.work"        // 综窗协同 and 办理统计 of the windows in scope
	Book          Permission = "appointment.book"   // 网上预约: book and cancel a window appointment
	Rate          Permission = "evaluation.rate"    // 好差评: rate one's own concluded case
	Rectify       Permission = "evaluation.rectify" // answer the rectification of a bad rating
	TicketView    Permission = "ticket.view"        // see fault and complaint tickets, reports, knowledge base
	TicketWork    Permission = "ticket.work"        // record, assign, pause, resolve and close tickets
	TicketReport  Permission = "ticket.report"      // report a fault or file a complaint (web form)

	IndicatorView  Permission = "indicator.view"  // 指标监测: indicator values, drill-down, alerts (scoped by region)
	IndicatorAdmin Permission = "indicator.admin" // edit indicator definitions, weights, targets and anomaly rules; acknowledge alerts
	ReportView     Permission = "report.view"     // standard and dynamic statistics reports (scoped by region)
	ReportBuild    Permission = "report.build"    // build, save, share and schedule dynamic reports
	QualityView    Permission = "quality.view"    // 数据治理: rule results and quality rates (scoped by region)
	QualityAdmin   Permission = "quality.admin"   // edit quality rules, run them on demand
	QualityFix     Permission = "quality.fix"     // fix and close governance tasks of one's own org unit
	ExchangeAdmin  Permission = "exchange.admin"  // 数据交换: the upward queue, failures, re-push, inbound imports
	SiteStatsView  Permission = "sitestats.view"  // 政府网站服务统计
)

var grants = map[Role][]Permission{
	Applicant: {EnterpriseOwn, ProjectView, ProjectRegister, CaseApply, CaseView, Book, Rate, TicketReport},
	// county staff see their county's figures; the city-wide roles see all (see Role.CityWide)
	Agent: {OrgView, ProjectView, ProjectRegister, CaseApply, CaseView, Book, Rate, TicketReport},
	WindowClerk: {OrgView, ProjectView, ProjectRegister, CaseView, CaseAccept, WindowWork, Rectify, TicketReport,
		QualityFix},
	Reviewer: {OrgView, ProjectView, CaseView, CaseReview, Rectify, TicketReport, QualityFix},
	DeptHead: {OrgView, AuditView, ProjectView, CaseView, CaseReview, CaseDecide, LicenceRevoke, Rectify, TicketReport,
		IndicatorView, ReportView, QualityView, QualityFix},
	Supervisor: {OrgView, AuditView, ProjectView, CaseView, Supervise, WindowWork, TicketView, TicketReport,
		IndicatorView, ReportView, ReportBuild, QualityView, SiteStatsView},
	OpsEngineer: {OrgView, AuditView, AuditVerify, OpsView, ProjectView, CaseView, TicketView, TicketWork, TicketReport,
		IndicatorView, IndicatorAdmin, ReportView, ReportBuild, QualityView, QualityAdmin, ExchangeAdmin, SiteStatsView},
	SysAdmin: {OrgView, OrgAdmin, UserAdmin, APIKeyAdmin, AuditView, AuditVerify, OpsView,
		CalendarAdmin, CatalogAdmin, ProjectView, CaseView, LicenceRevoke, WindowAdmin, WindowWork,
		TicketView, TicketWork, TicketReport, IndicatorView, IndicatorAdmin, ReportView, ReportBuild,
		QualityView, QualityAdmin, ExchangeAdmin, SiteStatsView},
	Machine: {OrgView, ProjectView, CaseView},
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
