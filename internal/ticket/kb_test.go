package ticket

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// resolvedFault opens a fault with title and content and resolves it.
func (e *env) resolvedFault(t testing.TB, title, content string) Ticket {
	t.Helper()
	ctx := e.as(t, "yunwei")
	tk, err := e.svc.Open(ctx, OpenInput{Kind: Fault, Severity: General, Title: title, Content: content,
		Channel: "phone", ReporterName: "王受理", RegionCode: "511702", Subsystem: "网上大厅"})
	if err != nil {
		t.Fatal(err)
	}
	tk, err = e.svc.Resolve(ctx, tk.ID, ResolveInput{Cause: "会话存储满", Resolution: "清理会话表并扩容", Resolved: true})
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// TestKB_FromTicket: an open ticket cannot become an article, a resolved
// one is prefilled, becomes one article only, and says so in its history.
func TestKB_FromTicket(t *testing.T) {
	e := newEnv(t)
	ctx := e.as(t, "yunwei")
	open := e.fault(t, General)
	if _, err := e.svc.DraftArticle(ctx, open.ID); !errs.Is(err, errs.Conflict) {
		t.Fatalf("draft from open ticket: %v", err)
	}
	tk := e.resolvedFault(t, "统一身份认证登录超时", "用户登录后 30 秒即提示超时。")
	in, err := e.svc.DraftArticle(ctx, tk.ID)
	if err != nil || in.Title != tk.Title || in.Symptom != tk.Content || in.Cause != "会话存储满" ||
		in.Solution != "清理会话表并扩容" || in.Subsystem != "网上大厅" || in.TicketID != tk.ID {
		t.Fatalf("draft = %+v, %v", in, err)
	}
	in.Tags = []string{"登录，超时", "登录"}
	a, err := e.svc.CreateArticle(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if a.TicketNumber != tk.Number || len(a.Tags) != 2 || a.Version != 1 || a.Author == "" {
		t.Errorf("article = %+v", a)
	}
	if _, err := e.svc.CreateArticle(ctx, in); !errs.Is(err, errs.Conflict) {
		t.Errorf("second article from one ticket: %v", err)
	}
	d, err := e.svc.Details(ctx, &tk)
	if err != nil || d.ArticleID != a.ID {
		t.Errorf("details article = %d, %v", d.ArticleID, err)
	}
	if h := d.History[len(d.History)-1]; h.Action != "转为知识库文章" {
		t.Errorf("last history = %+v", h)
	}
	if _, err := e.svc.CreateArticle(e.as(t, "jianguan"), in); !errs.Is(err, errs.Forbidden) {
		t.Errorf("supervisor creates: %v", err)
	}
	testkit.AuditChainOK(t, e.db)
}

// TestKB_Search: two-character Chinese terms over title, symptom and
// solution; LIKE wildcards typed by the user match only themselves; tags
// match whole.
func TestKB_Search(t *testing.T) {
	e := newEnv(t)
	ctx := e.as(t, "yunwei")
	mk := func(title, symptom, solution string, tags ...string) {
		t.Helper()
		if _, err := e.svc.CreateArticle(ctx, ArticleInput{Title: title, Symptom: symptom, Solution: solution, Tags: tags}); err != nil {
			t.Fatal(err)
		}
	}
	mk("登录失败", "输入密码后无反应", "清除浏览器缓存", "登录")
	mk("上传材料慢", "大文件上传超时", "调整网关超时为 300 秒", "上传")
	mk("打印异常", "受理单打印空白", "进度 100% 后重装驱动", "打印_驱动")
	mk("证照推送", "推送队列积压", "重启推送服务 login_job", "登录日志")
	cases := []struct {
		f    KBFilter
		want int
	}{
		{KBFilter{Query: "登录"}, 1},       // title only (the fourth has it as a tag, not in text)
		{KBFilter{Query: "超时"}, 1},       // symptom and solution of one article
		{KBFilter{Query: "缓存"}, 1},       // solution
		{KBFilter{Query: "上传 超时"}, 1},    // every word
		{KBFilter{Query: "上传 打印"}, 0},    // not both anywhere
		{KBFilter{Query: "100%"}, 1},     // % is literal
		{KBFilter{Query: "%"}, 1},        // not a wildcard
		{KBFilter{Query: "_"}, 1},        // only login_job has one in the searched text
		{KBFilter{Query: "LOGIN"}, 1},    // case-insensitive
		{KBFilter{Tag: "登录"}, 1},         // whole tag, not 登录日志
		{KBFilter{Tag: "打印_驱动"}, 1},      // with an underscore
		{KBFilter{Tag: "打印%"}, 0},        // no wildcard in tags
		{KBFilter{}, 4},                  // everything
		{KBFilter{Query: "不存在的词"}, 0},    // nothing
		{KBFilter{Query: "  登录  "}, 1},   // spaces trimmed
		{KBFilter{Query: "大厅"}, 0},       // subsystem is not searched
		{KBFilter{Subsystem: "网上大厅"}, 0}, // and none was set
	}
	for _, c := range cases {
		got, n, err := e.svc.Articles(e.as(t, "jianguan"), c.f)
		if err != nil || n != c.want || len(got) != c.want {
			t.Errorf("%+v: %d (%d rows), %v; want %d", c.f, n, len(got), err, c.want)
		}
	}
	if _, _, err := e.svc.Articles(e.as(t, "qiye"), KBFilter{}); !errs.Is(err, errs.Forbidden) {
		t.Errorf("applicant reads the knowledge base: %v", err)
	}
}

// TestKB_UpdateAndValidate: Chinese field errors, a stale version refused,
// the changed fields audited.
func TestKB_UpdateAndValidate(t *testing.T) {
	e := newEnv(t)
	ctx := e.as(t, "yunwei")
	_, err := e.svc.CreateArticle(ctx, ArticleInput{Title: " ", Tags: []string{"一二三四五六七八九十一二三四五六七八九十一"}})
	f := errs.FieldsOf(err)
	if f["title"] != "请填写标题。" || f["symptom"] == "" || f["solution"] == "" || f["tags"] != "每个标签不能超过 20 字。" {
		t.Fatalf("fields = %v", f)
	}
	a, err := e.svc.CreateArticle(ctx, ArticleInput{Title: "甲", Symptom: "乙", Solution: "丙"})
	if err != nil {
		t.Fatal(err)
	}
	in := ArticleInput{Title: "甲（修订）", Symptom: "乙", Solution: "丙", Version: a.Version}
	b, err := e.svc.UpdateArticle(ctx, a.ID, in)
	if err != nil || b.Version != 2 || b.Title != "甲（修订）" {
		t.Fatalf("update = %+v, %v", b, err)
	}
	if _, err := e.svc.UpdateArticle(ctx, a.ID, in); !errs.Is(err, errs.Conflict) {
		t.Errorf("stale version: %v", err)
	}
	var detail string
	err = e.db.QueryRowContext(context.Background(), `SELECT detail FROM audit_events WHERE action = 'kb.update'`).Scan(&detail)
	if err != nil || detail != `{"changed":["title"],"version":2}` {
		t.Errorf("audit detail = %q, %v", detail, err)
	}
}

// TestKB_HTTP: the pages with their error summary, and the API.
func TestKB_HTTP(t *testing.T) {
	e := newEnv(t)
	rt := newRouter(t, e)
	tk := e.resolvedFault(t, "登录超时", "登录后很快超时")
	newPath := "/ops/kb/new?ticket=" + strconv.FormatInt(tk.ID, 10)
	testkit.Expect(t, call(t, e, rt, "yunwei", "GET", newPath, nil), 200, "清理会话表并扩容", `name="ticket_id" value="`+strconv.FormatInt(tk.ID, 10))
	testkit.Expect(t, call(t, e, rt, "jianguan", "GET", newPath, nil), 403)
	form := url.Values{"ticket_id": {strconv.FormatInt(tk.ID, 10)}, "title": {"登录超时"}, "symptom": {""},
		"solution": {"清理会话表"}, "tags": {"登录，超时"}}
	testkit.Expect(t, call(t, e, rt, "yunwei", "POST", "/ops/kb", form), 400, "请填写故障现象", `href="#f-symptom"`, "登录，超时")
	form.Set("symptom", "登录后很快超时")
	rec := call(t, e, rt, "yunwei", "POST", "/ops/kb", form)
	if rec.Code != 303 {
		t.Fatalf("create: %d %s", rec.Code, rec.Body.String())
	}
	path := rec.Header().Get("Location")
	testkit.Expect(t, call(t, e, rt, "jianguan", "GET", path, nil), 200, "清理会话表", tk.Number)
	testkit.Expect(t, call(t, e, rt, "jianguan", "GET", "/ops/kb?q=超时", nil), 200, "共 1 篇", "登录超时")
	testkit.Expect(t, call(t, e, rt, "yunwei", "GET", path+"/edit", nil), 200, `name="version" value="1"`)
	form.Set("version", "7")
	testkit.Expect(t, call(t, e, rt, "yunwei", "POST", path+"/edit", form), 409, "已被他人修改")
	testkit.Expect(t, call(t, e, rt, "yunwei", "GET", Link(tk.ID), nil), 200, `href="`+path+`"`)

	rec = call(t, e, rt, "jianguan", "GET", "/api/v1/ops/kb?q=登录", nil)
	testkit.Expect(t, rec, 200, `"count":1`, `"tags":["登录","超时"]`)
	var list articleList
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil || len(list.Items) != 1 {
		t.Fatalf("list: %v", err)
	}
	api := "/api/v1/ops/kb/" + strconv.FormatInt(list.Items[0].ID, 10)
	testkit.Expect(t, call(t, e, rt, "yunwei", "PUT", api, `{"title":"","version":1}`), 400, `"title"`, `"symptom"`)
	testkit.Expect(t, call(t, e, rt, "yunwei", "PUT", api, `{"title":"登录超时（会话）","symptom":"甲","solution":"乙","version":1}`),
		200, `"version":2`)
	testkit.Expect(t, call(t, e, rt, "jianguan", "PUT", api, `{}`), 403)
	testkit.Expect(t, call(t, e, rt, "yunwei", "POST", "/api/v1/ops/kb", `{"title":"甲","symptom":"乙","solution":"丙"}`), 201, `"version":1`)
	testkit.Expect(t, call(t, e, rt, "qiye", "GET", api, nil), 403)
	testkit.Expect(t, call(t, e, rt, "jianguan", "GET", "/api/v1/ops/kb/999999", nil), 404)
}
