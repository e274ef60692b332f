//go:build e2e

package e2e

import (
	"fmt"
	"strings"
	"testing"
)

// demoPassword is the password of every demo account (identity.DemoPassword),
// written out here because the test is about what a person types.
const demoPassword = "Dazhou@2026"

const (
	loginButton  = `main form[action="/login"] button[type="submit"]`
	logoutButton = `header .who form[action="/logout"] button`
)

// login fills in the real login form and submits it.
func (b *tab) login(user, pass string) {
	b.t.Helper()
	b.open("/login")
	b.fill("#f-username", user)
	b.fill("#f-password", pass)
	b.press(loginButton)
}

// loginAs logs a demo account in and checks that it reached its home page.
func (b *tab) loginAs(user string) {
	b.t.Helper()
	b.login(user, demoPassword)
	b.expectPath("/")
}

// logout presses 退出登录 in the header.
func (b *tab) logout() {
	b.t.Helper()
	b.press(logoutButton)
}

// demoAccounts are the demo accounts with what their header and home page
// show: the Chinese role label, the region and the workbench title.
var demoAccounts = []struct {
	user, role, region, home string
}{
	{"qiye", "企业申报人", "通川区", "网上办事大厅"},
	{"daiban", "代办员", "通川区", "代办服务工作台"},
	{"chuangkou", "综合窗口受理人员", "通川区", "综合受理工作台"},
	{"chuangkou.qx", "综合窗口受理人员", "渠县", "综合受理工作台"},
	{"shenpi", "部门审批人员", "通川区", "审批工作台"},
	{"fuzeren", "部门负责人", "通川区", "部门审批管理"},
	{"jianguan", "工改办监管人员", "达州市本级", "效能监管"},
	{"yunwei", "运维工程师", "达州市本级", "运维工作台"},
	{"admin", "系统管理员", "达州市本级", "系统配置"},
}

// TestDemoAccountsLogInAndOut: every demo account logs in through the form,
// lands on its role's home page with its role and region in the header, and
// logs out back to the login page.
func TestDemoAccountsLogInAndOut(t *testing.T) {
	for _, a := range demoAccounts {
		t.Run(a.user, func(t *testing.T) {
			b := newTab(t)
			b.loginAs(a.user)
			b.expectText("main h1", a.home)
			b.expectText("header .who-role", a.role+" · "+a.region)
			b.expectText("header .who-name", "（演示")

			b.logout()
			b.expectPath("/login")
			b.expectText(".flash", "您已安全退出")
			b.open("/") // the session is really gone
			b.expectPath("/login?next=%2F")
		})
	}
}

// TestWrongPasswordAndLockout: a wrong password is reported without losing
// the typed user name; five in a row lock the account so that even the right
// password is refused; an administrator unlocks it and the user gets in.
func TestWrongPasswordAndLockout(t *testing.T) {
	const user = "shenpi"
	b := newTab(t)
	for i := 1; i <= 5; i++ {
		b.login(user, fmt.Sprintf("Wrong#%d-pass", i))
		b.expectPath("/login")
		if got := b.valueOf("#f-username"); got != user {
			t.Fatalf("attempt %d: user name field holds %q, want %q kept", i, got, user)
		}
		msg := b.textOf("#e-password")
		want := "用户名或密码错误"
		if i == 5 {
			want = "账户已锁定"
		}
		if !strings.Contains(msg, want) {
			t.Fatalf("attempt %d: message %q, want %q", i, msg, want)
		}
		b.expectText(".error-summary", want)
		if i == 1 && !b.summaryFocused() {
			t.Error("the error summary does not get the focus, so screen readers miss it")
		}
	}
	b.login(user, demoPassword) // the sixth attempt, with the right password
	b.expectPath("/login")
	b.expectText("#e-password", "账户已锁定")

	unlockAsAdmin(t, user)
	b.loginAs(user)
	b.expectText("header .who-role", "部门审批人员 · 通川区")
}

// unlockAsAdmin: the administrator sees the account locked on its page and
// presses 解锁账户.
func unlockAsAdmin(t *testing.T, user string) {
	admin := newTab(t)
	admin.loginAs("admin")
	admin.openUser(user)
	if got := admin.fact("状态"); !strings.HasPrefix(got, "已锁定") {
		t.Fatalf("状态 of the locked account shows %q, want 已锁定", got)
	}
	admin.press(`form[action$="/unlock"] button`)
	admin.expectText(".flash", "账户已解锁")
	if got := admin.fact("状态"); got != "正常" {
		t.Fatalf("状态 after unlocking shows %q, want 正常", got)
	}
	admin.absent(`form[action$="/unlock"]`)
}

// openUser finds an account on /admin/users by its user name and opens it.
func (b *tab) openUser(user string) {
	b.t.Helper()
	b.open("/admin/users?q=" + user)
	b.pressXPath(fmt.Sprintf(`//table//a[normalize-space(text())=%q]`, user))
	b.expectText("main h1", "（"+user+"）")
}
