//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// callMe calls GET /api/v1/me as another system would, with the key.
func callMe(t *testing.T, secret string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, env.url+"/api/v1/me", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+secret)
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		t.Fatalf("GET /api/v1/me: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET /api/v1/me: %v", err)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("GET /api/v1/me: Content-Type %q, want JSON; body %q", ct, body)
	}
	var v map[string]any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("GET /api/v1/me: %v in %q", err, body)
	}
	return resp.StatusCode, v
}

// issueKey fills in 发放新密钥 on /admin/apikeys and returns the secret
// that the page shows.
func (b *tab) issueKey(name string) string {
	b.t.Helper()
	b.open("/admin/apikeys")
	b.fill("#f-name", name)
	unit := eval[string](b, `(Array.from(document.querySelectorAll('#f-org_unit_id option')).find(o => o.value !== '0') || {value: ''}).value`)
	if unit == "" {
		b.t.Fatal("no org unit to issue a key for")
	}
	b.choose("#f-org_unit_id", unit)
	if status := b.press(`main form[action="/admin/apikeys"] button[type="submit"]`); status != 201 {
		b.t.Errorf("issuing a key: status %d, want 201", status)
	}
	b.expectText(".flash", "只显示这一次")
	secret := b.textOf("#new-secret")
	if len(secret) < 20 {
		b.t.Fatalf("secret %q looks too short", secret)
	}
	return secret
}

// TestAPIKeyIssueAndRevoke: the administrator issues a key, sees its secret
// once, another system uses it, and after 吊销 the key no longer works.
func TestAPIKeyIssueAndRevoke(t *testing.T) {
	name := fmt.Sprintf("省工改系统数据交换（e2e %d）", time.Now().UnixNano()%1e6)
	admin := newTab(t)
	admin.loginAs("admin")
	secret := admin.issueKey(name)

	status, me := callMe(t, secret)
	if status != http.StatusOK || me["kind"] != "apikey" {
		t.Fatalf("GET /api/v1/me with the new key: %d %v, want 200 and kind apikey", status, me)
	}

	admin.open("/admin/apikeys") // shown once: not on the page again
	admin.absent("#new-secret")
	if body := eval[string](admin, `document.body.innerHTML`); strings.Contains(body, secret) {
		t.Fatal("the secret is still on the API key page after reloading it")
	}
	row := fmt.Sprintf(`//tbody/tr[td[normalize-space(.)=%q]]`, name)
	admin.pressXPath(row + `//button[normalize-space(.)="吊销"]`) // confirm() is accepted
	admin.expectText(".flash", "密钥已吊销")
	admin.expectText(`main table tbody`, "已吊销")

	status, me = callMe(t, secret)
	if status != http.StatusUnauthorized || me["code"] != "unauthenticated" {
		t.Fatalf("GET /api/v1/me with the revoked key: %d %v, want 401 and code unauthenticated", status, me)
	}
}

// TestAuditChainVerifies: the administrator checks the audit chain on the
// audit page and is told that it is intact.
func TestAuditChainVerifies(t *testing.T) {
	admin := newTab(t)
	admin.loginAs("admin")
	admin.open("/admin/audit")
	admin.expectText("main h1", "审计日志")
	if status := admin.press(`form[action="/admin/audit/verify"] button`); status != 200 {
		t.Errorf("verifying the audit chain: status %d, want 200", status)
	}
	admin.expectText("main [role=status]", "审计链完整")
	admin.expectText("main [role=status]", "未发现篡改")
}
