package catalog

import (
	"testing"
)

// TestHTTP_GuideDiagrams: the item guide shows fees, the flow diagram with
// its text version and the link to the illustrated guide; the flow guide
// shows the swim lanes; the illustrated guide tells the six steps.
func TestHTTP_GuideDiagrams(t *testing.T) {
	f := newFixture(t)
	rt := newRouter(t, f)
	for _, sc := range []scenario{
		{name: "item guide: fees, diagram, steps", method: "GET", path: "/guide/items/design_scheme_review", status: 200, contains: []string{
			"<dt>收费</dt><dd>不收费</dd>", "出具审查结论", `<svg xmlns="http://www.w3.org/2000/svg" role="img"`,
			`<title id="item-flow-title">建设工程设计方案审查办理流程图</title>`, "4个部门并联审查",
			"<strong>部门审查</strong>：由自然资源和规划部门牵头，住房和城乡建设部门、消防设计审查验收部门、人民防空部门同时并联审查",
			`href="/guide/items/design_scheme_review/illustrated">我要看图解版</a>`, `<figure class="diagram" aria-labelledby="flow-caption">`}},
		{name: "intermediary fees default", method: "GET", path: "/guide/items/survey_stage1", status: 200,
			contains: []string{"<dd>按中介服务机构公示的收费标准</dd>"}},
		{name: "utility fees default", method: "GET", path: "/guide/items/water_connection", status: 200,
			contains: []string{"<dd>按市政公用服务单位公示的收费标准</dd>", "完成接入"}},
		{name: "flow guide: swim lanes", method: "GET", path: "/guide/flows/511700/4", status: 200, contains: []string{
			`<title id="stage-flow-title">小型社会投资项目（简易低风险）审批流程（22个工作日）</title>`, "第1–5个工作日",
			"第16–22个工作日", `aria-labelledby="lanes-caption"`, `<h2 id="stage-tables">各阶段事项</h2>`}},
		{name: "illustrated guide is public", method: "GET", path: "/guide/items/construction_permit/illustrated", status: 200, contains: []string{
			"<h1>建筑工程施工许可证核发<span class=\"muted\">（图解版）</span></h1>", "第1步　准备材料", "第6步　拿到结果",
			`aria-hidden="true" focusable="false"`, "第1天是受理后的第1个工作日", "承诺<strong>3个工作日</strong>内办结",
			"综合受理窗口", "费用：<strong>不收费（行政许可法第五十八条）</strong>", "<strong>建筑工程施工许可证</strong>",
			"容缺受理", "告知承诺", `href="/guide/items/construction_permit">查看完整办事指南</a>`,
			`<a href="/guide/items/construction_permit">建筑工程施工许可证核发</a>`}},
		{name: "illustrated guide of an unknown item", method: "GET", path: "/guide/items/nope/illustrated", status: 404},
	} {
		t.Run(sc.name, func(t *testing.T) { sc.run(t, rt) })
	}
}

// TestHTTP_EditFees: an administrator states the fees of an item on the
// form; the guide then shows them instead of the kind's default.
func TestHTTP_EditFees(t *testing.T) {
	f := newFixture(t)
	rt := newRouter(t, f)
	path := "/admin/catalog/items/construction_permit"
	scenario{name: "the form offers fees", p: cityAdmin, method: "GET", path: path + "/edit", status: 200,
		contains: []string{`name="fees"`, "收费说明（选填）"}}.run(t, rt)
	form := formOf(f.mustItem(t, "construction_permit"))
	form.Set("fees", "工本费10元（依据某行政法规）")
	scenario{name: "save", p: cityAdmin, method: "POST", path: path, form: form, status: 303, location: path + "/edit"}.run(t, rt)
	if got := f.mustItem(t, "construction_permit"); got.Revision != 2 || got.Fees != "工本费10元（依据某行政法规）" {
		t.Fatalf("after save: revision %d, fees %q", got.Revision, got.Fees)
	}
	scenario{name: "the guide shows them", method: "GET", path: "/guide/items/construction_permit", status: 200,
		contains: []string{"<dd>工本费10元（依据某行政法规）</dd>"}, excludes: []string{"第五十八条"}}.run(t, rt)
}
