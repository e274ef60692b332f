package identity

import (
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

var cheap = HashParams{Memory: 64, Time: 1, Threads: 1}

func TestHashPassword_RoundTrip(t *testing.T) {
	h := HashPassword("Dazhou@2026", cheap)
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("unexpected format %s", h)
	}
	if !CheckPassword(h, "Dazhou@2026") {
		t.Fatal("right password rejected")
	}
	for _, wrong := range []string{"dazhou@2026", "Dazhou@202", ""} {
		if CheckPassword(h, wrong) {
			t.Fatalf("%q accepted", wrong)
		}
	}
	if HashPassword("Dazhou@2026", cheap) == h {
		t.Fatal("salt must differ between hashes")
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=64,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=x$a$b"} {
		if CheckPassword(bad, "x") {
			t.Fatalf("malformed hash %q matched", bad)
		}
	}
}

func TestCheckPolicy(t *testing.T) {
	tests := []struct {
		pw, user string
		ok       bool
	}{
		{"Dazhou@2026", "admin", true},
		{"dazhou2026!", "admin", true},   // lower, digit, symbol
		{"DAZHOUdazhou1", "admin", true}, // upper, lower, digit
		{"Dz@1", "admin", false},         // too short
		{"dazhou2026", "admin", false},   // two classes
		{"ABCDEFGH!!", "admin", false},   // two classes
		{"Admin@2026", "admin", false},   // contains the user name
		{"密码很长很长Aa1", "u", true},         // CJK counts as a symbol class
	}
	for _, tc := range tests {
		err := CheckPolicy(tc.pw, tc.user, "password")
		if (err == nil) != tc.ok {
			t.Errorf("CheckPolicy(%q) = %v, want ok=%v", tc.pw, err, tc.ok)
		}
		if err != nil && errs.FieldsOf(err)["password"] == "" {
			t.Errorf("error for %q lacks a field message", tc.pw)
		}
	}
}
