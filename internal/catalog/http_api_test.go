package catalog

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

func TestHTTP_API(t *testing.T) {
	f := newFixture(t)
	rt := newRouter(t, f)
	v1 := f.mustPublished(t, "511725", 4)
	draft, err := f.svc.StartDraft(as(quxianAdmin), "511725", 1)
	if err != nil {
		t.Fatal(err)
	}
	create := `{"code":"hydrant_review","name":"室外消火栓审查","kind":"tech_review","line":"aux","stage":0,
		"lead_function":"xfsy","statutory_days":10,"promised_days":5,
		"materials":[{"name":"申请表","required":true}],
		"form":{"fields":[{"name":"pipe","label":"管径（毫米）","type":"number","min":50}]}}`
	for _, sc := range []scenario{
		{name: "items are public", method: "GET", path: "/api/v1/catalog/items?stage=4", status: 200,
			contains: []string{`"code":"joint_acceptance"`, `"count":4`, `"lead_function":"zj"`, `"materials":[`,
				`"form":{"fields":[`, `"deficiency_allowed":true`}, excludes: []string{`"updated_by"`}},
		{name: "bad filter", method: "GET", path: "/api/v1/catalog/items?kind=x", status: 400, contains: []string{`"kind":"事项类别无效。"`}},
		{name: "item", method: "GET", path: "/api/v1/catalog/items/construction_permit", status: 200,
			contains: []string{`"name":"建筑工程施工许可证核发"`, `"statutory_days":7`, `"promised_days":3`, `"standard_code":""`,
				`"type":"table"`, `"columns":[`}},
		{name: "unknown item", method: "GET", path: "/api/v1/catalog/items/nope", status: 404, contains: []string{`"code":"not_found"`}},
		{name: "flows without drafts", method: "GET", path: "/api/v1/catalog/flows?region=511725", status: 200,
			contains: []string{`"count":4`, `"type_name":"小型社会投资项目（简易低风险）"`}, excludes: []string{`"status":"draft"`}},
		{name: "flows by type", method: "GET", path: "/api/v1/catalog/flows?type=4", status: 200, contains: []string{`"count":10`}},
		{name: "bad type", method: "GET", path: "/api/v1/catalog/flows?type=11", status: 400},
		{name: "flow version", method: "GET", path: "/api/v1/catalog/flows/" + strconv.FormatInt(v1.ID, 10), status: 200,
			contains: []string{`"status":"published"`, `"stages":[{`, `"departments":["zj","zrzy","xfsy"]`, `"join":"all"`,
				`"item_code":"low_risk_joint_acceptance"`, `"revision":1`}},
		{name: "a draft is not public", method: "GET", path: "/api/v1/catalog/flows/" + strconv.FormatInt(draft.ID, 10), status: 404},
		{name: "its admin sees it", p: quxianAdmin, method: "GET", path: "/api/v1/catalog/flows/" + strconv.FormatInt(draft.ID, 10),
			status: 200, contains: []string{`"status":"draft"`}},
		{name: "create needs CatalogAdmin", method: "POST", path: "/api/v1/catalog/items", json: create, status: 401},
		{name: "reviewer may not create", p: reviewer, method: "POST", path: "/api/v1/catalog/items", json: create, status: 403},
		{name: "create", p: cityAdmin, method: "POST", path: "/api/v1/catalog/items", json: create, status: 201,
			contains: []string{`"code":"hydrant_review"`, `"revision":1`, `"active":true`, `"sort_order":1`}},
		{name: "create invalid", p: cityAdmin, method: "POST", path: "/api/v1/catalog/items",
			json: `{"code":"x","kind":"licence","line":"main","stage":9,"lead_function":"zj","statutory_days":3,"promised_days":5,
				"materials":[{"name":"a","deficiency_allowed":true}],"form":{"fields":[{"name":"a","label":"甲","type":"choice"}]}}`,
			status: 400, contains: []string{`"code":"invalid"`, `"name":"请填写事项名称。"`, `"stage":`, `"promised_days":`,
				`"materials[0].deficiency_allowed":`, `"form":"第1个字段“a”是选择字段`}},
		{name: "unknown property in the form", p: cityAdmin, method: "POST", path: "/api/v1/catalog/items",
			json: `{"code":"abc","form":{"fields":[{"name":"a","requried":true}]}}`, status: 400, contains: []string{"requried"}},
		{name: "unstored template", p: cityAdmin, method: "PUT", path: "/api/v1/catalog/items/hydrant_review",
			json:   strings.Replace(create, `"required":true`, `"required":true,"template_hash":"`+strings.Repeat("b", 64)+`"`, 1),
			status: 400, contains: []string{`"materials[0].template":"材料“申请表”的模板文件不存在`}},
		{name: "update", p: cityAdmin, method: "PUT", path: "/api/v1/catalog/items/hydrant_review",
			json: strings.Replace(create, `"promised_days":5`, `"promised_days":3,"revision":1`, 1), status: 200,
			contains: []string{`"revision":2`, `"promised_days":3`}},
		{name: "stale update", p: cityAdmin, method: "PUT", path: "/api/v1/catalog/items/hydrant_review",
			json: strings.Replace(create, `"promised_days":5`, `"promised_days":4,"revision":1`, 1), status: 409},
		{name: "code mismatch", p: cityAdmin, method: "PUT", path: "/api/v1/catalog/items/construction_permit", json: create,
			status: 400, contains: []string{"事项编码不能修改"}},
	} {
		t.Run(sc.name, func(t *testing.T) { sc.run(t, rt) })
	}
	if n := len(f.events(t, "catalog.item.")); n != 2 {
		t.Fatalf("API writes left %d item events, want 2", n)
	}
	f.assertChainOK(t)
}

func TestHTTP_OpenAPI(t *testing.T) {
	rt := newRouter(t, newFixture(t))
	doc, err := json.Marshal(rt.OpenAPI("gongai", "test"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(doc)
	for _, want := range []string{`"/api/v1/catalog/items/{code}"`, `"/api/v1/catalog/flows/{id}"`, `"lead_function"`,
		`"statutory_days"`, `"deficiency_allowed"`, `"max_length"`, `"columns"`, `"template_hash"`, `"content_type"`,
		`"item_code"`, `"limit_days"`, `"201"`} {
		if !strings.Contains(s, want) {
			t.Errorf("OpenAPI document lacks %s", want)
		}
	}
	for _, bad := range []string{`"LeadFunction"`, `"Materials"`, `"Fields"`, `"ItemCode"`} {
		if strings.Contains(s, bad) {
			t.Errorf("OpenAPI document has non-snake_case field %s", bad)
		}
	}
}
