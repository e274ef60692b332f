package identity

import (
	"context"
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

func TestAPIKey_Lifecycle(t *testing.T) {
	f := newFixture(t)
	admin := f.as(t, "admin")
	unit := f.unit(t, "511703", "zrzy")
	if _, _, err := f.svc.CreateAPIKey(admin, unit.ID, ""); errs.FieldsOf(err)["name"] == "" {
		t.Fatalf("empty name: %v", err)
	}
	secret, k, err := f.svc.CreateAPIKey(admin, unit.ID, "自然资源业务系统对接")
	if err != nil || !strings.HasPrefix(secret, k.Prefix+"_") {
		t.Fatalf("create: %q %+v %v", secret, k, err)
	}
	var stored string
	f.db.QueryRow(`SELECT key_hash FROM api_keys WHERE id = $1`, k.ID).Scan(&stored)
	if stored == secret || strings.Contains(stored, secret) {
		t.Fatal("the secret must not be stored")
	}
	p, err := f.svc.APIKeyPrincipal(context.Background(), secret)
	if err != nil || p.APIKeyID != k.ID || p.Primary().Role != access.Machine || p.Primary().RegionCode != "511703" {
		t.Fatalf("principal %+v %v", p, err)
	}
	if _, err := f.svc.APIKeyPrincipal(context.Background(), secret+"x"); !errs.Is(err, errs.Unauthenticated) {
		t.Fatalf("wrong secret: %v", err)
	}
	if err := f.svc.RevokeAPIKey(admin, k.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.APIKeyPrincipal(context.Background(), secret); !errs.Is(err, errs.Unauthenticated) {
		t.Fatalf("revoked key: %v", err)
	}
	if err := f.svc.RevokeAPIKey(admin, k.ID); !errs.Is(err, errs.Conflict) {
		t.Fatalf("second revoke: %v", err)
	}
	if f.countEvents(t, "apikey.create") != 1 || f.countEvents(t, "apikey.revoke") != 1 {
		t.Fatal("issue and revoke must be audited")
	}
	f.verifyAudit(t)
}

func TestAPIKey_Scope(t *testing.T) {
	f := newFixture(t)
	_, _, err := f.svc.CreateAPIKey(f.as(t, "admin"), f.unit(t, "511702", "zj").ID, "通川住建")
	if err != nil {
		t.Fatal(err)
	}
	qx := f.countyAdmin(t)
	if _, _, err := f.svc.CreateAPIKey(qx, f.unit(t, "511702", "zj").ID, "越权"); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("county admin issuing for another county: %v", err)
	}
	keys, err := f.svc.ListAPIKeys(qx)
	if err != nil || len(keys) != 0 {
		t.Fatalf("渠县 admin must not see 通川 keys: %v %v", keys, err)
	}
	if _, err := f.svc.ListAPIKeys(f.as(t, "yunwei")); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("ops engineer cannot manage keys: %v", err)
	}
}
