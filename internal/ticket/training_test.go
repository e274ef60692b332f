package ticket

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

func trainingIn() TrainingInput {
	return TrainingInput{Title: "并联审批系统操作培训", RegionCode: "511702", HeldOn: "2026-03-18", Trainer: "吴运维",
		Hours: 1.5, Content: "网上申报、综合受理、并联审批的操作要点。",
		Attendees: []Attendee{{Name: "张三"}, {Username: "chuangkou"}},
		Materials: []Material{{Kind: "link", Name: "操作手册", URL: "https://example.gov.cn/manual"}}}
}

// TestTraining_CreateUpdateList: names from accounts, a stored file, the
// period and region filter, versioned edits and Chinese errors.
func TestTraining_CreateUpdateList(t *testing.T) {
	e := newEnv(t)
	ctx := e.as(t, "yunwei")
	ref, err := e.svc.StoreTrainingFile(ctx, strings.NewReader("%PDF-1.4\n讲义\n%%EOF\n"), "讲义.pdf", "")
	if err != nil {
		t.Fatal(err)
	}
	in := trainingIn()
	in.Materials = append(in.Materials, Material{Kind: "file", Hash: ref.Hash})
	tr, err := e.svc.CreateTraining(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Minutes != 90 || tr.Count != 2 || tr.Attendees[1].Name != "王受理（演示·通川区）" || tr.Attendees[1].UserID == 0 ||
		tr.Materials[1].Name != "讲义.pdf" || tr.Materials[1].ContentType != "application/pdf" {
		t.Fatalf("created %+v", tr)
	}
	got, err := e.svc.Training(e.as(t, "jianguan"), tr.ID)
	if err != nil || len(got.Attendees) != 2 || len(got.Materials) != 2 || got.Hours() != "1.5" {
		t.Fatalf("read back %+v, %v", got, err)
	}
	in2 := trainingIn()
	in2.HeldOn, in2.RegionCode, in2.Title = "2026-05-06", "511725", "渠县窗口培训"
	if _, err := e.svc.CreateTraining(ctx, in2); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		f    TrainingFilter
		want int
	}{{TrainingFilter{}, 2}, {TrainingFilter{RegionCode: "511725"}, 1}, {TrainingFilter{From: "2026-03-18", To: "2026-03-18"}, 1},
		{TrainingFilter{From: "2026-03-19"}, 1}, {TrainingFilter{To: "2026-03-17"}, 0}, {TrainingFilter{Query: "渠县"}, 1}} {
		items, n, err := e.svc.Trainings(e.as(t, "jianguan"), c.f)
		if err != nil || n != c.want || len(items) != c.want {
			t.Errorf("%+v: %d, %v; want %d", c.f, n, err, c.want)
		}
	}
	in.Version, in.Attendees = 1, []Attendee{{Name: "李四"}}
	up, err := e.svc.UpdateTraining(ctx, tr.ID, in)
	if err != nil || up.Version != 2 || up.Count != 1 {
		t.Fatalf("update %+v, %v", up, err)
	}
	if _, err := e.svc.UpdateTraining(ctx, tr.ID, in); !errs.Is(err, errs.Conflict) {
		t.Errorf("stale version: %v", err)
	}
	bad := TrainingInput{Hours: 30, Attendees: []Attendee{{Username: "nobody"}}, RegionCode: "511702", Title: "x", Trainer: "y",
		Content: "z", HeldOn: "2026-02-30", Materials: []Material{{Kind: "link", URL: "javascript:alert(1)"}}}
	f := errs.FieldsOf(func() error { _, err := e.svc.CreateTraining(ctx, bad); return err }())
	if f["hours"] == "" || f["held_on"] == "" || !strings.Contains(f["materials"], "http") {
		t.Errorf("fields = %v", f)
	}
	bad.Hours, bad.HeldOn, bad.Materials = 2, "2026-02-27", nil
	f = errs.FieldsOf(func() error { _, err := e.svc.CreateTraining(ctx, bad); return err }())
	if f["attendees"] != "参训人员第 1 项的账户不存在。" {
		t.Errorf("unknown account: %v", f)
	}
	if _, err := e.svc.CreateTraining(e.as(t, "jianguan"), trainingIn()); !errs.Is(err, errs.Forbidden) {
		t.Errorf("supervisor records training: %v", err)
	}
	testkit.AuditChainOK(t, e.db)
}

// multipartPost posts fields and one file as user.
func multipartPost(t *testing.T, e *env, rt http.Handler, user, path string, fields map[string]string, file, content string) *httptest.ResponseRecorder {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	if file != "" {
		fw, _ := mw.CreateFormFile("files", file)
		_, _ = io.WriteString(fw, content)
	}
	_ = mw.Close()
	req := httptest.NewRequest("POST", path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req = req.WithContext(access.With(context.Background(), e.principal(t, user)))
	rec := httptest.NewRecorder()
	rt.ServeHTTP(rec, req)
	return rec
}

// TestTraining_HTTP: the form with an upload and its error summary, the
// session page and file download, the list filter, and the API.
func TestTraining_HTTP(t *testing.T) {
	e := newEnv(t)
	rt := newRouter(t, e)
	fields := map[string]string{"title": "受理培训", "region_code": "511702", "held_on": "2026-03-18", "trainer": "吴运维",
		"hours": "", "content": "受理要点", "attendees": "张三\n@chuangkou", "links": "手册 https://example.gov.cn/m"}
	testkit.Expect(t, multipartPost(t, e, rt, "yunwei", "/ops/training", fields, "a.exe", "MZ\x90"), 400,
		"a.exe：不支持该文件类型", `href="#f-files"`, "受理要点")
	rec := multipartPost(t, e, rt, "yunwei", "/ops/training", fields, "讲义.pdf", "%PDF-1.4\n%%EOF\n")
	testkit.Expect(t, rec, 400, "学时应大于 0", `value="`, "讲义.pdf")
	fields["hours"], fields["function"] = "2", "nope"
	testkit.Expect(t, multipartPost(t, e, rt, "yunwei", "/ops/training", fields, "讲义.pdf", "%PDF-1.4\n%%EOF\n"), 400,
		"所选区县没有这个部门", `<option value="511702" selected>`)
	fields["function"] = "window"
	rec = multipartPost(t, e, rt, "yunwei", "/ops/training", fields, "讲义.pdf", "%PDF-1.4\n%%EOF\n")
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("create: %d %s", rec.Code, rec.Body.String())
	}
	path := rec.Header().Get("Location")
	page := call(t, e, rt, "jianguan", "GET", path, nil)
	testkit.Expect(t, page, 200, "王受理", "讲义.pdf", "https://example.gov.cn/m", "2 小时", "综合窗口")
	i := strings.Index(page.Body.String(), path+"/files/")
	file := page.Body.String()[i : i+len(path)+7+64]
	testkit.Expect(t, call(t, e, rt, "jianguan", "GET", file, nil), 200, "%PDF-1.4")
	testkit.Expect(t, call(t, e, rt, "jianguan", "GET", path+"/files/"+strings.Repeat("0", 64), nil), 404)
	testkit.Expect(t, call(t, e, rt, "jianguan", "GET", "/ops/training?region=511702&from=2026-03-01&to=2026-03-31", nil),
		200, "共 1 次", "受理培训")
	testkit.Expect(t, call(t, e, rt, "jianguan", "GET", "/ops/training?from=2026-13-01", nil), 400, "日期格式")
	testkit.Expect(t, call(t, e, rt, "yunwei", "GET", path+"/edit", nil), 200, `name="file" value="`, "https://example.gov.cn/m")
	testkit.Expect(t, call(t, e, rt, "jianguan", "GET", "/ops/training/new", nil), 403)

	id := path[strings.LastIndex(path, "/")+1:]
	testkit.Expect(t, call(t, e, rt, "jianguan", "GET", "/api/v1/ops/training/"+id, nil), 200, `"minutes":120`, `"kind":"file"`)
	testkit.Expect(t, call(t, e, rt, "yunwei", "PUT", "/api/v1/ops/training/"+id, `{"version":1}`), 400, `"title"`, `"attendees"`)
	body := `{"title":"受理培训（补）","region_code":"511702","held_on":"2026-03-19","trainer":"吴运维","hours":1,
		"content":"补训","attendees":[{"name":"王五"}],"version":1}`
	testkit.Expect(t, call(t, e, rt, "yunwei", "PUT", "/api/v1/ops/training/"+id, body), 200, `"version":2`, `"materials":[]`)
	testkit.Expect(t, call(t, e, rt, "yunwei", "POST", "/api/v1/ops/training", body), 201)
	testkit.Expect(t, call(t, e, rt, "jianguan", "GET", "/api/v1/ops/training?from=2026-03-19", nil), 200, `"count":2`)
	testkit.Expect(t, call(t, e, rt, "qiye", "GET", "/api/v1/ops/training", nil), 403)
}
