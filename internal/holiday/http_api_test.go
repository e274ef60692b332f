package holiday

import (
	"encoding/json"
	"net/http/httptest"
	"testing"
)

func TestAPI_Good(t *testing.T) {
	f := newFixture(t)
	for _, sc := range []scenario{
		{name: "20 working days after 2026-09-25", method: "GET", path: "/api/v1/calendar/workdays?from=2026-09-25&days=20",
			status: 200, contains: []string{`{"date":"2026-10-29","provisional":false}`}},
		{name: "make-up Saturday", method: "GET", path: "/api/v1/calendar/workdays?from=2026-02-13&days=1",
			status: 200, contains: []string{`"date":"2026-02-14"`}},
		{name: "zero days", method: "GET", path: "/api/v1/calendar/workdays?from=2026-02-15&days=0",
			status: 200, contains: []string{`"date":"2026-02-15"`}},
		{name: "between", method: "GET", path: "/api/v1/calendar/between?from=2026-02-13&to=2026-02-28",
			status: 200, contains: []string{`{"workdays":6,"provisional":false}`}},
		{name: "between, to before from", method: "GET", path: "/api/v1/calendar/between?from=2026-02-28&to=2026-02-13",
			status: 200, contains: []string{`{"workdays":0,"provisional":false}`}},
		{name: "days of 2026", method: "GET", path: "/api/v1/calendar/days?year=2026", status: 200,
			contains: []string{`"year":2026`, `"covered":true`, `"count":39`, `{"date":"2026-02-14","kind":"workday","festival":"春节"`}},
		{name: "signed-in callers too", p: clerk, method: "GET", path: "/api/v1/calendar/workdays?from=2025-09-30&days=1",
			status: 200, contains: []string{`"date":"2025-10-09"`}},
	} {
		sc.run(t, f.rt)
	}
}

func TestAPI_Provisional(t *testing.T) {
	f := newFixture(t)
	rec := scenario{name: "into 2028", method: "GET", path: "/api/v1/calendar/workdays?from=2027-12-31&days=1", status: 200}.run(t, f.rt)
	var got workdaysResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := "2028年的法定节假日安排尚未导入系统，其中的日期暂按周一至周五推算，结果仅供参考；国务院办公厅公布安排并导入后，请以重新计算的结果为准。"
	if got.Date != "2028-01-03" || !got.Provisional || len(got.MissingYears) != 1 || got.MissingYears[0] != 2028 || got.Warning != want {
		t.Fatalf("%+v", got)
	}
	scenario{name: "between into 2029", method: "GET", path: "/api/v1/calendar/between?from=2027-12-31&to=2029-01-02", status: 200,
		contains: []string{`"provisional":true`, `"missing_years":[2028,2029]`, "2028年、2029年的法定节假日安排尚未导入系统"}}.run(t, f.rt)
	scenario{name: "days of an uncovered year", method: "GET", path: "/api/v1/calendar/days?year=2028", status: 200,
		contains: []string{`"covered":false`, `"items":[]`, `"count":0`, `"warning":"2028年的法定节假日安排尚未导入系统`}}.run(t, f.rt)
}

func TestAPI_BadInput(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name, query string
		fields      map[string]string
	}{
		{"nothing", "/api/v1/calendar/workdays", map[string]string{
			"from": "缺少参数 from（起算日期，格式 YYYY-MM-DD，例如 2026-03-09）。",
			"days": "缺少参数 days（工作日天数，0 到 3650 的整数）。"}},
		{"impossible date", "/api/v1/calendar/workdays?from=2026-02-30&days=5", map[string]string{
			"from": "参数 from（起算日期）有误：日期 2026-02-30 不存在。"}},
		{"bad date format", "/api/v1/calendar/workdays?from=2026/02/13&days=5", map[string]string{
			"from": "参数 from（起算日期）有误：日期“2026/02/13”的格式不对，应为 YYYY-MM-DD，例如 2026-03-09。"}},
		{"date out of range", "/api/v1/calendar/workdays?from=1999-12-31&days=5", map[string]string{
			"from": "参数 from（起算日期）有误：日期 1999-12-31 超出系统支持的范围（2000年至2199年）。"}},
		{"days not an integer", "/api/v1/calendar/workdays?from=2026-02-13&days=2.5", map[string]string{
			"days": "参数 days（工作日天数）应为整数，收到的是“2.5”。"}},
		{"days in words", "/api/v1/calendar/workdays?from=2026-02-13&days=%E5%8D%81", map[string]string{
			"days": "参数 days（工作日天数）应为整数，收到的是“十”。"}},
		{"days negative", "/api/v1/calendar/workdays?from=2026-02-13&days=-1", map[string]string{
			"days": "参数 days（工作日天数）应在 0 到 3650 之间，收到的是 -1。"}},
		{"days too many", "/api/v1/calendar/workdays?from=2026-02-13&days=3651", map[string]string{
			"days": "参数 days（工作日天数）应在 0 到 3650 之间，收到的是 3651。"}},
		{"between without to", "/api/v1/calendar/between?from=2026-02-13", map[string]string{
			"to": "缺少参数 to（截止日期，格式 YYYY-MM-DD，例如 2026-03-09）。"}},
		{"between, bad from", "/api/v1/calendar/between?from=2026-13-01&to=2026-02-13", map[string]string{
			"from": "参数 from（起始日期）有误：日期 2026-13-01 不存在。"}},
		{"between, too far apart", "/api/v1/calendar/between?from=2000-01-01&to=2030-01-01", map[string]string{
			"to": "参数 to（截止日期）与 from 相隔不能超过20年。"}},
		{"days without year", "/api/v1/calendar/days", map[string]string{
			"year": "缺少参数 year（年度，2000 到 2199 的整数）。"}},
		{"days, bad year", "/api/v1/calendar/days?year=26", map[string]string{
			"year": "参数 year（年度）应在 2000 到 2199 之间，收到的是 26。"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := scenario{name: tc.name, method: "GET", path: tc.query, status: 400}.run(t, f.rt)
			checkAPIError(t, rec, tc.fields)
		})
	}
}

func checkAPIError(t *testing.T, rec *httptest.ResponseRecorder, fields map[string]string) {
	t.Helper()
	var body struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("%v: %s", err, rec.Body)
	}
	if body.Code != "invalid" || body.Message == "" || len(body.Fields) != len(fields) {
		t.Fatalf("body %+v, want fields %v", body, fields)
	}
	for k, v := range fields {
		if body.Fields[k] != v {
			t.Errorf("field %s = %q, want %q", k, body.Fields[k], v)
		}
	}
	if len(fields) == 1 {
		for _, v := range fields {
			if body.Message != v {
				t.Errorf("message %q, want the field's message", body.Message)
			}
		}
	}
}

func TestAPI_OpenAPIDocumented(t *testing.T) {
	f := newFixture(t)
	doc := f.rt.OpenAPI("t", "1")
	paths := doc["paths"].(map[string]any)
	for _, p := range []string{"/api/v1/calendar/workdays", "/api/v1/calendar/between", "/api/v1/calendar/days"} {
		op, ok := paths[p].(map[string]any)["get"].(map[string]any)
		if !ok || op["summary"] == "" || len(op["security"].([]any)) != 0 {
			t.Errorf("%s: %v", p, op)
		}
	}
}
