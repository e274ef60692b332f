package catalog

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// newRouter builds the real router and renderer with the catalog routes,
// as the app does, minus CSRF and session middleware.
func newRouter(t *testing.T, f fixture) *web.Router {
	t.Helper()
	return testkit.NewRouter(t, map[string]fs.FS{"catalog": Templates()}, func(rt *web.Router, rd *web.Renderer) {
		NewHTTP(f.svc, rd, f.org).Routes(rt)
	})
}

// scenario is one request and what its response must show.
type scenario struct {
	name      string
	p         *access.Principal // nil: anonymous
	method    string
	path      string
	form      url.Values
	json      string
	multipart *multipartBody
	status    int
	contains  []string
	excludes  []string
	location  string
}

type multipartBody struct {
	fields   map[string]string
	file     []byte
	fileName string
}

func (sc scenario) request() *http.Request {
	var body io.Reader
	contentType := ""
	switch {
	case sc.form != nil:
		body, contentType = strings.NewReader(sc.form.Encode()), "application/x-www-form-urlencoded"
	case sc.json != "":
		body, contentType = strings.NewReader(sc.json), "application/json"
	case sc.multipart != nil:
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, v := range sc.multipart.fields {
			mw.WriteField(k, v)
		}
		fw, _ := mw.CreateFormFile("file", sc.multipart.fileName)
		fw.Write(sc.multipart.file)
		mw.Close()
		body, contentType = &buf, mw.FormDataContentType()
	}
	req := httptest.NewRequest(sc.method, sc.path, body)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	ctx := context.Background()
	if sc.p != nil {
		ctx = as(sc.p)
	}
	return req.WithContext(ctx)
}

func (sc scenario) run(t *testing.T, rt http.Handler) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	rt.ServeHTTP(rec, sc.request())
	testkit.Check(t, sc.method+" "+sc.path, rec, testkit.Want{Status: sc.status, Contains: sc.contains,
		Excludes: sc.excludes, Location: sc.location})
	return rec
}

func TestHTTP_Guide(t *testing.T) {
	f := newFixture(t)
	rt := newRouter(t, f)
	for _, sc := range []scenario{
		{name: "item guide is public", method: "GET", path: "/guide/items/construction_permit", status: 200, contains: []string{
			"<h1>建筑工程施工许可证核发</h1>", "行政许可", "第3阶段 施工许可", "住房和城乡建设部门",
			"<dd>7个工作日</dd>", "<strong>3个工作日</strong>", "告知承诺制</dt><dd>适用", "容缺受理</dt><dd>适用",
			"建设资金已经落实承诺书", `<span class="status warn">可容缺</span>`, "施工合同（含中标通知书）",
			"计划开工日期", "单体建筑", "每行包括：单体名称（必填）、地上层数", "可选：砖混结构、框架结构",
			"<dd>建筑工程施工许可证</dd>", "待核定", "《中华人民共和国建筑法》第七条",
		}},
		{name: "unknown item", method: "GET", path: "/guide/items/nope", status: 404, contains: []string{"未找到事项“nope”"}},
		{name: "guide index", method: "GET", path: "/guide/items", status: 200,
			contains: []string{"第1阶段　立项用地规划许可", "/guide/items/land_pre_review_siting", "辅线事项", "/guide/flows/511700/4"}},
		{name: "flow guide names the county's units", method: "GET", path: "/guide/flows/511725/4", status: 200, contains: []string{
			"渠县 · 小型社会投资项目（简易低风险）审批流程", "<strong>22个工作日</strong>", "第1阶段　立项用地规划许可",
			"渠县住房和城乡建设局（牵头）", "渠县自然资源和规划局", "按需办理", "第4阶段　竣工验收",
		}},
		{name: "merged stage of type 5", method: "GET", path: "/guide/flows/511700/5", status: 200,
			contains: []string{"第2阶段　工程建设许可和施工许可（合并办理）"}, excludes: []string{"第3阶段"}},
		{name: "unpublished flow type", method: "GET", path: "/guide/flows/511700/6", status: 404, contains: []string{"尚未发布"}},
		{name: "bad flow type", method: "GET", path: "/guide/flows/511700/x", status: 404},
		{name: "unknown file", method: "GET", path: "/guide/blobs/" + strings.Repeat("0", 64), status: 404},
	} {
		t.Run(sc.name, func(t *testing.T) { sc.run(t, rt) })
	}
}

func TestHTTP_AdminPagesNeedCatalogAdmin(t *testing.T) {
	f := newFixture(t)
	rt := newRouter(t, f)
	for _, sc := range []scenario{
		{name: "anonymous is sent to login", method: "GET", path: "/admin/catalog/items", status: 303,
			location: "/login?next=%2Fadmin%2Fcatalog%2Fitems"},
		{name: "reviewer", p: reviewer, method: "GET", path: "/admin/catalog/items", status: 403},
		{name: "reviewer writes", p: reviewer, method: "POST", path: "/admin/catalog/items/construction_permit",
			form: url.Values{"name": {"x"}}, status: 403},
		{name: "list", p: cityAdmin, method: "GET", path: "/admin/catalog/items?stage=3&kind=licence", status: 200,
			contains: []string{"建筑工程施工许可证核发", "特殊建设工程消防设计审查", "新增事项", "共 4 个事项"},
			excludes: []string{"施工图设计文件审查"}},
		{name: "county admin may list but not edit items", p: quxianAdmin, method: "POST",
			path: "/admin/catalog/items/construction_permit/active", form: url.Values{"active": {"false"}}, status: 403},
		{name: "a county admin sees items read-only", p: quxianAdmin, method: "GET", path: "/admin/catalog/items/construction_permit/edit",
			status: 200, contains: []string{"不能保存修改", "预览申请表"}, excludes: []string{"保存为新版本", `id="files"`}},
		{name: "new item form", p: cityAdmin, method: "GET", path: "/admin/catalog/items/new", status: 200,
			contains: []string{`name="code"`, "申请表预览", `name="materials[2].name"`, "住房和城乡建设部门"}},
	} {
		t.Run(sc.name, func(t *testing.T) { sc.run(t, rt) })
	}
}

func TestHTTP_EditItem(t *testing.T) {
	f := newFixture(t)
	rt := newRouter(t, f)
	it := f.mustItem(t, "fire_design_filing")
	path := "/admin/catalog/items/fire_design_filing"
	scenario{name: "edit form", p: cityAdmin, method: "GET", path: path + "/edit", status: 200, contains: []string{
		"修改事项：其他建设工程消防设计备案", `value="消防设计备案表"`, "&#34;name&#34;: &#34;project_name&#34;",
		`id="preview-f-project_name"`, "材料模板与样表", "/guide/items/fire_design_filing",
	}}.run(t, rt)

	form := formOf(it)
	form.Set("form", `{"fields":[{"name":"area","label":"面积","type":"number","min":5,"max":1}]`)
	scenario{name: "bad schema keeps the typed JSON", p: cityAdmin, method: "POST", path: path, form: form, status: 400,
		contains: []string{"请修改以下问题后再提交", `href="#f-form"`, "表单定义有误", "不完整",
			`{&#34;fields&#34;:[{&#34;name&#34;:&#34;area&#34;`, "申请表定义有误，无法预览", `aria-invalid="true"`}}.run(t, rt)
	form.Set("form", `{"fields":[{"name":"area","label":"面积","type":"number","min":5,"max":1}]}`)
	scenario{name: "schema problems", p: cityAdmin, method: "POST", path: path, form: form, status: 400,
		contains: []string{"第1个字段“area”的最小值 5 大于最大值 1。"}}.run(t, rt)
	if got := f.mustItem(t, "fire_design_filing"); got.Revision != 1 {
		t.Fatalf("a rejected form saved revision %d", got.Revision)
	}

	form.Set("form", `{"fields":[{"name":"fire_area","label":"防火分区面积（平方米）","type":"number"}]}`)
	form.Set("action", "preview")
	scenario{name: "preview does not save", p: cityAdmin, method: "POST", path: path, form: form, status: 200,
		contains: []string{`<label for="preview-f-fire_area">防火分区面积（平方米）（选填）</label>`}}.run(t, rt)
	if got := f.mustItem(t, "fire_design_filing"); got.Revision != 1 {
		t.Fatal("a preview saved the item")
	}

	form.Set("action", "save")
	form.Set("materials[0].remove", "1") // drop 消防设计备案表
	form.Set("materials[2].name", "承诺书") // a new material …
	form.Set("materials[2].order", "0")  // … moved to the top
	form.Set("materials[2].required", "1")
	form.Set("promised_days", "2")
	scenario{name: "save", p: cityAdmin, method: "POST", path: path, form: form, status: 303,
		location: path + "/edit"}.run(t, rt)
	got := f.mustItem(t, "fire_design_filing")
	if got.Revision != 2 || got.PromisedDays != 2 || len(got.Materials) != 2 || got.Materials[0].Name != "承诺书" ||
		got.Materials[1].Name != it.Materials[1].Name || len(got.Form.Fields) != 1 {
		t.Fatalf("after save: %+v", got)
	}

	form = formOf(got)
	form.Set("deficiency", "")
	form.Set("materials[1].deficiency_allowed", "1")
	form.Set("statutory_days", "五")
	scenario{name: "row errors point at the row", p: cityAdmin, method: "POST", path: path, form: form, status: 400,
		// html/template percent-encodes the brackets; browsers decode a
		// fragment before looking for the id.
		contains: []string{`href="#f-materials%5b1%5d.deficiency_allowed"`, `id="f-materials[1].deficiency_allowed"`,
			"事项未开启容缺受理", `href="#f-statutory_days"`, `value="五"`},
		excludes: []string{"不能超过法定时限（"}}.run(t, rt)
	scenario{name: "stale revision", p: cityAdmin, method: "POST", path: path, form: formOf(it), status: 409,
		contains: []string{"已被他人修改（当前为第2版）"}}.run(t, rt)
	if n := len(f.events(t, "catalog.item.update")); n != 1 {
		t.Fatalf("update events = %d", n)
	}
	f.assertChainOK(t)
}

// formOf is the item form as a browser would submit it unchanged.
func formOf(it Item) url.Values {
	f := itemFormOf(it)
	v := url.Values{"name": {f.Name}, "kind": {f.Kind}, "line": {f.Line}, "stage": {f.Stage},
		"lead_function": {f.LeadFunction}, "statutory_days": {f.StatutoryDays}, "promised_days": {f.PromisedDays},
		"result_name": {f.ResultName}, "standard_code": {f.StandardCode}, "basis": {f.Basis}, "fees": {f.Fees}, "form": {f.Form},
		"revision": {f.Revision}, "material_rows": {strconv.Itoa(len(f.Materials))}}
	if f.Commitment {
		v.Set("commitment", "1")
	}
	if f.Deficiency {
		v.Set("deficiency", "1")
	}
	for _, m := range f.Materials {
		v.Set(m.Key("id"), m.ID)
		v.Set(m.Key("name"), m.Name)
		v.Set(m.Key("description"), m.Description)
		v.Set(m.Key("order"), m.Order)
		if m.Required && m.ID != "" {
			v.Set(m.Key("required"), "1")
		}
		if m.DeficiencyAllowed {
			v.Set(m.Key("deficiency_allowed"), "1")
		}
	}
	return v
}

func TestHTTP_CreateItem(t *testing.T) {
	f := newFixture(t)
	rt := newRouter(t, f)
	form := url.Values{"code": {"fire_hydrant_review"}, "name": {"室外消火栓审查"}, "kind": {KindTechReview},
		"line": {LineAux}, "stage": {"0"}, "lead_function": {"xfsy"}, "statutory_days": {"10"}, "promised_days": {"5"},
		"form": {""}, "material_rows": {"3"}, "materials[0].name": {"申请表"}, "materials[0].required": {"1"}}
	scenario{name: "create", p: cityAdmin, method: "POST", path: "/admin/catalog/items", form: form, status: 303,
		location: "/admin/catalog/items/fire_hydrant_review/edit"}.run(t, rt)
	if it := f.mustItem(t, "fire_hydrant_review"); len(it.Materials) != 1 || it.Revision != 1 {
		t.Fatalf("created %+v", it)
	}
	scenario{name: "duplicate code", p: cityAdmin, method: "POST", path: "/admin/catalog/items", form: form, status: 409,
		contains: []string{"事项编码“fire_hydrant_review”已被使用", `value="室外消火栓审查"`}}.run(t, rt)
}

func TestHTTP_MaterialFiles(t *testing.T) {
	f := newFixture(t)
	rt := newRouter(t, f)
	it := f.mustItem(t, "construction_permit")
	path := "/admin/catalog/items/construction_permit/materials/" + strconv.FormatInt(it.Materials[0].ID, 10) + "/files"
	pdf := []byte("%PDF-1.4\n建筑工程施工许可证申请表\n%%EOF\n")
	upload := &multipartBody{fields: map[string]string{"revision": "1", "slot": "template"}, file: pdf, fileName: "施工许可申请表.pdf"}
	scenario{name: "reviewer", p: reviewer, method: "POST", path: path, multipart: upload, status: 403}.run(t, rt)
	scenario{name: "upload", p: cityAdmin, method: "POST", path: path, multipart: upload, status: 303,
		location: "/admin/catalog/items/construction_permit/edit#files"}.run(t, rt)
	tpl := f.mustItem(t, "construction_permit").Materials[0].Template
	if tpl == nil {
		t.Fatal("no template after upload")
	}
	rec := scenario{name: "download", method: "GET", path: "/guide/blobs/" + tpl.Hash, status: 200}.run(t, rt)
	if rec.Body.String() != string(pdf) || rec.Header().Get("Content-Type") != "application/pdf" ||
		!strings.Contains(rec.Header().Get("Content-Disposition"), "attachment") {
		t.Fatalf("download: %v %q", rec.Header(), rec.Body.String())
	}
	scenario{name: "guide links the template", method: "GET", path: "/guide/items/construction_permit", status: 200,
		contains: []string{`<a href="/guide/blobs/` + tpl.Hash + `" download>下载空白模板</a>`}}.run(t, rt)
	// Every revision has its own material rows: the page of revision 2 posts their ids.
	path = "/admin/catalog/items/construction_permit/materials/" +
		strconv.FormatInt(f.mustItem(t, "construction_permit").Materials[0].ID, 10) + "/files"
	bad := &multipartBody{fields: map[string]string{"revision": "2", "slot": "sample"}, file: []byte("<html>"), fileName: "x.html"}
	scenario{name: "type refused", p: cityAdmin, method: "POST", path: path, multipart: bad, status: 400,
		contains: []string{"不支持该文件类型"}}.run(t, rt)
}

func TestHTTP_FlowDraftAndPublish(t *testing.T) {
	f := newFixture(t)
	rt := newRouter(t, f)
	old := f.mustPublished(t, "511725", 3)
	scenario{name: "flows of the admin's county", p: quxianAdmin, method: "GET", path: "/admin/catalog/flows", status: 200,
		contains: []string{"<h2>渠县</h2>", "一般社会投资项目", "第1版", "新建草稿"}, excludes: []string{"通川区"}}.run(t, rt)
	scenario{name: "flows of another county", p: quxianAdmin, method: "GET", path: "/admin/catalog/flows?region=511702",
		status: 403}.run(t, rt)
	rec := scenario{name: "start a draft", p: quxianAdmin, method: "POST", path: "/admin/catalog/flows/drafts",
		form: url.Values{"region": {"511725"}, "type": {"3"}}, status: 303}.run(t, rt)
	edit := rec.Header().Get("Location")
	draftPath := strings.TrimSuffix(edit, "/edit")
	scenario{name: "editor", p: quxianAdmin, method: "GET", path: edit, status: 200, contains: []string{
		"编辑流程草稿：渠县 · 一般社会投资项目 第2版（草稿）", `name="stage_1_limit" value="15"`,
		`name="item_design_scheme_review_departments" value="zrzy, zj, xfsy, rf"`, "不纳入",
	}}.run(t, rt)

	form := draftForm(t, f, strings.TrimPrefix(draftPath, "/admin/catalog/flows/"))
	form.Set("stage_2_limit", "五")
	form.Set("item_gas_connection_stage", "3")
	form.Del("stage_3_on")
	scenario{name: "invalid draft", p: quxianAdmin, method: "POST", path: draftPath, form: form, status: 400, contains: []string{
		"阶段时限请填写1到365之间的整数", `value="五"`, "第3阶段未启用", `href="#f-stage_2_limit"`,
	}}.run(t, rt)
	form = draftForm(t, f, strings.TrimPrefix(draftPath, "/admin/catalog/flows/"))
	form.Set("stage_4_limit", "10")
	scenario{name: "save draft", p: quxianAdmin, method: "POST", path: draftPath, form: form, status: 303,
		location: draftPath}.run(t, rt)
	scenario{name: "confirmation", p: quxianAdmin, method: "GET", path: draftPath + "/publish", status: 200,
		contains: []string{"确认发布第2版", "当前发布的第1版将停用", "全流程时限：55个工作日（当前版本为57个工作日）"}}.run(t, rt)
	scenario{name: "publish needs the region", p: cityAdmin, method: "POST", path: draftPath + "/publish", status: 303}.run(t, rt)
	if cur := f.mustPublished(t, "511725", 3); cur.Version != 2 || cur.Stages[3].LimitDays != 10 {
		t.Fatalf("published %+v", cur)
	}
	if v1, _ := f.svc.FlowVersion(context.Background(), old.ID); v1.Status != StatusRetired {
		t.Fatalf("version 1 is %s", v1.Status)
	}
	scenario{name: "a published version cannot be edited", p: quxianAdmin, method: "GET", path: draftPath + "/edit",
		status: 409}.run(t, rt)
	scenario{name: "a retired version is still readable", p: quxianAdmin, method: "GET",
		path: "/admin/catalog/flows/" + strconv.FormatInt(old.ID, 10), status: 200, contains: []string{"已停用", "停用时间"}}.run(t, rt)
	f.assertChainOK(t)
}

// draftForm is the draft editor of flow id as a browser submits it unchanged.
func draftForm(t *testing.T, f fixture, id string) url.Values {
	t.Helper()
	n, _ := strconv.ParseInt(id, 10, 64)
	fl, err := f.svc.FlowVersion(context.Background(), n)
	if err != nil {
		t.Fatal(err)
	}
	all, _ := f.svc.Items(context.Background(), ItemFilter{IncludeInactive: true})
	ff := flowFormOf(fl, all)
	v := url.Values{"name": {ff.Name}}
	for _, s := range ff.Stages {
		if s.On {
			v.Set(s.Key("on"), "1")
		}
		v.Set(s.Key("name"), s.Name)
		v.Set(s.Key("limit"), s.Limit)
	}
	for _, r := range ff.Items {
		v.Set(r.Key("stage"), r.Stage)
		v.Set(r.Key("departments"), r.Departments)
		v.Set(r.Key("join"), r.Join)
		v.Set(r.Key("quorum"), r.Quorum)
		v.Set(r.Key("order"), r.Order)
		if r.Optional {
			v.Set(r.Key("optional"), "1")
		}
	}
	return v
}

func TestHTTP_PublishRefusesAnIncompleteDraft(t *testing.T) {
	f := newFixture(t)
	rt := newRouter(t, f)
	d, err := f.svc.StartDraft(as(cityAdmin), "511771", 6)
	if err != nil {
		t.Fatal(err)
	}
	path := "/admin/catalog/flows/" + strconv.FormatInt(d.ID, 10) + "/publish"
	scenario{name: "reviewer", p: reviewer, method: "POST", path: path, status: 403}.run(t, rt)
	scenario{name: "empty stages", p: cityAdmin, method: "POST", path: path, status: 400,
		contains: []string{"第1阶段“立项用地规划许可”还没有必办事项", `href="#f-stage_1_items"`, `id="f-stage_1_items"`}}.run(t, rt)
}
