package loadgen

import (
	"net/http"
	"strings"
	"testing"
)

// TestDialerRefusesNonLoopback: even a request that names another address
// directly (as a redirect could) is refused before any packet leaves; the
// address is from TEST-NET-1, reserved for documentation.
func TestDialerRefusesNonLoopback(t *testing.T) {
	c := &http.Client{Transport: newTransport(1)}
	_, err := c.Get("http://192.0.2.1:9/")
	if err == nil || !strings.Contains(err.Error(), "non-loopback") {
		t.Fatalf("err = %v, want the dialer's refusal", err)
	}
}

func TestLoopbackBase(t *testing.T) {
	for in, want := range map[string]string{
		"http://127.0.0.1:8080/some/path?x=1": "http://127.0.0.1:8080",
		"http://localhost:9000":               "http://localhost:9000",
		"http://[::1]:8080/":                  "http://[::1]:8080",
		"http://127.3.4.5:80":                 "http://127.3.4.5:80",
	} {
		got, err := loopbackBase(in)
		if err != nil || got != want {
			t.Errorf("loopbackBase(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"http://user:pw@127.0.0.1:8080", "http://0.0.0.0:8080", "http://localhost.example.com"} {
		if _, err := loopbackBase(in); err == nil {
			t.Errorf("loopbackBase(%q) accepted", in)
		}
	}
}

// TestRoleCounts: every role gets a user once there are enough, and the
// counts add up.
func TestRoleCounts(t *testing.T) {
	for _, n := range []int{1, 3, 6, 7, 50, 200} {
		c := roleCounts(n)
		sum := 0
		for i, k := range c {
			sum += k
			if n >= len(roles) && k == 0 {
				t.Errorf("n=%d: role %s has no user", n, roles[i].name)
			}
		}
		if sum != n {
			t.Errorf("n=%d: counts %v add up to %d", n, c, sum)
		}
	}
}
