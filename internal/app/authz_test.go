package app

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/identity"
	"github.com/dazhou-gongai/gongai/internal/project"
)

// Actors of the matrix: anonymous, every demo account, and an API key of
// 通川区自然资源和规划局. Path parameters name objects in 通川区 (511702), so
// 渠县's window clerk (chuangkou.qx) must be refused wherever data is scoped.
// The fixture case is a 通川区 施工许可 (小型社会投资) in review by 住建
// (shenpi.zj, kezhang.zj), with a consultation to 自然资源和规划 (shenpi,
// fuzeren) and a 督办 to 住建.
var actors = []string{"anon", "qiye", "daiban", "chuangkou", "chuangkou.qx", "shenpi", "fuzeren",
	"jianguan", "yunwei", "admin", "apikey", "shenpi.zj", "kezhang.zj"}

type allow []string

var (
	everyone  = allow(actors)
	signedIn  = allow(actors[1:])
	people    = without(signedIn, "apikey")
	orgView   = allow{"daiban", "chuangkou", "chuangkou.qx", "shenpi", "fuzeren", "jianguan", "yunwei", "admin", "apikey", "shenpi.zj", "kezhang.zj"}
	tcOrgView = without(orgView, "chuangkou.qx")
	adminOnly = allow{"admin"}
	auditView = allow{"fuzeren", "jianguan", "yunwei", "admin", "kezhang.zj"}
	auditRun  = allow{"yunwei", "admin"}
	opsView   = allow{"yunwei", "admin"}
	// projects: the fixture project is the demo enterprise's, in 通川区.
	projList   = without(signedIn)
	projView   = without(signedIn, "chuangkou.qx")
	projWrite  = allow{"qiye", "daiban", "chuangkou"}
	projCreate = allow{"qiye", "daiban", "chuangkou", "chuangkou.qx"}
	// cases: who sees the fixture case, who may act on it.
	caseList = without(signedIn)
	// shenpi and fuzeren see it because 自然资源和规划 was consulted.
	caseView   = allow{"qiye", "daiban", "chuangkou", "shenpi", "fuzeren", "jianguan", "yunwei", "admin", "apikey", "shenpi.zj", "kezhang.zj"}
	tcWindow   = allow{"chuangkou"}
	applicant  = allow{"qiye", "daiban", "chuangkou"}
	taskDept   = allow{"shenpi.zj", "kezhang.zj"}
	leadHead   = allow{"kezhang.zj"}
	consulted  = allow{"shenpi", "fuzeren"}
	uploaders  = allow{"qiye", "daiban", "chuangkou", "chuangkou.qx", "shenpi", "fuzeren", "shenpi.zj", "kezhang.zj"}
	supervisor = allow{"jianguan"}
	superList  = allow{"chuangkou", "chuangkou.qx", "shenpi", "fuzeren", "jianguan", "shenpi.zj", "kezhang.zj"}
	rectList   = allow{"qiye", "daiban", "chuangkou", "chuangkou.qx", "shenpi", "fuzeren", "jianguan", "shenpi.zj", "kezhang.zj"}
	rectView   = allow{"qiye", "jianguan", "shenpi.zj", "kezhang.zj"}
	booker     = allow{"qiye", "daiban"}
	licView    = without(signedIn, "chuangkou.qx")
	winWork    = allow{"chuangkou", "chuangkou.qx", "jianguan", "admin"}
	winRead    = allow{"qiye", "daiban", "chuangkou", "chuangkou.qx", "jianguan", "admin"}
	ticketView = allow{"jianguan", "yunwei", "admin"}
	ticketWork = allow{"yunwei", "admin"}
	opsAdmin   = allow{"yunwei", "admin"}
	heads      = allow{"fuzeren", "kezhang.zj", "jianguan", "yunwei", "admin"} // IndicatorView, ReportView, QualityView
	builders   = allow{"jianguan", "yunwei", "admin"}
	qualityFix = allow{"chuangkou", "chuangkou.qx", "shenpi", "fuzeren", "shenpi.zj", "kezhang.zj"}
)

// without returns a without the names given.
func without(a allow, names ...string) allow {
	var out allow
	for _, x := range a {
		if !slices.Contains(names, x) {
			out = append(out, x)
		}
	}
	return out
}

// matrix lists every route. Adding a route without an entry fails the test.
var matrix = map[string]allow{
	"GET /{$}": signedIn, "GET /login": everyone, "POST /login": everyone, "POST /logout": everyone,
	"GET /healthz": everyone, "GET /readyz": everyone, "GET /metrics": everyone, "GET /static/": everyone,
	"GET /account": people, "GET /account/password": signedIn, "POST /account/password": people,
	"GET /org/units": orgView, "GET /org/units/{id}": tcOrgView,
	"GET /admin/regions": adminOnly, "GET /admin/regions/{id}/edit": adminOnly, "POST /admin/regions/{id}": adminOnly,
	"GET /admin/units/new": adminOnly, "POST /admin/units": adminOnly, "GET /admin/units/{id}/edit": adminOnly,
	"POST /admin/units/{id}": adminOnly, "POST /admin/units/{id}/active": adminOnly,
	"GET /admin/users": adminOnly, "GET /admin/users/new": adminOnly, "POST /admin/users": adminOnly,
	"GET /admin/users/{id}": adminOnly, "POST /admin/users/{id}/roles": adminOnly,
	"POST /admin/users/{id}/roles/{aid}/delete": adminOnly, "POST /admin/users/{id}/unlock": adminOnly,
	"POST /admin/users/{id}/active": adminOnly, "POST /admin/users/{id}/password": adminOnly,
	"GET /admin/apikeys": adminOnly, "POST /admin/apikeys": adminOnly, "POST /admin/apikeys/{id}/revoke": adminOnly,
	"GET /admin/audit": auditView, "POST /admin/audit/verify": auditRun, "GET /ops": opsView,
	"GET /api/v1/openapi.json": everyone, "GET /api/v1/me": signedIn,
	"GET /api/v1/regions": everyone, "GET /api/v1/regions/{code}": everyone,
	"GET /api/v1/orgs": orgView, "GET /api/v1/orgs/{id}": tcOrgView,
	"POST /api/v1/orgs": adminOnly, "PUT /api/v1/orgs/{id}": adminOnly,
	"GET /api/v1/users": adminOnly, "GET /api/v1/users/{id}": adminOnly, "POST /api/v1/users/{id}/unlock": adminOnly,
	"GET /api/v1/apikeys": adminOnly, "POST /api/v1/apikeys": adminOnly, "DELETE /api/v1/apikeys/{id}": adminOnly,
	"GET /api/v1/audit/events": auditView, "POST /api/v1/audit/verify": auditRun, "GET /api/v1/ops/status": opsView,

	"GET /admin/calendar": adminOnly, "GET /admin/calendar/{year}": adminOnly, "POST /admin/calendar/{year}/days": adminOnly,
	"POST /admin/calendar/{year}/days/{date}/delete": adminOnly, "POST /admin/calendar/import": adminOnly,
	"GET /api/v1/calendar/workdays": everyone, "GET /api/v1/calendar/between": everyone, "GET /api/v1/calendar/days": everyone,

	"GET /projects": projList, "GET /projects/new": projCreate, "POST /projects": projCreate,
	"GET /projects/{id}": projView, "GET /projects/{id}/edit": projWrite, "POST /projects/{id}": projWrite,
	"POST /projects/{id}/works": projWrite,
	"GET /api/v1/projects":      projList, "POST /api/v1/projects": projCreate, "GET /api/v1/projects/{id}": projView,
	"PUT /api/v1/projects/{id}": projWrite, "POST /api/v1/projects/{id}/works": projWrite,
	"GET /api/v1/projects/by-code/{code}": projView,

	"GET /guide/items": everyone, "GET /guide/items/{code}": everyone, "GET /guide/flows/{region}/{type}": everyone,
	"GET /guide/blobs/{hash}": everyone, "GET /api/v1/catalog/items": everyone, "GET /api/v1/catalog/items/{code}": everyone,
	"GET /api/v1/catalog/flows": everyone, "GET /api/v1/catalog/flows/{id}": everyone,
	"POST /api/v1/catalog/items": adminOnly, "PUT /api/v1/catalog/items/{code}": adminOnly,
	"GET /admin/catalog/items": adminOnly, "GET /admin/catalog/items/new": adminOnly, "POST /admin/catalog/items": adminOnly,
	"GET /admin/catalog/items/{code}/edit": adminOnly, "POST /admin/catalog/items/{code}": adminOnly,
	"POST /admin/catalog/items/{code}/active": adminOnly, "POST /admin/catalog/items/{code}/materials/{id}/files": adminOnly,
	"GET /admin/catalog/flows": adminOnly, "POST /admin/catalog/flows/drafts": adminOnly, "GET /admin/catalog/flows/{id}": adminOnly,
	"GET /admin/catalog/flows/{id}/edit": adminOnly, "POST /admin/catalog/flows/{id}": adminOnly,
	"GET /admin/catalog/flows/{id}/publish": adminOnly, "POST /admin/catalog/flows/{id}/publish": adminOnly,
	"POST /admin/catalog/flows/{id}/discard": adminOnly,

	"POST /api/v1/files": uploaders, "POST /api/v1/applications": applicant, "GET /api/v1/applications/{id}": caseView,
	"GET /cases": caseList, "GET /cases/progress": caseList, "GET /api/v1/cases": caseList, "GET /cases/{id}": caseView, "GET /api/v1/cases/{id}": caseView,
	"GET /cases/{id}/files/{hash}": caseView, "GET /cases/{id}/preview/{hash}": caseView,
	"GET /cases/{id}/notices/{kind}": caseView,
	"GET /apply":                     projCreate, "GET /apply/items/{code}": projCreate,
	"GET /projects/{id}/apply": projWrite, "POST /projects/{id}/apply": projWrite,
	// the fixture case owes nothing: the applicant's side gets 409, others are refused.
	"GET /cases/{id}/supply": allow{"qiye", "daiban"}, "POST /cases/{id}/supply": allow{"qiye", "daiban"},
	"GET /guide/items/{code}/illustrated": everyone,

	// 好差评 on the fixture case (not concluded: 409 for its applicant) and
	// the fixture rectification of the concluded case (to 住建, rated by qiye).
	"GET /cases/{id}/rating": allow{"qiye"}, "POST /cases/{id}/rating": allow{"qiye"},
	"GET /api/v1/cases/{id}/rating": allow{"qiye"}, "POST /api/v1/cases/{id}/rating": allow{"qiye"},
	"GET /rectifications": rectList, "GET /api/v1/rectifications": rectList,
	"GET /rectifications/{id}": rectView, "GET /api/v1/rectifications/{id}": rectView,
	"POST /rectifications/{id}/answer": taskDept, "POST /api/v1/rectifications/{id}/answer": taskDept,
	"POST /rectifications/{id}/close": supervisor, "POST /api/v1/rectifications/{id}/close": supervisor,
	"POST /rectifications/{id}/followup": allow{"qiye"}, "POST /api/v1/rectifications/{id}/followup": allow{"qiye"},
	"GET /api/v1/evaluation/figures": supervisor,
	"GET /public/results":            everyone, "GET /public/results/{number}": everyone,
	"GET /api/v1/public/results": everyone, "GET /api/v1/public/results/{number}": everyone,

	// windows: the fixture window is 通川区's first, booked by qiye.
	"GET /windows": adminOnly, "GET /windows/new": adminOnly, "POST /windows": adminOnly,
	"GET /windows/{id}": adminOnly, "GET /windows/{id}/edit": adminOnly, "POST /windows/{id}": adminOnly,
	"POST /windows/{id}/hours": adminOnly, "POST /windows/{id}/staff": adminOnly,
	"POST /windows/{id}/staff/{user}/remove": adminOnly,
	"GET /windows/desk":                      winWork, "GET /windows/stats": winWork,
	"GET /appointments": booker, "GET /appointments/new": booker, "POST /appointments": booker,
	"POST /appointments/{id}/cancel": allow{"qiye"}, "POST /appointments/{id}/mark": tcWindow,
	"GET /cases/{id}/window": tcWindow, "POST /cases/{id}/window/transfer": tcWindow,
	"GET /api/v1/windows": winRead, "GET /api/v1/windows/{id}": winRead,
	"POST /api/v1/windows": adminOnly, "POST /api/v1/windows/{id}": adminOnly,
	"PUT /api/v1/windows/{id}/hours": adminOnly, "POST /api/v1/windows/{id}/staff": adminOnly,
	"DELETE /api/v1/windows/{id}/staff/{user}": adminOnly,
	"GET /api/v1/windows/{id}/slots":           booker, "GET /api/v1/appointments": booker, "POST /api/v1/appointments": booker,
	"POST /api/v1/appointments/{id}/cancel": allow{"qiye"}, "POST /api/v1/appointments/{id}/mark": tcWindow,
	"GET /api/v1/windows/{id}/bookings": allow{"chuangkou", "jianguan", "admin"},
	"GET /api/v1/cases/{id}/window":     tcWindow, "POST /api/v1/cases/{id}/window": tcWindow,
	"GET /api/v1/window-stats": winWork,

	// licences: the fixture licence is 住建's, for the concluded case.
	"GET /verify/{no}": everyone, "GET /api/v1/licences/{no}/verify": everyone,
	"GET /api/v1/licences/{no}/signed-data": everyone,
	"GET /licences":                         caseList, "GET /api/v1/licences": caseList,
	"GET /licences/{no}": licView, "GET /api/v1/licences/{no}": licView,
	"POST /licences/{no}/revoke": allow{"kezhang.zj", "admin"}, "POST /api/v1/licences/{no}/revoke": allow{"kezhang.zj", "admin"},

	// indicators and their alerts (the fixture alert is 通川区's)
	"GET /indicators": heads, "GET /indicators/{code}": heads, "GET /indicators/{code}/drill": heads,
	"GET /indicators/{code}/improve": heads, "GET /api/v1/indicators": heads, "GET /api/v1/indicators/matrix": heads,
	"GET /api/v1/indicators/{code}": heads, "GET /api/v1/indicators/{code}/series": heads,
	"GET /api/v1/indicators/{code}/drill": heads, "GET /api/v1/indicators/{code}/improve": heads,
	"GET /indicators/admin": opsAdmin, "GET /indicators/{code}/edit": opsAdmin, "POST /indicators/{code}/edit": opsAdmin,
	"POST /indicators/recompute": opsAdmin, "PUT /api/v1/indicators/{code}": opsAdmin,
	"POST /api/v1/indicators/recompute": opsAdmin,
	"GET /indicator-alerts":             heads, "GET /indicator-alerts/{id}": heads, "GET /api/v1/indicator-alerts": heads,
	"GET /api/v1/indicator-alerts/{id}": heads,
	"POST /indicator-alerts/{id}/ack":   opsAdmin, "POST /indicator-alerts/{id}/resolve": opsAdmin,
	"POST /api/v1/indicator-alerts/{id}/ack": opsAdmin, "POST /api/v1/indicator-alerts/{id}/resolve": opsAdmin,
	"GET /indicator-rules": opsAdmin, "POST /indicator-rules": opsAdmin, "GET /indicator-rules/new": opsAdmin,
	"GET /indicator-rules/{id}": opsAdmin, "POST /indicator-rules/{id}": opsAdmin, "GET /api/v1/indicator-rules": opsAdmin,
	"POST /api/v1/indicator-rules": opsAdmin, "PUT /api/v1/indicator-rules/{id}": opsAdmin,

	// data quality (the fixture task is a 通川区 project's, for the window)
	"GET /quality": heads, "GET /quality/runs/{id}": heads, "GET /quality/results/{id}": heads,
	"GET /quality/rules": heads, "GET /quality/tasks": heads, "GET /api/v1/quality/rules": heads,
	"GET /api/v1/quality/runs": heads, "GET /api/v1/quality/runs/{id}": heads,
	"GET /api/v1/quality/results/{id}": heads, "GET /api/v1/quality/rates": heads, "GET /api/v1/quality/tasks": heads,
	"POST /quality/runs": opsAdmin, "POST /api/v1/quality/runs": opsAdmin, "GET /quality/rules/{id}/edit": opsAdmin,
	"POST /quality/rules/{id}": opsAdmin, "PUT /api/v1/quality/rules/{id}": opsAdmin,
	"GET /quality/my-tasks": qualityFix, "GET /api/v1/quality/my-tasks": qualityFix,
	"POST /quality/tasks/{id}/close": allow{"chuangkou"}, "POST /api/v1/quality/tasks/{id}/close": allow{"chuangkou"},
	"GET /quality/tasks/{id}":        allow{"chuangkou", "fuzeren", "kezhang.zj", "jianguan", "yunwei", "admin"},
	"GET /api/v1/quality/tasks/{id}": allow{"chuangkou", "fuzeren", "kezhang.zj", "jianguan", "yunwei", "admin"},

	// reports (the fixture report is the supervisor's, shared city-wide; its run is city-wide)
	"GET /reports": heads, "GET /reports/standard": heads, "GET /reports/standard.xlsx": heads,
	"GET /reports/standard.pdf": heads, "GET /reports/dynamic": heads, "POST /reports/dynamic/export": heads,
	"GET /reports/saved/{id}": heads, "POST /reports/saved/{id}/export": heads,
	"GET /reports/runs/{id}": builders, "GET /reports/runs/{id}/file": builders,
	"GET /api/v1/reports/standard": heads, "POST /api/v1/reports/pivot": heads, "GET /api/v1/reports/saved": heads,
	"GET /api/v1/reports/saved/{id}": heads, "GET /api/v1/reports/saved/{id}/runs": heads,
	"POST /api/v1/reports/saved/{id}/runs": heads,
	"GET /api/v1/reports/runs/{id}":        builders, "GET /api/v1/reports/runs/{id}/file": builders,
	"GET /reports/new": builders, "POST /reports": builders, "POST /api/v1/reports/saved": builders,
	"GET /reports/saved/{id}/edit": allow{"jianguan"}, "POST /reports/saved/{id}": allow{"jianguan"},
	"POST /reports/saved/{id}/delete": allow{"jianguan"}, "POST /api/v1/reports/saved/{id}": allow{"jianguan"},
	"DELETE /api/v1/reports/saved/{id}": allow{"jianguan"},

	// data exchange
	"GET /exchange": opsAdmin, "POST /exchange/records/{id}/repush": opsAdmin, "POST /exchange/repush": opsAdmin,
	"GET /exchange/imports": opsAdmin, "POST /exchange/imports": opsAdmin, "GET /exchange/imports/{id}": opsAdmin,
	"GET /api/v1/exchange/summary": opsAdmin, "GET /api/v1/exchange/records": opsAdmin,
	"GET /api/v1/exchange/records/{id}": opsAdmin, "POST /api/v1/exchange/records/{id}/repush": opsAdmin,
	"POST /api/v1/exchange/repush": opsAdmin, "POST /api/v1/exchange/imports": opsAdmin,
	"GET /api/v1/exchange/imports": opsAdmin, "GET /api/v1/exchange/imports/{id}": opsAdmin,

	"GET /sitestats": allow{"jianguan", "yunwei", "admin"}, "GET /sitestats/export.xlsx": allow{"jianguan", "yunwei", "admin"},
	"GET /api/v1/sitestats": allow{"jianguan", "yunwei", "admin"},

	// tickets: the fixture fault was reported by qiye.
	"GET /ops/tickets": ticketView, "GET /ops/register": ticketView, "GET /ops/reports": ticketView,
	"GET /ops/reports/export.xlsx": ticketView, "GET /ops/reports/export.pdf": ticketView,
	"GET /api/v1/ops/tickets": ticketView, "GET /api/v1/ops/reports": ticketView,
	"GET /ops/tickets/new": people, "POST /ops/tickets": people, "POST /api/v1/ops/tickets": people,
	"GET /ops/tickets/{id}":        allow{"qiye", "jianguan", "yunwei", "admin"},
	"GET /api/v1/ops/tickets/{id}": allow{"qiye", "jianguan", "yunwei", "admin"},
	"GET /ops/complaints/new":      everyone, "POST /ops/complaints": everyone,
	"GET /api/v1/ops/sla/due": signedIn,
	"GET /ops/kb":             ticketView, "GET /ops/kb/{id}": ticketView, "GET /api/v1/ops/kb": ticketView,
	"GET /api/v1/ops/kb/{id}": ticketView, "GET /ops/kb/new": ticketWork, "POST /ops/kb": ticketWork,
	"GET /ops/kb/{id}/edit": ticketWork, "POST /ops/kb/{id}/edit": ticketWork, "POST /api/v1/ops/kb": ticketWork,
	"PUT /api/v1/ops/kb/{id}": ticketWork,
	"GET /ops/training":       ticketView, "GET /ops/training/{id}": ticketView, "GET /ops/training/{id}/files/{hash}": ticketView,
	"GET /api/v1/ops/training": ticketView, "GET /api/v1/ops/training/{id}": ticketView,
	"GET /ops/training/new": ticketWork, "POST /ops/training": ticketWork, "GET /ops/training/{id}/edit": ticketWork,
	"POST /ops/training/{id}/edit": ticketWork, "POST /api/v1/ops/training": ticketWork,
	"PUT /api/v1/ops/training/{id}": ticketWork, "POST /api/v1/ops/training/files": ticketWork,
	"GET /ops/hours": ticketWork, "GET /ops/hours/{unit}": ticketWork, "POST /ops/hours/{unit}": ticketWork,
	"GET /api/v1/ops/hours/{unit}": ticketWork, "PUT /api/v1/ops/hours/{unit}": ticketWork,
	"POST /ops/tickets/{id}/respond": ticketWork, "POST /api/v1/ops/tickets/{id}/respond": ticketWork,
	"POST /ops/tickets/{id}/take": ticketWork, "POST /api/v1/ops/tickets/{id}/take": ticketWork,
	"POST /ops/tickets/{id}/pause": ticketWork, "POST /api/v1/ops/tickets/{id}/pause": ticketWork,
	"POST /ops/tickets/{id}/resume": ticketWork, "POST /api/v1/ops/tickets/{id}/resume": ticketWork,
	"POST /ops/tickets/{id}/resolve": ticketWork, "POST /api/v1/ops/tickets/{id}/resolve": ticketWork,
	"POST /ops/tickets/{id}/close": ticketWork, "POST /api/v1/ops/tickets/{id}/close": ticketWork,
	"POST /ops/tickets/{id}/reopen": ticketWork, "POST /api/v1/ops/tickets/{id}/reopen": ticketWork,
	"POST /ops/tickets/{id}/send-back": ticketWork, "POST /api/v1/ops/tickets/{id}/send-back": ticketWork,
	"POST /ops/tickets/{id}/severity": ticketWork, "POST /api/v1/ops/tickets/{id}/severity": ticketWork,
	"POST /cases/{id}/{action}": taskDept, "POST /cases/{id}/consultations/{cid}/answer": consulted,
	"POST /api/v1/cases/{id}/accept": tcWindow, "POST /api/v1/cases/{id}/refuse": tcWindow,
	"POST /api/v1/cases/{id}/not-receive": tcWindow, "POST /api/v1/cases/{id}/dispatch": tcWindow,
	"POST /api/v1/cases/{id}/corrections": taskDept, "POST /api/v1/cases/{id}/corrections/supply": applicant,
	"POST /api/v1/cases/{id}/deficiency": applicant, "POST /api/v1/cases/{id}/withdraw": applicant,
	"POST /api/v1/cases/{id}/review": taskDept, "POST /api/v1/cases/{id}/send-back": taskDept,
	"POST /api/v1/cases/{id}/special": taskDept, "POST /api/v1/cases/{id}/special/end": taskDept,
	"POST /api/v1/cases/{id}/consultations": taskDept, "POST /api/v1/cases/{id}/consultations/{cid}/answer": consulted,
	"POST /api/v1/cases/{id}/conclude": leadHead, "POST /api/v1/cases/{id}/revoke": leadHead,

	// the fixture notification is the 督办 to 住建: only its people may mark it.
	"GET /notifications": people, "POST /notifications/{id}/read": taskDept, "POST /notifications/read-all": people,
	"GET /api/v1/notifications": people, "POST /api/v1/notifications/{id}/read": taskDept,
	"POST /api/v1/notifications/read-all": people,

	// lists: supervisors and every department (theirs may be empty); the
	// fixture order: its issuer's side and the addressed department.
	"GET /supervision": superList, "GET /api/v1/supervision": superList,
	"GET /supervision/{id}": allow{"chuangkou", "jianguan", "shenpi.zj", "kezhang.zj"}, "GET /api/v1/supervision/{id}": allow{"chuangkou", "jianguan", "shenpi.zj", "kezhang.zj"},
	"GET /cases/{id}/supervision/new": supervisor, "POST /cases/{id}/supervision": supervisor,
	"POST /api/v1/cases/{id}/supervision": supervisor, "POST /supervision/{id}/close": supervisor,
	"POST /api/v1/supervision/{id}/close": supervisor,
	"POST /supervision/{id}/reply":        taskDept, "POST /api/v1/supervision/{id}/reply": taskDept,
}

func TestAuthorizationMatrix_CoversEveryRoute(t *testing.T) {
	sys, _ := testSystem(t)
	var missing []string
	for _, r := range sys.Router.Routes() {
		if _, ok := matrix[r.Pattern()]; !ok {
			missing = append(missing, r.Pattern())
		}
	}
	if len(missing) > 0 {
		t.Fatalf("routes without an authorisation matrix entry (add them to matrix):\n%s", strings.Join(missing, "\n"))
	}
}

// TestAuthorizationMatrix drives every route as every actor and checks
// that exactly the listed actors get past authorisation. "Past" means any
// answer but 401, 403, 404 (an object the actor may not see is reported as
// missing) or a redirect to the login page; a 5xx always fails. Unsafe
// requests carry empty bodies, which the services reject only after
// authorising, so the routes can share one seeded system.
func TestAuthorizationMatrix(t *testing.T) {
	sys, srv := testSystem(t)
	ids := fixtureIDs(t, sys)
	key := apiKey(t, sys)
	for _, r := range sys.Router.Routes() {
		want, ok := matrix[r.Pattern()]
		if !ok {
			continue // reported by CoversEveryRoute
		}
		t.Run(r.Pattern(), func(t *testing.T) {
			path := fillPath(r.Path, ids)
			if key, ok := pathOverrides[r.Pattern()]; ok {
				path = fillPath(strings.Replace(r.Path, "{id}", ids[key], 1), ids)
			}
			for _, actor := range actors {
				status := send(actorClient(t, srv, actor, key), r.Method, path, bodyFor(r.Pattern(), ids))
				passed := status != 401 && status != 403 && status != 404 && status != -1
				if status >= 500 {
					t.Errorf("%s as %s: status %d", r.Pattern(), actor, status)
				}
				if passed != contains(want, actor) {
					t.Errorf("%s as %s: status %d, allowed=%v", r.Pattern(), actor, status, contains(want, actor))
				}
			}
		})
	}
}

// bodyFor gives the few routes that need one a body naming the fixture.
func bodyFor(pattern string, ids map[string]string) string {
	if pattern == "POST /api/v1/applications" {
		return `{"project_id": ` + ids["project"] + `, "stage_no": 3}`
	}
	return "{}"
}

// send returns the status, or -1 for a redirect to the login page.
func send(c *client, method, path, body string) int {
	var res *http.Response
	if strings.HasPrefix(path, "/api/") && method != "GET" {
		res, _ = c.doJSON(method, path, body)
	} else {
		res, _ = c.do(method, path, nil)
	}
	if res.StatusCode == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/login?next=") {
		return -1
	}
	return res.StatusCode
}

func actorClient(t testing.TB, srv *httptest.Server, actor, key string) *client {
	t.Helper()
	c := newClient(t, srv)
	switch actor {
	case "anon":
	case "apikey":
		c.bearer = key
	default:
		c.login(actor, identity.DemoPassword)
	}
	return c
}

// fixtureIDs creates the objects the paths name, all in 通川区: a target
// account with two roles, an API key, and looks up a unit and the region.
func fixtureIDs(t *testing.T, sys *System) map[string]string {
	t.Helper()
	ctx := adminCtx(t, sys)
	unit, err := sys.Org.UnitByFunction(ctx, "511702", "zrzy")
	if err != nil {
		t.Fatal(err)
	}
	window, _ := sys.Org.UnitByFunction(ctx, "511702", "window")
	uid, err := sys.Identity.CreateUser(ctx, identity.NewUser{Username: "target.tc", DisplayName: "目标用户",
		Password: "Target@2026", Role: access.Reviewer, RegionCode: "511702", OrgUnitID: unit.ID})
	if err != nil {
		t.Fatal(err)
	}
	if err := sys.Identity.AddAssignment(ctx, uid, access.WindowClerk, "511702", window.ID); err != nil {
		t.Fatal(err)
	}
	u, _ := sys.Identity.GetUser(ctx, uid)
	_, key, err := sys.Identity.CreateAPIKey(ctx, unit.ID, "矩阵测试")
	if err != nil {
		t.Fatal(err)
	}
	proj := demoProject(t, sys, "511702", 0)
	ids := map[string]string{"unit": fmt.Sprint(unit.ID), "region": fmt.Sprint(unit.RegionID),
		"user": fmt.Sprint(uid), "aid": fmt.Sprint(u.Assignments[1].ID), "key": fmt.Sprint(key.ID), "code": "511702",
		"project": fmt.Sprint(proj.ID), "project_code": proj.Code, "indicator_code": "overdue_rate"}
	caseFixtures(t, sys, ids)
	concludedFixtures(t, sys, ids)
	windowFixtures(t, sys, ids)
	monitorFixtures(t, sys, ids)
	knowledgeFixtures(t, sys, ids)
	catalogFixtures(t, sys, ids)
	return ids
}

// demoProject returns the demo enterprise's seeded project in region (of
// flowType, or any type when 0).
func demoProject(t *testing.T, sys *System, region string, flowType int) project.Project {
	t.Helper()
	page, err := sys.Projects.List(adminCtx(t, sys), project.Filter{RegionCode: region, FlowType: flowType})
	if err != nil || len(page.Items) == 0 {
		t.Fatalf("no demo project in %s: %v", region, err)
	}
	for _, p := range page.Items {
		if p.EnterpriseID != 0 {
			return p
		}
	}
	t.Fatalf("no enterprise-owned demo project in %s", region)
	return project.Project{}
}

func adminCtx(t *testing.T, sys *System) context.Context {
	t.Helper()
	_, p, err := sys.Identity.Login(context.Background(), "admin", identity.DemoPassword, identity.Client{})
	if err != nil {
		t.Fatal(err)
	}
	return access.With(context.Background(), p)
}

func apiKey(t *testing.T, sys *System) string {
	t.Helper()
	unit, _ := sys.Org.UnitByFunction(context.Background(), "511702", "zrzy")
	secret, _, err := sys.Identity.CreateAPIKey(adminCtx(t, sys), unit.ID, "矩阵调用方")
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

func contains(a allow, s string) bool { return slices.Contains(a, s) }
