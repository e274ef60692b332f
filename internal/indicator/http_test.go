package indicator

import (
	"context"
	"io/fs"
	"net/url"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

func newRouter(t *testing.T, e *env) *web.Router {
	t.Helper()
	return testkit.NewRouter(t, map[string]fs.FS{"indicator": Templates()}, func(rt *web.Router, rd *web.Renderer) {
		NewHTTP(e.svc, rd).Routes(rt)
	})
}

func TestHTTP_Console(t *testing.T) {
	e := newEnv(t)
	e.generate(t, 3)
	e.must(t, e.svc.Recompute(context.Background()))
	rt := newRouter(t, e)
	head := as(access.DeptHead, "511702")
	qiye := as(access.Applicant, "511702")
	for _, tc := range []struct {
		name   string
		ctx    context.Context
		method string
		path   string
		body   any
		want   testkit.Want
	}{
		{"matrix city", cityOps, "GET", "/indicators?period=month&start=2026-03-05", nil, testkit.Want{Status: 200,
			Contains: []string{"全市", "通川区", "逾期率", `class="status`, "综合得分", "/indicators/overdue_rate/drill?"}}},
		{"matrix county", head, "GET", "/indicators", nil, testkit.Want{Status: 200, Contains: []string{"通川区"},
			Excludes: []string{"渠县", ">全市<"}}},
		{"matrix bad period", cityOps, "GET", "/indicators?period=fortnight", nil, testkit.Want{Status: 200,
			Contains: []string{"error-summary", "周期应为日、周、月、季度或年。"}}},
		{"matrix enterprise", qiye, "GET", "/indicators", nil, testkit.Want{Status: 403}},
		{"indicator page", cityOps, "GET", "/indicators/overdue_rate?region=all&period=month&start=2026-03-01", nil,
			testkit.Want{Status: 200, Contains: []string{`role="img"`, "<title id=\"trend-overdue_rate-t\">", "趋势数据",
				"正式口径", "如何提高该指标", "修改定义"}}},
		{"unofficial says so", cityOps, "GET", "/indicators/full_online_rate", nil, testkit.Want{Status: 200,
			Contains: []string{"非正式口径"}}},
		{"breakdown", cityOps, "GET", "/indicators/process_days_median?region=all&period=quarter&start=2026-01-01", nil,
			testkit.Want{Status: 200, Contains: []string{"分项", "小型社会投资项目"}}},
		{"drill", cityOps, "GET", "/indicators/ontime_rate/drill?region=511702&period=month&start=2026-03-01", nil,
			testkit.Want{Status: 200, Contains: []string{"明细", "共 ", "/cases/"}}},
		{"drill other county", head, "GET", "/indicators/ontime_rate/drill?region=511725&period=month", nil,
			testkit.Want{Status: 403}},
		{"improve", cityOps, "GET", "/indicators/overdue_rate/improve?region=all", nil, testkit.Want{Status: 200,
			Contains: []string{"在时限内办结"}}},
		{"unknown indicator", cityOps, "GET", "/indicators/nope", nil, testkit.Want{Status: 404}},
		{"admin list", cityOps, "GET", "/indicators/admin", nil, testkit.Want{Status: 200, Contains: []string{"重新计算全部指标", "权重"}}},
		{"admin county", head, "GET", "/indicators/admin", nil, testkit.Want{Status: 403}},
		{"edit form", cityOps, "GET", "/indicators/overdue_rate/edit", nil, testkit.Want{Status: 200, Contains: []string{"保存指标定义"}}},
		{"edit invalid", cityOps, "POST", "/indicators/overdue_rate/edit", url.Values{"name": {"逾期率"},
			"formula": {"x"}, "target": {"abc"}, "direction": {"down"}, "weight": {"二"}, "official": {"1"}},
			testkit.Want{Status: 400, Contains: []string{"error-summary", "权重应为数字。", `value="abc"`}}},
		{"edit ok", cityOps, "POST", "/indicators/overdue_rate/edit", url.Values{"name": {"逾期率"},
			"formula": {"口径"}, "target": {"4"}, "tolerance": {"2"}, "direction": {"down"}, "weight": {"2"},
			"official": {"1"}, "enabled": {"1"}}, testkit.Want{Status: 303, Location: "/indicators/overdue_rate"}},
		{"recompute", cityOps, "POST", "/indicators/recompute", url.Values{}, testkit.Want{Status: 303, Location: "/indicators"}},
		{"api list", cityOps, "GET", "/api/v1/indicators", nil, testkit.Want{Status: 200, Contains: []string{`"code":"overdue_rate"`}}},
		{"api matrix", head, "GET", "/api/v1/indicators/matrix?period=year&start=2026-01-01", nil, testkit.Want{Status: 200,
			Contains: []string{`"region_code":"511702"`}, Excludes: []string{`"region_code":"all"`}}},
		{"api series", cityOps, "GET", "/api/v1/indicators/overdue_rate/series?region=all&period=month&from=2026-01-01&to=2026-03-31", nil,
			testkit.Want{Status: 200, Contains: []string{`"start":"2026-03-01"`}}},
		{"api series bad", cityOps, "GET", "/api/v1/indicators/overdue_rate/series?region=all&period=month", nil,
			testkit.Want{Status: 400, Contains: []string{"from"}}},
		{"api drill", cityOps, "GET", "/api/v1/indicators/online_apply_rate/drill?region=all&period=month&start=2026-03-01&limit=2", nil,
			testkit.Want{Status: 200, Contains: []string{`"total":`, `"items":[`}}},
		{"api improve", cityOps, "GET", "/api/v1/indicators/elicence_rate/improve?region=511725", nil,
			testkit.Want{Status: 200, Contains: []string{`"hint":`}}},
		{"api update county", head, "PUT", "/api/v1/indicators/overdue_rate", `{"name":"x"}`, testkit.Want{Status: 403}},
		{"api update invalid", cityOps, "PUT", "/api/v1/indicators/overdue_rate", `{"name":"","direction":"up"}`,
			testkit.Want{Status: 400, Contains: []string{"name"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.Check(t, tc.name, testkit.Do(t, rt, tc.ctx, tc.method, tc.path, tc.body), tc.want)
		})
	}
}
