package project

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestHTTP_API(t *testing.T) {
	f := newScopeFixture(t)
	rt := newRouter(t, f.fixture, nil)
	one := "/api/v1/projects/" + pid(f.tcA)
	register := `{"code":"2026-511702-59-03-000008","name":"川东冷链仓库","region_code":"511702","flow_type":4,
		"owner_name":"` + f.entA.Name + `","owner_credit_code":"` + f.entA.CreditCode + `","investment":1250.5,
		"address":"通川区","site_geojson":` + square + `,"works":[{"code":"2026-511702-59-03-000008","name":"冷库","building_area_m2":3200}]}`
	runAll(t, rt, []scenario{
		{name: "list, scoped", p: tcClerk, method: "GET", path: "/api/v1/projects", status: 200,
			contains: []string{`"total":1`, `"limit":20`, `"investment":"3800.50"`, `"region_name":"通川区"`, `"site":null`},
			excludes: []string{f.qxB.Code}},
		{name: "list with filters and paging", p: supervisor, method: "GET", path: "/api/v1/projects?sort=code&offset=1&limit=1", status: 200,
			contains: []string{`"total":3`, `"offset":1`, `"limit":1`, f.tcA.Code}, excludes: []string{f.qxB.Code}},
		{name: "list with a bad filter", p: supervisor, method: "GET", path: "/api/v1/projects?limit=x&stage=9", status: 400,
			contains: []string{`"code":"invalid"`, `"limit":`}},
		{name: "list needs a principal", method: "GET", path: "/api/v1/projects", status: 401, contains: []string{`"code":"unauthenticated"`}},
		{name: "life cycle", p: tcClerk, method: "GET", path: one, status: 200,
			contains: []string{`"project":{`, `"works":[]`, `"stages":[{"stage":1,"name":"立项用地规划许可","status":"pending","label":"未开始"}`,
				`"cases":[]`, `"stage_name":"未进入审批"`, `"flow_type_name":"小型社会投资项目（简易低风险）"`}},
		{name: "by code", p: tcClerk, method: "GET", path: "/api/v1/projects/by-code/" + f.tcA.Code, status: 200,
			contains: []string{`"code":"` + f.tcA.Code + `"`}},
		{name: "another enterprise's project is not found", p: applicant(f.entB, "511725"), method: "GET", path: one, status: 404,
			contains: []string{`"code":"not_found"`}},
		{name: "another county's project is forbidden", p: qxClerk, method: "GET", path: "/api/v1/projects/by-code/" + f.tcA.Code, status: 403},
		{name: "register with bad input", p: tcClerk, method: "POST", path: "/api/v1/projects",
			json: `{"code":"2026-511725-59-03-000008","name":"","region_code":"511702","flow_type":12,"owner_name":"甲",
				"owner_credit_code":"123","investment":"1.234","site_geojson":{"type":"Point","coordinates":[107.5,31.2]},
				"works":[{"code":"x","name":"乙"}]}`,
			status: 400, contains: []string{`"code":"invalid"`, `"message":"提交的内容有误，请检查后重试。"`,
				`"fields":{`, `"code":"项目代码中的行政区划代码 511725（渠县）`, `"name":"请填写项目名称。"`, `"flow_type":`,
				`"owner_credit_code":`, `"investment":"总投资最多保留两位小数`, `"site_geojson":`, `"works[0].code":`}},
		{name: "register with an unknown field", p: tcClerk, method: "POST", path: "/api/v1/projects", json: `{"cod":"x"}`, status: 400,
			contains: []string{`"code":"invalid"`}},
		{name: "register needs ProjectRegister", p: tcReviewer, method: "POST", path: "/api/v1/projects", json: register, status: 403},
		{name: "register", p: tcClerk, method: "POST", path: "/api/v1/projects", json: register, status: 201,
			contains: []string{`"investment":"1250.50"`, `"area_m2":10566.6`, `"building_area_m2":3200`, `"enterprise_id":` + itoa64(f.entA.ID)}},
		{name: "register twice", p: tcClerk, method: "POST", path: "/api/v1/projects", json: register, status: 409,
			contains: []string{`"code":"conflict"`, `"fields":{"code":`}},
		{name: "update", p: tcClerk, method: "PUT", path: one, json: `{"investment":"4000","address":"新地址"}`, status: 200,
			contains: []string{`"investment":"4000.00"`, `"address":"新地址"`, `"name":"` + f.tcA.Name + `"`}},
		{name: "update with a bad investment", p: tcClerk, method: "PUT", path: one, json: `{"investment":"-3"}`, status: 400,
			contains: []string{`"investment":"总投资不能为负数。"`}},
		{name: "update another enterprise's project", p: applicant(f.entB, "511725"), method: "PUT", path: one, json: `{"name":"x"}`, status: 404},
		{name: "add a work", p: applicant(f.entA, "511702"), method: "POST", path: one + "/works",
			json: `{"code":"` + f.tcA.Code + `-001","name":"门卫室","building_area_m2":30.5}`, status: 201,
			contains: []string{`"code":"` + f.tcA.Code + `-001"`, `"building_area_m2":30.5`}},
		{name: "add a bad work", p: tcClerk, method: "POST", path: one + "/works", json: `{"code":"","name":""}`, status: 400,
			contains: []string{`"fields":{`, `"code":"请填写工程代码`, `"name":"请填写工程名称。"`}},
	})
	f.assertChainOK(t)
}

func TestHTTP_OpenAPI(t *testing.T) {
	rt := newRouter(t, newFixture(t), nil)
	doc, err := json.Marshal(rt.OpenAPI("gongai", "test"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(doc)
	for _, want := range []string{`"/api/v1/projects"`, `"/api/v1/projects/{id}"`, `"/api/v1/projects/by-code/{code}"`,
		`"/api/v1/projects/{id}/works"`, `"owner_credit_code"`, `"site_geojson"`, `"building_area_m2"`, `"status_label"`,
		`"area_m2"`, `"201"`} {
		if !strings.Contains(s, want) {
			t.Errorf("OpenAPI document lacks %s", want)
		}
	}
	for _, bad := range []string{`"OwnerCreditCode"`, `"Items"`, `"GeoJSON"`, `"BuildingArea"`} {
		if strings.Contains(s, bad) {
			t.Errorf("OpenAPI document has non-snake_case field %s", bad)
		}
	}
}
