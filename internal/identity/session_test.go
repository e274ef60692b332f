package identity

import (
	"context"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

func TestSession_IdleTimeout(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	token, _, err := f.svc.Login(ctx, "jianguan", DemoPassword, Client{})
	if err != nil {
		t.Fatal(err)
	}
	// Activity every 20 minutes keeps the session alive well past 30 minutes.
	for i := 0; i < 3; i++ {
		f.clock.Add(20 * time.Minute)
		if _, err := f.svc.Session(ctx, token); err != nil {
			t.Fatalf("active session ended after %d×20 min: %v", i+1, err)
		}
	}
	f.clock.Add(31 * time.Minute)
	if _, err := f.svc.Session(ctx, token); err != ErrSessionExpired {
		t.Fatalf("idle 31 min: %v", err)
	}
	if _, err := f.svc.Session(ctx, token); !errs.Is(err, errs.Unauthenticated) {
		t.Fatalf("an ended session stays ended: %v", err)
	}
	if f.countEvents(t, "user.session_end") != 1 {
		t.Fatal("timeout must be audited once")
	}
}

func TestSession_LogoutAndLifetime(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	token, _, _ := f.svc.Login(ctx, "yunwei", DemoPassword, Client{})
	if err := f.svc.Logout(ctx, token); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Logout(ctx, token); err != nil {
		t.Fatalf("second logout must be harmless: %v", err)
	}
	if _, err := f.svc.Session(ctx, token); !errs.Is(err, errs.Unauthenticated) {
		t.Fatalf("after logout: %v", err)
	}
	token, _, _ = f.svc.Login(ctx, "yunwei", DemoPassword, Client{})
	for i := 0; i < 24; i++ { // 12 hours of steady activity
		f.clock.Add(30 * time.Minute)
		if _, err := f.svc.Session(ctx, token); err != nil {
			t.Fatalf("active session ended at %d min: %v", (i+1)*30, err)
		}
	}
	f.clock.Add(10 * time.Minute) // 12h10m after login, but only 10 min idle
	if _, err := f.svc.Session(ctx, token); err != ErrSessionExpired {
		t.Fatalf("sessions end after 12 hours regardless: %v", err)
	}
	if f.countEvents(t, "user.logout") != 1 {
		t.Fatal("logout must be audited")
	}
	f.verifyAudit(t)
}

func TestSession_LockEndsOtherSessions(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	token, _, _ := f.svc.Login(ctx, "fuzeren", DemoPassword, Client{})
	for i := 0; i < 5; i++ {
		f.svc.Login(ctx, "fuzeren", "bad", Client{})
	}
	if _, err := f.svc.Session(ctx, token); !errs.Is(err, errs.Unauthenticated) {
		t.Fatalf("a locked account keeps no session: %v", err)
	}
}

func TestPurgeSessions(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	old, _, _ := f.svc.Login(ctx, "admin", DemoPassword, Client{})
	f.clock.Add(25 * time.Minute)
	fresh, _, _ := f.svc.Login(ctx, "yunwei", DemoPassword, Client{})
	f.clock.Add(10 * time.Minute) // admin idle 35 min, yunwei 10 min
	n, err := f.svc.PurgeSessions(ctx)
	if err != nil || n != 1 {
		t.Fatalf("purged %d: %v", n, err)
	}
	if _, err := f.svc.Session(ctx, old); !errs.Is(err, errs.Unauthenticated) {
		t.Fatalf("purged session: %v", err)
	}
	if _, err := f.svc.Session(ctx, fresh); err != nil {
		t.Fatalf("fresh session: %v", err)
	}
	if n, _ := f.svc.PurgeSessions(ctx); n != 0 {
		t.Fatalf("second purge ended %d", n)
	}
	f.verifyAudit(t)
}
