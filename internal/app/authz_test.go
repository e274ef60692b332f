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
var actors = []string{"anon", "qiye", "daiban", "chuangkou", "chuangkou.qx", "shenpi", "fuzeren",
	"jianguan", "yunwei", "admin", "apikey"}

type allow []string

var (
	everyone  = allow(actors)
	signedIn  = allow(actors[1:])
	people    = allow(actors[1:10]) // signed-in persons, not machines
	orgView   = allow{"daiban", "chuangkou", "chuangkou.qx", "shenpi", "fuzeren", "jianguan", "yunwei", "admin", "apikey"}
	tcOrgView = allow{"daiban", "chuangkou", "shenpi", "fuzeren", "jianguan", "yunwei", "admin", "apikey"}
	adminOnly = allow{"admin"}
	auditView = allow{"fuzeren", "jianguan", "yunwei", "admin"}
	auditRun  = allow{"yunwei", "admin"}
	opsView   = allow{"yunwei", "admin"}
	// projects: the fixture project is the demo enterprise's, in 通川区.
	projView   = allow{"qiye", "daiban", "chuangkou", "shenpi", "fuzeren", "jianguan", "yunwei", "admin", "apikey"}
	projList   = allow{"qiye", "daiban", "chuangkou", "chuangkou.qx", "shenpi", "fuzeren", "jianguan", "yunwei", "admin", "apikey"}
	projWrite  = allow{"qiye", "daiban", "chuangkou"}
	projCreate = allow{"qiye", "daiban", "chuangkou", "chuangkou.qx"}
)

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

// TestAuthorizationMatrix drives every route as every actor on a fresh
// system per route (so that one actor's writes cannot mask another's
// refusal) and checks that exactly the listed actors get past authorisation.
// "Past" means any answer but 401, 403 or a redirect to the login page;
// a 5xx always fails.
func TestAuthorizationMatrix(t *testing.T) {
	probe, _ := testSystem(t)
	for _, r := range probe.Router.Routes() {
		want, ok := matrix[r.Pattern()]
		if !ok {
			continue // reported by CoversEveryRoute
		}
		t.Run(r.Pattern(), func(t *testing.T) {
			sys, srv := testSystem(t)
			ids := fixtureIDs(t, sys)
			path := fillPath(r.Path, ids)
			key := apiKey(t, sys) // before any route can deactivate its unit
			for _, actor := range actors {
				c := actorClient(t, srv, actor, key)
				status := send(c, r.Method, path)
				passed := status != 401 && status != 403 && status != -1
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

// send returns the status, or -1 for a redirect to the login page.
func send(c *client, method, path string) int {
	var res *http.Response
	if strings.HasPrefix(path, "/api/") && method != "GET" {
		res, _ = c.doJSON(method, path, "{}")
	} else {
		res, _ = c.do(method, path, nil)
	}
	if res.StatusCode == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/login?next=") {
		return -1
	}
	return res.StatusCode
}

func actorClient(t *testing.T, srv *httptest.Server, actor, key string) *client {
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
	proj := demoProject(t, sys, "511702")
	return map[string]string{"unit": fmt.Sprint(unit.ID), "region": fmt.Sprint(unit.RegionID),
		"user": fmt.Sprint(uid), "aid": fmt.Sprint(u.Assignments[1].ID), "key": fmt.Sprint(key.ID), "code": "511702",
		"project": fmt.Sprint(proj.ID), "project_code": proj.Code}
}

// demoProject returns the demo enterprise's seeded project in region.
func demoProject(t *testing.T, sys *System, region string) project.Project {
	t.Helper()
	page, err := sys.Projects.List(adminCtx(t, sys), project.Filter{RegionCode: region})
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

func fillPath(p string, ids map[string]string) string {
	switch {
	case strings.Contains(p, "/by-code/"):
		p = strings.Replace(p, "{code}", ids["project_code"], 1)
	case strings.Contains(p, "/projects/"):
		p = strings.Replace(p, "{id}", ids["project"], 1)
	case strings.Contains(p, "/calendar/"):
		p = strings.Replace(strings.Replace(p, "{year}", "2026", 1), "{date}", "2026-10-10", 1)
	case strings.Contains(p, "/users/"):
		p = strings.Replace(p, "{id}", ids["user"], 1)
	case strings.Contains(p, "/apikeys/"):
		p = strings.Replace(p, "{id}", ids["key"], 1)
	case strings.Contains(p, "/regions/"):
		p = strings.Replace(p, "{id}", ids["region"], 1)
	default:
		p = strings.Replace(p, "{id}", ids["unit"], 1)
	}
	p = strings.Replace(p, "{aid}", ids["aid"], 1)
	p = strings.Replace(p, "{code}", ids["code"], 1)
	p = strings.Replace(p, "{$}", "", 1)
	if strings.HasSuffix(p, "/static/") {
		p += "app.css"
	}
	return p
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
