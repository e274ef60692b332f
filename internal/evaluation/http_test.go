package evaluation

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

	"github.com/dazhou-gongai/gongai/internal/platform/web"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// newRouter builds the real renderer and router with this package's routes,
// as the app does, minus the session and CSRF middleware.
func newRouter(t *testing.T, e *env) *web.Router {
	t.Helper()
	return testkit.NewRouter(t, map[string]fs.FS{"evaluation": Templates()}, func(rt *web.Router, rd *web.Renderer) {
		NewHTTP(e.ev, rd).Routes(rt)
	})
}

// call sends a request as user ("" for anonymous) with a form or JSON body.
func call(t *testing.T, e *env, rt http.Handler, user, method, path string, body any) *httptest.ResponseRecorder {
	t.Helper()
	var ctx context.Context
	if user != "" {
		ctx = e.as(t, user)
	}
	return testkit.Do(t, rt, ctx, method, path, body)
}

func expect(t *testing.T, rec *httptest.ResponseRecorder, status int, contains ...string) {
	t.Helper()
	testkit.Expect(t, rec, status, contains...)
}

// TestHTTP_Pages walks a bad rating through the pages: a refused form that
// keeps the input, the rating, the department's answer, and the follow-up.
func TestHTTP_Pages(t *testing.T) {
	e := newEnv(t)
	rt := newRouter(t, e)
	c := e.concludedCase(t, "qiye", "pages", true)
	path := RatingURL(c.ID)

	expect(t, call(t, e, rt, "qiye", "GET", path, nil), 200, "提交评价", "非常不满意", "办事效率", c.Number)
	expect(t, call(t, e, rt, "chuangkou", "GET", path, nil), 403)
	expect(t, call(t, e, rt, "daiban", "GET", path, nil), 403)
	expect(t, call(t, e, rt, "", "GET", path, nil), http.StatusSeeOther) // to the login page
	bad := url.Values{"level": {"1"}, "comment": {"等太久"}}
	expect(t, call(t, e, rt, "qiye", "POST", path, bad), 400, "请选择不满意的方面", `href="#f-aspects"`, "等太久")
	bad.Set("aspects", "efficiency")
	rec := call(t, e, rt, "qiye", "POST", path, bad)
	expect(t, rec, http.StatusSeeOther)
	expect(t, call(t, e, rt, "qiye", "GET", path, nil), 200, "您的评价", "非常不满意", "等太久", "查看整改情况")
	expect(t, call(t, e, rt, "qiye", "POST", path, url.Values{"level": {"5"}}), 409, "已经评价过")

	rec = call(t, e, rt, "shenpi.zj", "GET", "/rectifications", nil)
	expect(t, rec, 200, c.Number, "待整改")
	x := firstRect(t, e, "shenpi.zj")
	xpath := RectificationURL(x.ID)
	expect(t, call(t, e, rt, "shenpi.zj", "GET", xpath, nil), 200, "提交整改答复", "等太久")
	expect(t, call(t, e, rt, "shenpi", "GET", xpath, nil), 404)
	expect(t, call(t, e, rt, "chuangkou", "GET", xpath, nil), 404) // a department's, not the window's
	expect(t, call(t, e, rt, "shenpi.zj", "POST", xpath+"/answer", url.Values{"answer": {""}}), 400, "请填写整改情况")
	expect(t, call(t, e, rt, "shenpi.zj", "POST", xpath+"/answer", url.Values{"answer": {"已加派人手"}}), http.StatusSeeOther)
	expect(t, call(t, e, rt, "qiye", "GET", xpath, nil), 200, "已加派人手", "提交回访")
	expect(t, call(t, e, rt, "qiye", "POST", xpath+"/followup", url.Values{"note": {"再看看"}}), 400,
		"请选择您对整改结果是否满意", "再看看")
	expect(t, call(t, e, rt, "qiye", "POST", xpath+"/followup", url.Values{"satisfied": {"yes"}}), http.StatusSeeOther)
	expect(t, call(t, e, rt, "jianguan", "GET", xpath, nil), 200, "已办结", "申请人回访：满意")
	expect(t, call(t, e, rt, "jianguan", "POST", xpath+"/close", url.Values{"note": {"关"}}), 409)
}

func firstRect(t *testing.T, e *env, user string) Rectification {
	t.Helper()
	items, _, err := e.ev.List(e.as(t, user), Filter{})
	if err != nil || len(items) == 0 {
		t.Fatalf("List(%s) = %v, %v", user, items, err)
	}
	return items[0]
}

func TestHTTP_API(t *testing.T) {
	e := newEnv(t)
	rt := newRouter(t, e)
	c := e.concludedCase(t, "qiye", "api", true)
	path := fmt.Sprintf("/api/v1/cases/%d/rating", c.ID)

	expect(t, call(t, e, rt, "qiye", "GET", path, nil), 200, `"ratable":true`, `"rating":null`)
	expect(t, call(t, e, rt, "qiye", "POST", path, `{"level":2}`), 400, `"fields"`, `"aspects"`, `"comment"`)
	expect(t, call(t, e, rt, "qiye", "POST", path, `{"level":2,"bogus":1}`), 400, `"code":"invalid"`)
	rec := call(t, e, rt, "qiye", "POST", path, `{"level":2,"aspects":["materials"],"comment":"材料要求不清"}`)
	expect(t, rec, http.StatusCreated, `"level_label":"不满意"`)
	var r Rating
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil || r.RectificationID == 0 {
		t.Fatalf("rating %s: %v", rec.Body, err)
	}
	id := fmt.Sprint(r.RectificationID)
	expect(t, call(t, e, rt, "qiye", "POST", path, `{"level":5}`), 409, `"code":"conflict"`)
	expect(t, call(t, e, rt, "kezhang.zj", "GET", "/api/v1/rectifications?state=open", nil), 200, `"count":1`, `"due":"2026-03-16"`)
	expect(t, call(t, e, rt, "shenpi.xf", "GET", "/api/v1/rectifications", nil), 200, `"count":0`, `"items":[]`)
	expect(t, call(t, e, rt, "qiye", "POST", "/api/v1/rectifications/"+id+"/followup", `{"satisfied":true}`), 409)
	expect(t, call(t, e, rt, "shenpi.xf", "POST", "/api/v1/rectifications/"+id+"/answer", `{"text":"x"}`), 404)
	expect(t, call(t, e, rt, "kezhang.zj", "POST", "/api/v1/rectifications/"+id+"/answer", `{"text":"已公布材料样表"}`), 200,
		`"state":"answered"`)
	expect(t, call(t, e, rt, "jianguan", "POST", "/api/v1/rectifications/"+id+"/close", `{"text":"已核实"}`), 200,
		`"close_kind":"supervisor"`, `"state":"closed"`)
	expect(t, call(t, e, rt, "jianguan", "GET", "/api/v1/evaluation/figures?region=511702&from=2026-03-01&to=2026-03-31", nil),
		200, `"satisfaction":{"numerator":0,"denominator":1}`, `"rectification":{"numerator":1,"denominator":1}`)
	expect(t, call(t, e, rt, "jianguan", "GET", "/api/v1/evaluation/figures?from=三月", nil), 400)
	expect(t, call(t, e, rt, "qiye", "GET", "/api/v1/evaluation/figures?from=2026-03-01&to=2026-03-31", nil), 403)
	expect(t, call(t, e, rt, "", "GET", "/api/v1/rectifications", nil), 401)
}

func TestHTTP_OpenAPI(t *testing.T) {
	e := newEnv(t)
	paths := newRouter(t, e).OpenAPI("gongai", "test")["paths"].(map[string]any)
	for _, p := range []string{"/api/v1/cases/{id}/rating", "/api/v1/rectifications", "/api/v1/rectifications/{id}",
		"/api/v1/rectifications/{id}/answer", "/api/v1/rectifications/{id}/close", "/api/v1/rectifications/{id}/followup",
		"/api/v1/evaluation/figures", "/api/v1/public/results", "/api/v1/public/results/{number}"} {
		if paths[p] == nil {
			t.Errorf("OpenAPI lacks %s", p)
		}
	}
}

// TestHTTP_Public: the register lists only concluded cases, without login,
// filters by region, item and month, finds a two-character term, and
// refuses a malformed month with a Chinese message.
func TestHTTP_Public(t *testing.T) {
	e := newEnv(t)
	rt := newRouter(t, e)
	approved := e.concludedCase(t, "qiye", "p1", true)
	denied := e.concludedCase(t, "qiye", "p2", false)
	open := e.acceptedCase(t, "p3")
	refused := e.refusedCase(t, "p4")
	term := string([]rune(approved.ProjectName)[2:4])

	rec := call(t, e, rt, "", "GET", "/public/results", nil)
	expect(t, rec, 200, "共 2 件", approved.Number, denied.Number, "办结通过", "办结不通过", "个工作日")
	for _, n := range []string{open.Number, refused.Number} {
		if strings.Contains(rec.Body.String(), n) {
			t.Errorf("register shows unconcluded case %s", n)
		}
	}
	for _, tc := range []struct {
		query string
		want  string
	}{
		{"?region=511702&item=low_risk_joint_acceptance&month=2026-03", "共 2 件"},
		{"?region=511725", "共 0 件"},
		{"?month=2026-04", "共 0 件"},
		{"?q=" + url.QueryEscape(term), "共 2 件"},
		{"?q=" + url.QueryEscape("不存在的名称"), "共 0 件"},
		{"?q=%25", "共 0 件"},
	} {
		expect(t, call(t, e, rt, "", "GET", "/public/results"+tc.query, nil), 200, tc.want)
	}
	expect(t, call(t, e, rt, "", "GET", "/public/results?month=2026-3", nil), 400, "月份格式应为", `href="#f-month"`)
	expect(t, call(t, e, rt, "", "GET", "/public/results/"+approved.Number, nil), 200, "办结通过", "达州川东建设有限公司",
		"实际用时")
	expect(t, call(t, e, rt, "", "GET", "/public/results/"+open.Number, nil), 404)
	expect(t, call(t, e, rt, "", "GET", "/api/v1/public/results?limit=1", nil), 200, `"count":2`, `"used_days":`)
	expect(t, call(t, e, rt, "", "GET", "/api/v1/public/results/"+refused.Number, nil), 404)
}

// TestHTTP_PublicCountCapped: past ResultCountCap matches the register says
// "超过 10000 件" (and count_capped in the API) instead of counting them all,
// and pages up to the cap only.
func TestHTTP_PublicCountCapped(t *testing.T) {
	e := newEnv(t)
	rt := newRouter(t, e)
	c := e.concludedCase(t, "qiye", "p1", true)
	cloneCase(t, e, c.ID, ResultCountCap)
	expect(t, call(t, e, rt, "", "GET", "/public/results", nil), 200, "超过 10000 件", "请按区县")
	expect(t, call(t, e, rt, "", "GET", "/public/results?region=511725", nil), 200, "共 0 件")
	expect(t, call(t, e, rt, "", "GET", "/api/v1/public/results?limit=1", nil), 200,
		fmt.Sprintf(`"count":%d`, ResultCountCap), `"count_capped":true`)
}

// cloneCase copies case id n times under new numbers, in one statement.
func cloneCase(t *testing.T, e *env, id int64, n int) {
	t.Helper()
	ins, sel := caseCopyColumns(t, e, map[string]string{"number": "c.number || '-' || CAST(n.i AS TEXT)"})
	_, err := e.db.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $2)
		INSERT INTO cases (`+ins+`) SELECT `+sel+` FROM cases c CROSS JOIN n WHERE c.id = $1`, id, n)
	if err != nil {
		t.Fatal(err)
	}
}

// caseCopyColumns are the columns of cases but id, and the expressions
// copying them from the row c, replaced by over for the columns it names.
func caseCopyColumns(t *testing.T, e *env, over map[string]string) (ins, sel string) {
	t.Helper()
	rows, err := e.db.Query(`SELECT * FROM cases WHERE 1 = 0`)
	if err != nil {
		t.Fatal(err)
	}
	cols, err := rows.Columns()
	rows.Close()
	if err != nil {
		t.Fatal(err)
	}
	var is, ss []string
	for _, col := range cols {
		v, ok := over[col]
		if !ok {
			v = "c." + col
		}
		if col != "id" {
			is, ss = append(is, col), append(ss, v)
		}
	}
	return strings.Join(is, ", "), strings.Join(ss, ", ")
}
