//go:build e2e

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// caseLink returns the URL of the first case in the list page at path whose
// row mentions item.
func (b *tab) caseLink(path, item string) string {
	b.t.Helper()
	b.open(path)
	href := eval[string](b, `(() => {
		const row = Array.from(document.querySelectorAll('tbody tr')).find(r => r.textContent.includes(`+jsString(item)+`));
		const a = row && row.querySelector('a[href^="/cases/"]');
		return a ? a.getAttribute('href') : '';
	})()`)
	if href == "" {
		b.t.Fatalf("no case for %s on %s", item, path)
	}
	return href
}

// TestCaseFromWindowToConclusion walks a demo application through the pages:
// the 通川区 window accepts it from its queue, the 住建 reviewer approves it
// from the department's queue, the 住建 head concludes it; 渠县's window
// clerk cannot open it.
func TestCaseFromWindowToConclusion(t *testing.T) {
	const item = "建筑工程施工许可证核发"
	clerk := newTab(t)
	clerk.loginAs("chuangkou")
	url := clerk.caseLink("/cases?queue=window", item)
	clerk.open(url)
	if got := clerk.fact("办理状态"); !strings.Contains(got, "已接件") {
		t.Fatalf("a received case: %s", got)
	}
	clerk.expectText("main", "申请材料")
	clerk.press(`form[action$="/accept"] button[type=submit]`)
	clerk.expectText(".flash", "已受理")
	if got := clerk.fact("办理状态"); !strings.Contains(got, "部门办理中") {
		t.Fatalf("after 受理: %s", got)
	}

	reviewer := newTab(t)
	reviewer.loginAs("shenpi.zj")
	if got := reviewer.caseLink("/cases?queue=department", item); got != url {
		t.Fatalf("the department's queue shows %s, want %s", got, url)
	}
	reviewer.open(url)
	reviewer.do(chromedp.Click(chromedp.CSS(`input[name=decision][value=approve]`)))
	reviewer.do(chromedp.SendKeys(`form[action$="/review"] textarea[name=opinion]`, "材料齐全，符合简易低风险项目要求"))
	reviewer.press(`form[action$="/review"] button[type=submit]`)
	reviewer.expectText(".flash", "审查意见已保存")
	reviewer.expectText("main", "待牵头部门办结")

	head := newTab(t)
	head.loginAs("kezhang.zj")
	head.open(url)
	head.do(chromedp.SendKeys(`form[action$="/conclude"] textarea[name=opinion]`, "准予许可"))
	head.press(`form[action$="/conclude"] button[type=submit]`)
	head.expectText(".flash", "办件已办结")
	if got := head.fact("办理状态"); !strings.Contains(got, "办结（通过）") {
		t.Fatalf("after 办结: %s", got)
	}

	other := newTab(t)
	other.loginAs("chuangkou.qx")
	if status := other.open(url); status != 404 {
		t.Fatalf("渠县 clerk opening a 通川区 case: status %d", status)
	}
}
