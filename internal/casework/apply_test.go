package casework_test

import (
	"bytes"
	"context"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/platform/formschema"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// multipartBody is a browser's multipart form: fields, then files by input name.
func multipartBody(t *testing.T, fields map[string][]string, files map[string][]byte) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for name, data := range files {
		fw, err := mw.CreateFormFile(name, name+".pdf")
		if err != nil {
			t.Fatal(err)
		}
		_, _ = fw.Write(data)
	}
	_ = mw.Close()
	return &buf, mw.FormDataContentType()
}

func postMultipart(t *testing.T, h http.Handler, ctx context.Context, path string, fields map[string][]string,
	files map[string][]byte) *httptest.ResponseRecorder {
	t.Helper()
	body, ctype := multipartBody(t, fields, files)
	req := httptest.NewRequest("POST", path, body).WithContext(ctx)
	req.Header.Set("Content-Type", ctype)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// formFields turns sample answers into the names the rendered form posts.
func formFields(v formschema.Values, key string) map[string][]string {
	out := map[string][]string{"key": {key}}
	for k, val := range v.Fields {
		out[k] = []string{val}
	}
	for name, rows := range v.Rows {
		for i, row := range rows {
			for col, cell := range row {
				out[name+"["+strconv.Itoa(i)+"]."+col] = []string{cell}
			}
		}
	}
	return out
}

var matInput = regexp.MustCompile(`<input type="file" id="f-(mat-[0-9]+)"`)

// TestApplyPages: the hub lists the enterprise's projects; the one-form
// page asks each material once; a missing material comes back with the
// message and the files already sent kept; a complete form creates the
// cases; a reviewer may not apply; a window clerk's submission is a walk-in.
func TestApplyPages(t *testing.T) {
	e := newEnv(t)
	rt := testkit.NewRouter(t, map[string]fs.FS{"casework": casework.Templates()}, func(rt *web.Router, rd *web.Renderer) {
		casework.NewHTTP(e.cases, rd).Routes(rt)
	})
	qiye := e.as(t, "qiye")
	proj := e.demoProject(t, "511702", 4)
	testkit.Expect(t, testkit.Do(t, rt, qiye, "GET", "/apply", nil), 200, proj.Name, "按主题申报", "按部门申报", "按辅线")
	path := "/projects/" + strconv.FormatInt(proj.ID, 10) + "/apply?stage=4&item=low_risk_joint_acceptance"
	rec := testkit.Do(t, rt, qiye, "GET", path, nil)
	testkit.Expect(t, rec, 200, "申请表", "申请材料", `enctype="multipart/form-data"`)
	inputs := matInput.FindAllStringSubmatch(rec.Body.String(), -1)
	if len(inputs) < 2 {
		t.Fatalf("want at least two material inputs, got %d", len(inputs))
	}
	items := e.stageItems(t, "511702", 4, 4, "low_risk_joint_acceptance")
	fields := formFields(fillForm(items...), "apply-1")
	rec = postMultipart(t, rt, qiye, path, fields, map[string][]byte{inputs[0][1]: pdf(901)})
	testkit.Expect(t, rec, 422, "error-summary", "请上传", `name="`+inputs[0][1]+`.hash"`)
	hash := regexp.MustCompile(`name="` + inputs[0][1] + `.hash" value="([0-9a-f]+)"`).FindStringSubmatch(rec.Body.String())
	if hash == nil {
		t.Fatal("the stored file's hash must come back in the form")
	}
	fields[inputs[0][1]+".hash"] = []string{hash[1]}
	files := map[string][]byte{}
	for i, in := range inputs[1:] {
		files[in[1]] = pdf(910 + i)
	}
	rec = postMultipart(t, rt, qiye, path, fields, files)
	testkit.Check(t, "complete application", rec, testkit.Want{Status: 303, Location: "/cases/"})
	page, _, err := e.cases.List(e.as(t, "chuangkou"), casework.Filter{ProjectID: proj.ID, Queue: "window"})
	if err != nil || len(page) != 1 {
		t.Fatalf("one case waiting at the window: %v %d", err, len(page))
	}
	if len(page[0].Deficiency) != 0 || page[0].Status != casework.Received {
		t.Fatalf("received, nothing owed: %+v", page[0])
	}
	testkit.Expect(t, testkit.Do(t, rt, e.as(t, "shenpi"), "GET", path, nil), 403)
	fields["key"] = []string{"walkin-1"}
	rec = postMultipart(t, rt, e.as(t, "chuangkou"), path, fields, files)
	testkit.Check(t, "walk-in", rec, testkit.Want{Status: 303, Location: "/cases/"})
	id, _ := strconv.ParseInt(strings.TrimPrefix(rec.Header().Get("Location"), "/cases/"), 10, 64)
	app, err := e.cases.Application(e.as(t, "chuangkou"), mustOf(t)(e.cases.Get(e.as(t, "chuangkou"), id)).ApplicationID)
	if err != nil || app.Channel != "window" {
		t.Fatalf("walk-in channel: %v %q", err, app.Channel)
	}
}

// TestSupplyPage: the applicant sees only the materials the correction
// notice named, supplies one and the case goes back to work.
func TestSupplyPage(t *testing.T) {
	e := newEnv(t)
	rt := testkit.NewRouter(t, map[string]fs.FS{"casework": casework.Templates()}, func(rt *web.Router, rd *web.Renderer) {
		casework.NewHTTP(e.cases, rd).Routes(rt)
	})
	c := e.acceptanceCase(t, "supply-1")
	must := mustOf(t)
	c = must(e.cases.RequestFix(e.as(t, "shenpi.zj"), c.ID, casework.FixInput{Version: c.Version,
		Items: []casework.FixItem{{Material: "竣工图", Problem: "缺少消防专篇图纸"}}}))
	path := "/cases/" + strconv.FormatInt(c.ID, 10) + "/supply"
	qiye := e.as(t, "qiye")
	testkit.Check(t, "supply form", testkit.Do(t, rt, qiye, "GET", path, nil), testkit.Want{Status: 200,
		Contains: []string{"竣工图", "缺少消防专篇图纸", `name="fix-0"`}, Excludes: []string{`name="fix-1"`}})
	rec := postMultipart(t, rt, qiye, path, map[string][]string{}, nil)
	testkit.Expect(t, rec, 422, "请至少上传一份补正后的材料")
	rec = postMultipart(t, rt, qiye, path, map[string][]string{"note": {"已补充"}}, map[string][]byte{"fix-0": pdf(77)})
	testkit.Check(t, "supplied", rec, testkit.Want{Status: 303, Location: "/cases/"})
	wantStatus(t, must(e.cases.Get(qiye, c.ID)), casework.InReview)
	testkit.Expect(t, testkit.Do(t, rt, qiye, "GET", path, nil), 409, "不需要补正")
}

// TestProgressPage: 部门协同 shows an accepted case with each department's
// state to the window, and the departments' decisions as they come.
func TestProgressPage(t *testing.T) {
	e := newEnv(t)
	rt := testkit.NewRouter(t, map[string]fs.FS{"casework": casework.Templates()}, func(rt *web.Router, rd *web.Renderer) {
		casework.NewHTTP(e.cases, rd).Routes(rt)
	})
	c := e.acceptanceCase(t, "progress-1")
	mustOf(t)(e.cases.Review(e.as(t, "shenpi.xf"), c.ID, casework.TaskInput{Decision: "approve", Opinion: "消防合格"}))
	rec := testkit.Do(t, rt, e.as(t, "chuangkou"), "GET", "/cases/progress", nil)
	testkit.Expect(t, rec, 200, c.Number, "消防", "同意", "办理中", "已用 0 / ")
	rec = testkit.Do(t, rt, e.as(t, "chuangkou.qx"), "GET", "/cases/progress", nil)
	testkit.Check(t, "another county", rec, testkit.Want{Status: 200, Excludes: []string{c.Number}})
}
