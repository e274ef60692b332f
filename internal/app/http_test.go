package app

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/identity"
)

// TestHTTPScenarios walks the foundation's HTTP behaviour as a client sees it.
func TestHTTPScenarios(t *testing.T) {
	_, srv := testSystem(t)
	tests := []struct {
		name    string
		actor   string // "" = anonymous
		method  string
		path    string
		form    url.Values
		status  int
		contain []string
		header  map[string]string
	}{
		{"home redirects to login", "", "GET", "/", nil, 303, nil, map[string]string{"Location": "/login?next=%2F"}},
		{"login page is Chinese", "", "GET", "/login", nil, 200, []string{`lang="zh-CN"`, "用户名", "密码"}, nil},
		{"security headers", "", "GET", "/login", nil, 200, nil, map[string]string{
			"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}},
		{"unknown page is a Chinese 404", "", "GET", "/no/such/page", nil, 404, []string{"页面不存在"}, nil},
		{"unknown API route is JSON", "", "GET", "/api/v1/nothing", nil, 404, []string{`"code":"not_found"`}, nil},
		{"wrong method", "", "PUT", "/login", nil, 405, []string{"不支持该请求方法"}, nil},
		{"API needs credentials", "", "GET", "/api/v1/me", nil, 401, []string{`"code":"unauthenticated"`, `"message":"请先登录。"`}, nil},
		{"empty login keeps the form", "", "POST", "/login", url.Values{"username": {"admin"}}, 400,
			[]string{"请输入密码", `value="admin"`, "error-summary"}, nil},
		{"wrong password", "", "POST", "/login", url.Values{"username": {"admin"}, "password": {"x"}}, 401,
			[]string{"用户名或密码错误", "再错 4 次"}, nil},
		{"open redirect refused", "", "POST", "/login", url.Values{"username": {"yunwei"}, "password": {identity.DemoPassword},
			"next": {"//evil.example/"}}, 303, nil, map[string]string{"Location": "/"}},
		{"role home page", "chuangkou", "GET", "/", nil, 200, []string{"综合受理工作台", "综合窗口受理人员 · 通川区",
			"我的工作", `href="/cases?queue=window">待受理</a>`, "1 件"}, nil},
		{"county clerk cannot open admin", "chuangkou", "GET", "/admin/users", nil, 403, []string{"无权访问"}, nil},
		{"bad id is 404 not 500", "admin", "GET", "/admin/users/abc", nil, 404, nil, nil},
		{"invalid user form keeps input", "admin", "POST", "/admin/users", url.Values{"username": {"li.si"},
			"display_name": {"李四"}, "id_number": {"123"}, "password": {"weak"}, "role": {"reviewer"}}, 400,
			[]string{"身份证号码无效", "密码至少 8 位", `value="李四"`, `value="123"`}, nil},
		{"audit filter validates", "admin", "GET", "/api/v1/audit/events?limit=9999", nil, 400, []string{`"fields"`, "limit"}, nil},
		{"metrics", "", "GET", "/metrics", nil, 200, []string{"gongai_http_requests_total", "gongai_db_open_connections", "go_goroutines"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(t, srv)
			if tc.actor != "" {
				c.login(tc.actor, identity.DemoPassword)
			}
			res, body := c.do(tc.method, tc.path, tc.form)
			if res.StatusCode != tc.status {
				t.Fatalf("status %d, want %d\n%s", res.StatusCode, tc.status, body)
			}
			for _, s := range tc.contain {
				if !strings.Contains(body, s) {
					t.Errorf("body lacks %q", s)
				}
			}
			for k, v := range tc.header {
				if res.Header.Get(k) != v {
					t.Errorf("header %s = %q, want %q", k, res.Header.Get(k), v)
				}
			}
		})
	}
}

func TestCSP_HasNoUnsafeInline(t *testing.T) {
	_, srv := testSystem(t)
	res, _ := newClient(t, srv).do("GET", "/login", nil)
	csp := res.Header.Get("Content-Security-Policy")
	if csp == "" || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Fatalf("CSP = %q", csp)
	}
	if res.Header.Get("X-Request-ID") == "" {
		t.Fatal("every response carries a request id")
	}
}

func TestCSRF_RefusesForgedPost(t *testing.T) {
	_, srv := testSystem(t)
	c := newClient(t, srv)
	c.login("admin", identity.DemoPassword)
	c.csrf = "forged"
	res, body := c.do("POST", "/admin/users/1/unlock", url.Values{})
	if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "页面已过期或请求来源无效") {
		t.Fatalf("%d %s", res.StatusCode, body)
	}
}

func TestLogout_EndsSession(t *testing.T) {
	_, srv := testSystem(t)
	c := newClient(t, srv)
	c.login("jianguan", identity.DemoPassword)
	if res, _ := c.do("POST", "/logout", url.Values{}); res.StatusCode != 303 {
		t.Fatalf("logout %d", res.StatusCode)
	}
	res, body := c.do("GET", "/login", nil)
	if !strings.Contains(body, "您已安全退出") {
		t.Fatalf("flash missing: %d", res.StatusCode)
	}
	if res, _ := c.do("GET", "/account", nil); res.StatusCode != 303 {
		t.Fatalf("after logout /account = %d", res.StatusCode)
	}
}

// TestOpenAPI_DocumentsEveryAPIRoute fails when a route under /api/ is
// registered without its OpenAPI description.
func TestOpenAPI_DocumentsEveryAPIRoute(t *testing.T) {
	sys, srv := testSystem(t)
	_, body := newClient(t, srv).do("GET", "/api/v1/openapi.json", nil)
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil || !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("not an OpenAPI 3 document: %v", err)
	}
	n := 0
	for _, r := range sys.Router.Routes() {
		if !strings.HasPrefix(r.Path, "/api/") {
			continue
		}
		n++
		if _, ok := doc.Paths[r.Path][strings.ToLower(r.Method)]; !ok {
			t.Errorf("%s is not in the OpenAPI document (register it with Router.API)", r.Pattern())
		}
	}
	if n < 15 {
		t.Fatalf("only %d API routes found", n)
	}
}

func TestAPIKey_EndToEnd(t *testing.T) {
	_, srv := testSystem(t)
	admin := newClient(t, srv)
	admin.login("admin", identity.DemoPassword)
	res, body := admin.doJSON("POST", "/api/v1/apikeys", `{"org_unit_id": 0, "name": ""}`)
	if res.StatusCode != 400 || !strings.Contains(body, `"fields"`) {
		t.Fatalf("invalid key request: %d %s", res.StatusCode, body)
	}
	_, body = admin.do("GET", "/api/v1/orgs?region=511725", nil)
	var list struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	err := json.Unmarshal([]byte(body), &list)
	units := list.Items
	if err != nil || len(units) == 0 {
		t.Fatalf("orgs: %v %s", err, body)
	}
	res, body = admin.doJSON("POST", "/api/v1/apikeys", `{"org_unit_id": `+itoa(units[0].ID)+`, "name": "渠县数据交换"}`)
	var created struct {
		ID     int64  `json:"id"`
		Secret string `json:"secret"`
	}
	if res.StatusCode != 201 || json.Unmarshal([]byte(body), &created) != nil || created.Secret == "" {
		t.Fatalf("create: %d %s", res.StatusCode, body)
	}
	machine := &client{t: t, base: srv.URL, http: http.DefaultClient, bearer: created.Secret}
	if res, body := machine.do("GET", "/api/v1/me", nil); res.StatusCode != 200 || !strings.Contains(body, `"kind":"apikey"`) {
		t.Fatalf("me: %d %s", res.StatusCode, body)
	}
	if res, _ := machine.do("GET", "/api/v1/orgs?region=511702", nil); res.StatusCode != 403 {
		t.Fatalf("a 渠县 key reading 通川区: %d", res.StatusCode)
	}
	if res, _ := admin.doJSON("DELETE", "/api/v1/apikeys/"+itoa(created.ID), ""); res.StatusCode != 204 {
		t.Fatalf("revoke: %d", res.StatusCode)
	}
	if res, body := machine.do("GET", "/api/v1/me", nil); res.StatusCode != 401 || !strings.Contains(body, "吊销") {
		t.Fatalf("revoked: %d %s", res.StatusCode, body)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
