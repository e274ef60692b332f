package licence

import (
	"context"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/pdfdoc"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

func newRouter(t *testing.T, e *env) *web.Router {
	t.Helper()
	return testkit.NewRouter(t, map[string]fs.FS{"licence": Templates()}, func(rt *web.Router, rd *web.Renderer) {
		NewHTTP(e.lic, rd).Routes(rt)
	})
}

// call sends a request as user ("" for anonymous) with a form or JSON body.
func call(t *testing.T, e *env, rt http.Handler, user, method, path string, body any) *httptest.ResponseRecorder {
	t.Helper()
	var ctx context.Context
	if user != "" {
		ctx = access.With(context.Background(), e.principal(t, user))
	}
	return testkit.Do(t, rt, ctx, method, path, body)
}

func expect(t *testing.T, rec *httptest.ResponseRecorder, status int, contains ...string) {
	t.Helper()
	testkit.Expect(t, rec, status, contains...)
}

// TestHTTP_Pages walks the holder's list, detail and PDF, another county's
// clerk who sees nothing, the public verification page, and revocation by
// the issuing unit's head with a refused empty reason and a repeated one.
func TestHTTP_Pages(t *testing.T) {
	e := newEnv(t)
	rt := newRouter(t, e)
	l := e.mustIssue(t, e.approved(t, "pages").ID)
	page := "/licences/" + l.Number

	expect(t, call(t, e, rt, "qiye", "GET", "/licences", nil), 200, "我的证照", l.Number, "建筑工程施工许可证", "有效")
	expect(t, call(t, e, rt, "chuangkou.qx", "GET", "/licences", nil), 200, "共 0 份")
	expect(t, call(t, e, rt, "jianguan", "GET", "/licences?q=SGXK&state=valid", nil), 200, l.Number)
	expect(t, call(t, e, rt, "qiye", "GET", page, nil), 200, l.HolderName, l.Digest, testBase+"/verify/"+l.Number)
	expect(t, call(t, e, rt, "chuangkou.qx", "GET", page, nil), 404)
	expect(t, call(t, e, rt, "", "GET", "/licences", nil), http.StatusSeeOther) // to the login page

	rec := call(t, e, rt, "qiye", "GET", page+".pdf", nil)
	expect(t, rec, 200)
	if rec.Header().Get("Content-Type") != "application/pdf" || pdfdoc.Check(rec.Body.Bytes()) != nil {
		t.Fatalf("PDF download: %s, %d bytes", rec.Header().Get("Content-Type"), rec.Body.Len())
	}
	expect(t, call(t, e, rt, "chuangkou.qx", "GET", page+".pdf", nil), 404)

	expect(t, call(t, e, rt, "", "GET", "/verify/"+l.Number, nil), 200, "有效", l.HolderName, "BEGIN PUBLIC KEY")
	expect(t, call(t, e, rt, "", "GET", "/verify/511702-SGXK-2026-999999", nil), 404, "不存在")

	expect(t, call(t, e, rt, "qiye", "GET", page, nil), 200)
	expect(t, call(t, e, rt, "qiye", "POST", page+"/revoke", url.Values{"reason": {"x"}}), 403)
	expect(t, call(t, e, rt, "fuzeren", "POST", page+"/revoke", url.Values{"reason": {"x"}}), 403)
	expect(t, call(t, e, rt, "kezhang.zj", "GET", page, nil), 200, "撤销证照")
	expect(t, call(t, e, rt, "kezhang.zj", "POST", page+"/revoke", url.Values{"reason": {"  "}}), 400, "请填写撤销理由")
	expect(t, call(t, e, rt, "kezhang.zj", "POST", page+"/revoke", url.Values{"reason": {"以欺骗手段取得许可"}}), http.StatusSeeOther)
	expect(t, call(t, e, rt, "admin", "POST", page+"/revoke", url.Values{"reason": {"再撤一次"}}), 409, "不能重复撤销")
	expect(t, call(t, e, rt, "", "GET", "/verify/"+l.Number, nil), 200, "已撤销", "以欺骗手段取得许可")
	expect(t, call(t, e, rt, "qiye", "GET", "/licences?state=revoked", nil), 200, l.Number, "已撤销")
	if n := len(testkit.AuditEvents(t, e.db, "licence.revoke")); n != 1 {
		t.Fatalf("%d licence.revoke events", n)
	}
	testkit.AuditChainOK(t, e.db)
}

func TestHTTP_API(t *testing.T) {
	e := newEnv(t)
	rt := newRouter(t, e)
	l := e.mustIssue(t, e.approved(t, "api").ID)
	api := "/api/v1/licences/" + l.Number

	expect(t, call(t, e, rt, "", "GET", api+"/verify", nil), 200, `"state":"valid"`, `"signature_ok":true`)
	expect(t, call(t, e, rt, "", "GET", "/api/v1/licences/511702-SGXK-2026-999999/verify", nil), 404, `"state":"not_found"`)
	rec := call(t, e, rt, "", "GET", api+"/signed-data", nil)
	expect(t, rec, 200, `"distid":"1234567812345678"`)
	var sd SignedData
	if err := json.Unmarshal(rec.Body.Bytes(), &sd); err != nil {
		t.Fatal(err)
	}
	if !VerifySignature(sd.PublicKeyPEM, sd.Data, sd.Signature) || Digest(sd.Data) != sd.DigestSM3 {
		t.Fatal("the published signed data does not verify")
	}
	expect(t, call(t, e, rt, "", "GET", "/api/v1/licences/no-such/signed-data", nil), 404)

	expect(t, call(t, e, rt, "qiye", "GET", "/api/v1/licences", nil), 200, `"count":1`, l.Number)
	expect(t, call(t, e, rt, "chuangkou.qx", "GET", "/api/v1/licences", nil), 200, `"count":0`, `"items":[]`)
	expect(t, call(t, e, rt, "qiye", "GET", "/api/v1/licences?state=bogus", nil), 400)
	expect(t, call(t, e, rt, "jianguan", "GET", api, nil), 200, `"holder_name"`)
	expect(t, call(t, e, rt, "jianguan", "POST", api+"/revoke", `{"reason":"x"}`), 403)
	expect(t, call(t, e, rt, "admin", "POST", api+"/revoke", `{"reason":""}`), 400, `"reason"`)
	expect(t, call(t, e, rt, "admin", "POST", api+"/revoke", `{"reason":"规划条件变更，依法撤回"}`), 200, `"revoke_reason"`)
	expect(t, call(t, e, rt, "admin", "POST", api+"/revoke", `{"reason":"again"}`), 409, `"code":"conflict"`)
	expect(t, call(t, e, rt, "", "GET", api+"/verify", nil), 200, `"state":"revoked"`, "规划条件变更")
}

func TestHTTP_OpenAPI(t *testing.T) {
	e := newEnv(t)
	paths := newRouter(t, e).OpenAPI("gongai", "test")["paths"].(map[string]any)
	for _, p := range []string{"/api/v1/licences", "/api/v1/licences/{no}", "/api/v1/licences/{no}/verify",
		"/api/v1/licences/{no}/signed-data", "/api/v1/licences/{no}/revoke"} {
		if paths[p] == nil {
			t.Errorf("OpenAPI lacks %s", p)
		}
	}
}
