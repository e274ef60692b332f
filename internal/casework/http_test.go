package casework_test

import (
	"io/fs"
	"net/url"
	"strconv"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// TestPages_FormsKeepInput: a refused form comes back with the Chinese
// message next to the field and what was typed; a good one redirects.
func TestPages_FormsKeepInput(t *testing.T) {
	e := newEnv(t)
	c := e.acceptanceCase(t, "pages")
	rt := testkit.NewRouter(t, map[string]fs.FS{"casework": casework.Templates()}, func(rt *web.Router, rd *web.Renderer) {
		casework.NewHTTP(e.cases, rd).Routes(rt)
	})
	path := "/cases/" + strconv.FormatInt(c.ID, 10)
	reviewer := e.as(t, "shenpi.zj")
	rec := testkit.Do(t, rt, reviewer, "POST", path+"/special", url.Values{"kind": {"testing"}, "reason": {"桩基检测"},
		"expected_days": {"abc"}})
	testkit.Expect(t, rec, 400, "预计时长应为 1–365 个工作日", `value="testing" selected`, "桩基检测")
	rec = testkit.Do(t, rt, reviewer, "POST", path+"/review", url.Values{"decision": {"approve"}})
	testkit.Expect(t, rec, 400, "请填写审查意见", "error-summary")
	rec = testkit.Do(t, rt, reviewer, "POST", path+"/review", url.Values{"decision": {"approve"}, "opinion": {"同意"}})
	testkit.Check(t, "review", rec, testkit.Want{Status: 303, Location: path})
	rec = testkit.Do(t, rt, e.as(t, "chuangkou.qx"), "GET", path, nil)
	testkit.Expect(t, rec, 404, "办件不存在")
	rec = testkit.Do(t, rt, reviewer, "GET", path, nil)
	testkit.Expect(t, rec, 200, "申请材料", "部门办理", "同意", "办理过程", "部门审查同意")
}
