package org

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestHTTP_API(t *testing.T) {
	f := newFixture(t)
	rt := newRouter(t, f)
	tcZj, quZj := f.mustUnit(t, "511702", "zj"), f.mustUnit(t, "511725", "zj")
	for _, sc := range []scenario{
		{name: "regions are public", method: "GET", path: "/api/v1/regions", status: 200,
			contains: []string{`"count":10`, `"code":"511772"`, `"code_is_internal":true`, `"reporting_code":"511703"`}},
		{name: "region by code", method: "GET", path: "/api/v1/regions/511771", status: 200,
			contains: []string{`"name":"达州高新区"`, `"kind":"zone"`}},
		{name: "unknown region", method: "GET", path: "/api/v1/regions/110000", status: 404,
			contains: []string{`"code":"not_found"`}},
		{name: "orgs need a principal", method: "GET", path: "/api/v1/orgs", status: 401,
			contains: []string{`"code":"unauthenticated"`}},
		{name: "orgs scoped", p: tongchuanClerk, method: "GET", path: "/api/v1/orgs?kind=window", status: 200,
			contains: []string{`"count":1`, `"region_code":"511702"`, `"function_code":"window"`}, excludes: []string{"511725"}},
		{name: "orgs of another county", p: tongchuanClerk, method: "GET", path: "/api/v1/orgs?region=511725", status: 403,
			contains: []string{`"code":"forbidden"`}},
		{name: "org", p: tongchuanClerk, method: "GET", path: "/api/v1/orgs/" + id(tcZj), status: 200,
			contains: []string{`"name":"通川区住房和城乡建设局"`, `"short_name":`, `"active":true`}},
		{name: "org of another county", p: tongchuanClerk, method: "GET", path: "/api/v1/orgs/" + id(quZj), status: 403},
		{name: "create needs OrgAdmin", p: tongchuanClerk, method: "POST", path: "/api/v1/orgs", json: `{}`, status: 403},
		{name: "create invalid", p: tongchuanAdmin, method: "POST", path: "/api/v1/orgs",
			json:   `{"region_code":"511702","kind":"utility","function_code":"zj","name":"","credit_code":"91510100MA6CGUGA1X"}`,
			status: 400, contains: []string{`"code":"invalid"`, `"name":"请填写机构名称。"`, `"credit_code":"统一社会信用代码校验位不正确`, `"function_code":`}},
		{name: "create unknown field", p: tongchuanAdmin, method: "POST", path: "/api/v1/orgs", json: `{"nme":"x"}`, status: 400},
		{name: "create", p: tongchuanAdmin, method: "POST", path: "/api/v1/orgs",
			json:   `{"region_code":"511702","kind":"utility","function_code":"gas","name":"通川区第二燃气有限公司","credit_code":"91510100MA6CGUGA1W"}`,
			status: 201, contains: []string{`"id":`, `"region_name":"通川区"`, `"active":true`}},
		{name: "update", p: tongchuanAdmin, method: "PUT", path: "/api/v1/orgs/" + id(tcZj),
			json:   `{"kind":"department","function_code":"zj","name":"通川区住房和城乡建设局","phone":"0818-2000000","sort_order":30}`,
			status: 200, contains: []string{`"phone":"0818-2000000"`}},
		{name: "update other county", p: tongchuanAdmin, method: "PUT", path: "/api/v1/orgs/" + id(quZj),
			json: `{"kind":"department","function_code":"zj","name":"渠县住房和城乡建设局"}`, status: 403},
	} {
		t.Run(sc.name, func(t *testing.T) { sc.run(t, rt) })
	}
	if n := len(f.events(t, "org.unit.")); n != 2 {
		t.Fatalf("API writes left %d org.unit events, want 2", n)
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
	for _, want := range []string{`"/api/v1/regions/{code}"`, `"/api/v1/orgs/{id}"`, `"region_code"`,
		`"reporting_code"`, `"code_is_internal"`, `"function_code"`, `"include_inactive"`, `"201"`} {
		if !strings.Contains(s, want) {
			t.Errorf("OpenAPI document lacks %s", want)
		}
	}
	for _, bad := range []string{`"RegionCode"`, `"FunctionCode"`, `"Items"`} {
		if strings.Contains(s, bad) {
			t.Errorf("OpenAPI document has non-snake_case field %s", bad)
		}
	}
}
