package identity

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/idcode"
)

func TestLogin_SuccessGivesPrincipalWithScopedAssignments(t *testing.T) {
	f := newFixture(t)
	token, p, err := f.svc.Login(context.Background(), "chuangkou", DemoPassword, Client{IP: "10.0.0.1"})
	if err != nil || token == "" {
		t.Fatalf("login: %v", err)
	}
	a := p.Primary()
	if a.Role != access.WindowClerk || a.RegionCode != "511702" || a.OrgName == "" || a.RegionName != "通川区" {
		t.Fatalf("assignment = %+v", a)
	}
	if f.countEvents(t, "user.login") != 1 {
		t.Fatal("login must be audited")
	}
	f.verifyAudit(t)
}

func TestLogin_LockoutPolicy(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for i := 1; i <= 4; i++ {
		_, _, err := f.svc.Login(ctx, "shenpi", "Wrong@pass1", Client{})
		if !errs.Is(err, errs.Unauthenticated) || !strings.Contains(errs.Message(err), "再错") {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	_, _, err := f.svc.Login(ctx, "shenpi", "Wrong@pass1", Client{})
	if !errs.Is(err, errs.Locked) {
		t.Fatalf("5th failure must lock: %v", err)
	}
	_, _, err = f.svc.Login(ctx, "shenpi", DemoPassword, Client{})
	if !errs.Is(err, errs.Locked) {
		t.Fatalf("right password while locked must be refused: %v", err)
	}
	f.clock.Add(14 * time.Minute)
	if _, _, err = f.svc.Login(ctx, "shenpi", DemoPassword, Client{}); !errs.Is(err, errs.Locked) {
		t.Fatalf("still locked at 14 min: %v", err)
	}
	f.clock.Add(2 * time.Minute)
	if _, _, err = f.svc.Login(ctx, "shenpi", DemoPassword, Client{}); err != nil {
		t.Fatalf("lock must expire after 15 min: %v", err)
	}
	if f.countEvents(t, "user.locked") != 1 || f.countEvents(t, "user.login_failed") != 7 {
		t.Fatalf("locked=%d failed=%d", f.countEvents(t, "user.locked"), f.countEvents(t, "user.login_failed"))
	}
	f.verifyAudit(t)
}

func TestLogin_FailureCountRestartsAfterExpiredLock(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for i := 0; i < 5; i++ {
		f.svc.Login(ctx, "shenpi", "x", Client{})
	}
	f.clock.Add(16 * time.Minute)
	_, _, err := f.svc.Login(ctx, "shenpi", "x", Client{})
	if !errs.Is(err, errs.Unauthenticated) || !strings.Contains(errs.Message(err), "再错 4 次") {
		t.Fatalf("first failure after an expired lock must count as 1: %v", err)
	}
}

func TestLogin_Refusals(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tests := []struct {
		name, user, pass string
		kind             errs.Kind
	}{
		{"empty", "", "", errs.Invalid},
		{"unknown user", "nobody", DemoPassword, errs.Unauthenticated},
		{"wrong password", "admin", "nope", errs.Unauthenticated},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := f.svc.Login(ctx, tc.user, tc.pass, Client{})
			if errs.KindOf(err) != tc.kind {
				t.Fatalf("got %v, want kind %v", err, tc.kind)
			}
		})
	}
	if errs.Message(errBadCredentials) != "用户名或密码错误。" {
		t.Fatal("unknown user and wrong password must read the same")
	}
	admin := f.as(t, "admin")
	users, _ := f.svc.ListUsers(admin, UserFilter{Query: "daiban"})
	if err := f.svc.SetActive(admin, users[0].ID, false); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.Login(ctx, "daiban", DemoPassword, Client{}); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("disabled account: %v", err)
	}
	f.verifyAudit(t)
}

func TestDemoCreditCodeIsValid(t *testing.T) {
	if c := demoCreditCode(); !idcode.ValidCreditCode(c) {
		t.Fatalf("%q is not a valid 统一社会信用代码", c)
	}
}
