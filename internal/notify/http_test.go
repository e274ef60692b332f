package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

func newRouter(t *testing.T, f fixture) *web.Router {
	t.Helper()
	return testkit.NewRouter(t, map[string]fs.FS{"notify": Templates()}, func(rt *web.Router, rd *web.Renderer) {
		NewHTTP(f.svc, rd).Routes(rt)
	})
}

// request sends one request as p (nil: anonymous) and returns the recorder.
func request(t *testing.T, rt http.Handler, p *access.Principal, method, path string, form url.Values) *httptest.ResponseRecorder {
	t.Helper()
	var ctx context.Context
	if p != nil {
		ctx = as(p)
	}
	if form == nil {
		return testkit.Do(t, rt, ctx, method, path, nil)
	}
	return testkit.Do(t, rt, ctx, method, path, form)
}

func expect(t *testing.T, rec *httptest.ResponseRecorder, status int, contains ...string) {
	t.Helper()
	testkit.Expect(t, rec, status, contains...)
}

func TestHTTP_Inbox(t *testing.T) {
	f := newFixture(t)
	rt := newRouter(t, f)
	tcZrzy := f.unit(t, "511702", "zrzy")
	p := f.staff(t, "a", access.Reviewer, "511702", tcZrzy)
	other := f.staff(t, "b", access.Reviewer, "511725", f.unit(t, "511725", "zrzy"))
	f.send(t, Notification{Kind: "case.warning", Title: "办件预警：测试事项", Body: "已用 8/10 个工作日",
		Link: "/cases/7", ToOrgID: tcZrzy})
	f.send(t, Notification{Kind: "test", Title: "无链接的通知", ToUserID: p.UserID})
	items, _, _ := f.svc.Inbox(as(p), Filter{})
	warnID := fmt.Sprint(items[1].ID)

	expect(t, request(t, rt, p, "GET", "/notifications", nil), 200,
		"我的通知", "共 2 条通知，其中未读 2 条", "办件预警：测试事项", `href="/cases/7"`, "未读", "查看并标为已读")
	rec := request(t, rt, p, "POST", "/notifications/"+warnID+"/read", url.Values{"open": {"1"}})
	expect(t, rec, http.StatusSeeOther)
	if loc := rec.Header().Get("Location"); loc != "/cases/7" {
		t.Errorf("open: Location %q, want /cases/7", loc)
	}
	expect(t, request(t, rt, p, "GET", "/notifications?unread=1", nil), 200, "共 1 条未读通知", "无链接的通知")
	expect(t, request(t, rt, other, "POST", "/notifications/"+warnID+"/read", url.Values{}), 404)

	rec = request(t, rt, p, "POST", "/notifications/read-all", url.Values{"next": {"//evil.example/"}})
	expect(t, rec, http.StatusSeeOther)
	if loc := rec.Header().Get("Location"); loc != "/notifications" {
		t.Errorf("read-all with a foreign next: Location %q", loc)
	}
	expect(t, request(t, rt, p, "GET", "/notifications", nil), 200, "共 2 条通知，其中未读 0 条", "已读")

	rec = request(t, rt, nil, "GET", "/notifications", nil)
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/login") {
		t.Errorf("anonymous: %d %s", rec.Code, rec.Header().Get("Location"))
	}
}

func TestHTTP_InboxPaging(t *testing.T) {
	f := newFixture(t)
	rt := newRouter(t, f)
	p := f.staff(t, "a", access.Reviewer, "511702", f.unit(t, "511702", "zrzy"))
	for i := range 25 {
		f.send(t, Notification{Kind: "test", Title: fmt.Sprintf("第%02d条", i), ToUserID: p.UserID})
	}
	expect(t, request(t, rt, p, "GET", "/notifications", nil), 200, "第 1 / 2 页", `href="/notifications?page=2"`, "第24条")
	rec := request(t, rt, p, "GET", "/notifications?page=2", nil)
	expect(t, rec, 200, "第 2 / 2 页", `rel="prev"`, "第00条")
	if strings.Contains(rec.Body.String(), "第24条") {
		t.Error("page 2 shows the newest notification")
	}
}

func TestHTTP_API(t *testing.T) {
	f := newFixture(t)
	rt := newRouter(t, f)
	p := f.staff(t, "a", access.Reviewer, "511702", f.unit(t, "511702", "zrzy"))
	f.send(t, Notification{Kind: "test", Title: "接口通知", ToUserID: p.UserID, Link: "/cases/1"})
	rec := request(t, rt, p, "GET", "/api/v1/notifications?unread=true", nil)
	expect(t, rec, 200)
	var got inboxJSON
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || got.Count != 1 || got.Unread != 1 || got.Items[0].Title != "接口通知" {
		t.Fatalf("inbox JSON = %+v, %v", got, err)
	}
	rec = request(t, rt, p, "POST", fmt.Sprintf("/api/v1/notifications/%d/read", got.Items[0].ID), nil)
	expect(t, rec, 200, `"read":true`)
	expect(t, request(t, rt, p, "GET", "/api/v1/notifications?unread=true", nil), 200, `"items":[]`, `"unread":0`)
	expect(t, request(t, rt, p, "POST", "/api/v1/notifications/read-all", nil), 200, `"marked":0`)
	expect(t, request(t, rt, p, "POST", "/api/v1/notifications/999999/read", nil), 404, `"code":"not_found"`)

	key := &access.Principal{APIKeyID: 1, Name: "接口", Assignments: []access.Assignment{{Role: access.Machine, RegionCode: "511702"}}}
	expect(t, request(t, rt, key, "GET", "/api/v1/notifications", nil), 403, `"code":"forbidden"`)
	expect(t, request(t, rt, nil, "GET", "/api/v1/notifications", nil), 401)
}

func TestHTTP_OpenAPI(t *testing.T) {
	f := newFixture(t)
	doc := newRouter(t, f).OpenAPI("gongai", "test")
	paths := doc["paths"].(map[string]any)
	for _, p := range []string{"/api/v1/notifications", "/api/v1/notifications/{id}/read", "/api/v1/notifications/read-all"} {
		if paths[p] == nil {
			t.Errorf("OpenAPI lacks %s", p)
		}
	}
}
