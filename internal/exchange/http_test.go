package exchange

import (
	"bytes"
	"context"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/web"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

func (e *env) router(t *testing.T) *web.Router {
	t.Helper()
	return testkit.NewRouter(t, map[string]fs.FS{"exchange": Templates()}, func(rt *web.Router, rd *web.Renderer) {
		NewHTTP(e.ex, rd).Routes(rt)
	})
}

func TestHTTP_Pages(t *testing.T) {
	e := newEnv(t)
	e.concluded(t, "http")
	if _, err := e.DB.Exec(`UPDATE regions SET reporting_code = '511799' WHERE code = '511702'`); err != nil {
		t.Fatal(err)
	}
	e.ex = e.service(e.httpReceiver(t), nil)
	relay(t, e.ex)
	h, ops := e.router(t), e.As(t, "yunwei")
	testkit.Check(t, "queue", testkit.Do(t, h, ops, "GET", "/exchange", nil), testkit.Want{Status: 200,
		Contains: []string{"项目基本信息", "被拒收", "行政区划代码须为达州市的国家行政区划代码", "重新推送全部失败记录"}})
	testkit.Check(t, "window clerk", testkit.Do(t, h, e.As(t, "chuangkou"), "GET", "/exchange", nil), testkit.Want{Status: 403})
	id := e.queue(t)[0].ID
	testkit.Check(t, "repush", testkit.Do(t, h, ops, "POST", "/exchange/records/"+itoa(int(id))+"/repush", url.Values{}),
		testkit.Want{Status: http.StatusSeeOther, Location: "/exchange"})
	testkit.Check(t, "repush again", testkit.Do(t, h, ops, "POST", "/exchange/records/"+itoa(int(id))+"/repush", url.Values{}),
		testkit.Want{Status: http.StatusConflict, Contains: []string{"只有发送失败或被拒收的记录可以重新推送"}})
	testkit.Check(t, "api summary", testkit.Do(t, h, ops, "GET", "/api/v1/exchange/summary", nil),
		testkit.Want{Status: 200, Contains: []string{`"transport":"HTTP"`}})
	testkit.Check(t, "api records", testkit.Do(t, h, ops, "GET", "/api/v1/exchange/records?state=9", nil),
		testkit.Want{Status: 400, Contains: []string{"上报状态只能是"}})
	testkit.Check(t, "repush all", testkit.Do(t, h, ops, "POST", "/api/v1/exchange/repush", ""),
		testkit.Want{Status: 200, Contains: []string{`"count":0`}})
	if got := testkit.AuditEvents(t, e.DB, "exchange.repush"); len(got) != 1 {
		t.Errorf("audit: %d", len(got))
	}
}

func TestHTTP_Import(t *testing.T) {
	e := newEnv(t)
	h, ops := e.router(t), e.As(t, "yunwei")
	testkit.Check(t, "form", testkit.Do(t, h, ops, "GET", "/exchange/imports", nil), testkit.Want{Status: 200,
		Contains: []string{"导入项目代码", "还没有导入过项目代码"}})
	rec := upload(t, h, ops, "projects.txt", "项目代码\n")
	testkit.Check(t, "bad extension", rec, testkit.Want{Status: 400, Contains: []string{"请选择文件格式", "error-summary"}})
	csv := "XMDM,XMMC,XZQHDM,SPLCLX,DWMC,DWTYSHXYDM,ZTZE,JSDD\n2026-511702-47-03-012345,新厂房,511702,6,某公司," + testUSC + ",10,通川区\n"
	rec = upload(t, h, ops, "projects.csv", csv)
	testkit.Check(t, "import", rec, testkit.Want{Status: http.StatusSeeOther, Location: "/exchange/imports/"})
	testkit.Check(t, "report", testkit.Do(t, h, ops, "GET", rec.Header().Get("Location"), nil), testkit.Want{Status: 200,
		Contains: []string{"新建 1", "2026-511702-47-03-012345"}})
	body := `{"format":"json","records":[{"XMDM":"2026-511702-47-03-012345","XMMC":"新厂房二期","XZQHDM":"511702","SPLCLX":6,"DWMC":"某公司","DWTYSHXYDM":"` + testUSC + `","ZTZE":10,"JSDD":"通川区"}]}`
	testkit.Check(t, "api import", testkit.Do(t, h, ops, "POST", "/api/v1/exchange/imports", body),
		testkit.Want{Status: 201, Contains: []string{`"updated":1`}})
}

func upload(t *testing.T, h http.Handler, ctx context.Context, name, content string) *httptest.ResponseRecorder {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = fw.Write([]byte(content))
	_ = mw.Close()
	req := httptest.NewRequest("POST", "/exchange/imports", &buf).WithContext(ctx)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}
