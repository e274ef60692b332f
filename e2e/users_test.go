//go:build e2e

package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

const (
	badIDNumber  = "511702199003071239" // check digit should be 8
	goodIDNumber = "511702199003071238"
	weakPassword = "weakpassword"  // one character class only
	initialPass  = "Chushi#2026ab" // what the admin hands over
	newPass      = "Xinmima@2026cd"
)

// newUserForm is what the admin types into /admin/users/new.
type newUserForm struct {
	username, name, idNumber, password string
}

// fillNewUser fills the new-account form for a 通川区 window clerk.
func (b *tab) fillNewUser(f newUserForm) {
	b.t.Helper()
	b.fill("#f-username", f.username)
	b.fill("#f-display_name", f.name)
	b.fill("#f-id_number", f.idNumber)
	b.choose("#f-role", "window_clerk")
	b.choose("#f-region_code", "511702")
	unit := eval[string](b, `(Array.from(document.querySelectorAll('#f-org_unit_id option'))
		.find(o => o.textContent.trim().startsWith('通川区 ·')) || {value: ''}).value`)
	if unit == "" {
		b.t.Fatal("the unit list offers no 通川区 unit")
	}
	b.choose("#f-org_unit_id", unit)
	b.fill("#f-password", f.password)
}

// TestAdminCreatesUser: the new-account form reports bad input at the top
// and next to each field and keeps what was typed; valid input creates the
// account; its owner must change the password at first login.
func TestAdminCreatesUser(t *testing.T) {
	f := newUserForm{username: fmt.Sprintf("e2e.clerk%d", time.Now().UnixNano()%1e6),
		name: "孙新人（测试）", idNumber: badIDNumber, password: weakPassword}
	admin := newTab(t)
	admin.loginAs("admin")
	admin.open("/admin/users/new")
	admin.fillNewUser(f)
	if status := admin.press(`main form[action="/admin/users"] button[type="submit"]`); status != 400 {
		t.Errorf("invalid new user: status %d, want 400", status)
	}
	admin.expectText(".error-summary h2", "请修改以下问题后再提交")
	admin.expectText(".error-summary", "身份证号码无效")
	admin.expectText(".error-summary", "至少三类")
	admin.expectText("#e-id_number", "身份证号码无效")
	admin.expectText("#e-password", "至少三类")
	admin.expectValues(map[string]string{"#f-username": f.username, "#f-display_name": f.name,
		"#f-id_number": f.idNumber, "#f-role": "window_clerk", "#f-region_code": "511702", "#f-password": ""})

	admin.fill("#f-id_number", goodIDNumber)
	admin.fill("#f-password", initialPass)
	admin.press(`main form[action="/admin/users"] button[type="submit"]`)
	if p := admin.path(); !strings.HasPrefix(p, "/admin/users/") || p == "/admin/users/new" {
		t.Fatalf("after creating the account the page is %s, want /admin/users/{id}", p)
	}
	admin.expectText(".flash", "账户已创建")
	admin.expectText("main h1", f.name)
	if got := admin.fact("须修改密码"); got != "是" {
		t.Errorf("须修改密码 shows %q, want 是", got)
	}
	if body := eval[string](admin, `document.body.innerText`); strings.Contains(body, goodIDNumber) {
		t.Error("the account page shows the full ID number; it must be masked")
	}

	firstLogin(t, f.username)
}

// expectValues checks the values of form controls (what the user typed is
// kept after an error; passwords are not echoed).
func (b *tab) expectValues(want map[string]string) {
	b.t.Helper()
	for sel, v := range want {
		if got := b.valueOf(sel); got != v {
			b.t.Errorf("%s holds %q, want %q", sel, got, v)
		}
	}
}

// firstLogin: the new user logs in with the initial password, is held on the
// password page, sets a new password and reaches 我的账户.
func firstLogin(t *testing.T, user string) {
	b := newTab(t)
	b.login(user, initialPass)
	b.expectPath("/account/password")
	b.expectText("main .lead", "首次登录")
	b.open("/org/units") // nothing else is reachable yet
	b.expectPath("/account/password")

	b.fill("#f-current", initialPass)
	b.fill("#f-password", newPass)
	b.fill("#f-confirm", newPass)
	b.press(`main form[action="/account/password"] button[type="submit"]`)
	b.expectPath("/account")
	b.expectText("main h1", "我的账户")
	b.expectText(".flash", "密码已修改")
	b.expectText("header .who-role", "综合窗口受理人员 · 通川区")

	b.logout()
	b.login(user, newPass)
	b.expectPath("/")
	b.expectText("main h1", "综合受理工作台")
}
