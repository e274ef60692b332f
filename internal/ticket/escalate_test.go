package ticket

import (
	"context"
	"testing"
)

// TestScan_Escalation: each level notifies once, when its instant has
// passed, in the scan's transaction with the "escalate" clock event.
func TestScan_Escalation(t *testing.T) {
	e := newEnvWith(t, Config{Escalations: []int{-15, 30}})
	e.clock.Set(at(t, "2025-11-17 10:00"))
	tk := e.fault(t, Emergency) // response due 11:00 on 7x24: levels at 10:45 and 11:30
	count := func(want int, when string) {
		t.Helper()
		e.clock.Set(at(t, when))
		if _, err := e.svc.ScanClocks(context.Background()); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, ev := range e.events(t, tk.ID) {
			if ev == "response:escalate" {
				n++
			}
		}
		if got := countWith(e.inbox(t, "yunwei"), "升级提醒"); n != want || got != want {
			t.Errorf("at %s: %d escalate events, %d notices; want %d", when, n, got, want)
		}
	}
	count(0, "2025-11-17 10:44")
	count(1, "2025-11-17 10:45")
	count(1, "2025-11-17 10:59")
	count(2, "2025-11-17 11:31")
	count(2, "2025-11-17 12:30")
}
