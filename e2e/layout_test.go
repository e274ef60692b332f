//go:build e2e

package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// noHorizontalScroll fails if the page is wider than the window, which
// must be width px wide.
func (b *tab) noHorizontalScroll(page string, width int) {
	b.t.Helper()
	dims := eval[[]int](b, `[document.documentElement.scrollWidth, window.innerWidth]`)
	if dims[1] != width {
		b.t.Fatalf("%s: the window is %d px wide, want %d (viewport emulation failed)", page, dims[1], width)
	}
	if dims[0] > dims[1] {
		b.t.Errorf("%s scrolls sideways: content %d px wide in a %d px window", page, dims[0], dims[1])
	}
}

// TestLayoutWidths: on a 375 px phone and a 1280 px desktop, the login page
// and the user list fit the width of the window.
func TestLayoutWidths(t *testing.T) {
	for _, width := range []int{375, 1280} {
		t.Run(fmt.Sprintf("%dpx", width), func(t *testing.T) {
			b := newTab(t)
			b.do(chromedp.EmulateViewport(int64(width), 800))
			b.open("/login")
			b.expectText("main h1", "登录")
			b.noHorizontalScroll("/login", width)

			b.loginAs("admin")
			b.open("/admin/users")
			b.expectText("main h1", "用户管理")
			b.noHorizontalScroll("/admin/users", width)
			b.open("/admin/users/new")
			b.noHorizontalScroll("/admin/users/new", width)
		})
	}
}

// TestLoginWithoutJavaScript: with scripts switched off, the login form
// still works, both for a wrong password and for the right one.
func TestLoginWithoutJavaScript(t *testing.T) {
	b := newTab(t)
	_, err := chromedp.Call(b.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	if err != nil {
		t.Fatalf("disabling JavaScript: %v", err)
	}
	b.login("jianguan", "Not-the-password1")
	b.expectPath("/login")
	b.expectText("#e-password", "用户名或密码错误")
	if b.summaryFocused() {
		t.Fatal("app.js ran (the error summary has the focus): JavaScript is not disabled")
	}

	b.loginAs("jianguan")
	b.expectText("main h1", "效能监管")
	b.expectText("header .who-role", "工改办监管人员 · 达州市本级")
	b.logout()
	b.expectText(".flash", "您已安全退出")
}

// summaryFocused reports whether app.js moved the focus to the error
// summary, which it does on every page load when scripts run.
func (b *tab) summaryFocused() bool {
	b.t.Helper()
	return eval[bool](b, `document.activeElement !== null && document.activeElement.classList.contains('error-summary')`)
}
