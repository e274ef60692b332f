package casework

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// legal restates the state machine independently of the table in
// status.go, as "from/accepted/action → to", so that an edit to either
// without the other fails this test.
var legal = map[string]Status{
	"1/false/accept": 3, "1/false/not_receive": 4, "1/false/refuse": 5, "1/false/request_fix": 6,
	"1/false/withdraw": 2, "6/false/supply_fix": 7, "6/false/withdraw": 2, "7/false/accept": 3,
	"7/false/refuse": 5, "7/false/request_fix": 6, "7/false/withdraw": 2,
	"3/true/dispatch": 8, "3/true/withdraw": 14,
	"8/true/request_fix": 6, "8/true/send_back": 3, "8/true/start_special": 9, "8/true/approve": 11,
	"8/true/approve_deficit": 12, "8/true/deny": 13, "8/true/withdraw": 14,
	"6/true/supply_fix": 7, "6/true/withdraw": 14, "7/true/resume": 8,
	"9/true/end_special": 10, "10/true/resume": 8,
	"11/true/revoke": 15, "12/true/revoke": 15,
}

var allActions = []Action{ActAccept, ActNotReceive, ActRefuse, ActRequestFix, ActSupplyFix, ActResume,
	ActDispatch, ActSendBack, ActStartSpecial, ActEndSpecial, ActApprove, ActApproveDeficit, ActDeny,
	ActWithdraw, ActRevoke}

// TestNext_EveryTransition walks all 15 statuses × before/after acceptance ×
// every action: the legal ones lead where the table says, every other one
// is a Conflict with a Chinese message naming the status.
func TestNext_EveryTransition(t *testing.T) {
	seen := 0
	for s := Status(1); s <= 15; s++ {
		for _, accepted := range []bool{false, true} {
			for _, a := range allActions {
				key := fmt.Sprintf("%d/%t/%s", s, accepted, a)
				to, err := Next(s, accepted, a)
				want, ok := legal[key]
				switch {
				case ok && (err != nil || to != want):
					t.Errorf("%s: got %v %v, want %v", key, to, err, want)
				case !ok && !errs.Is(err, errs.Conflict):
					t.Errorf("%s: illegal transition allowed (→ %v)", key, to)
				case !ok && err != nil && errs.Message(err) == "":
					t.Errorf("%s: refusal without a message", key)
				}
				if ok {
					seen++
				}
			}
		}
	}
	if seen != len(legal) || len(transitions) != len(legal) {
		t.Fatalf("legal edges: walked %d, test lists %d, table has %d", seen, len(legal), len(transitions))
	}
}

func TestStatus_Properties(t *testing.T) {
	for s := Status(1); s <= 15; s++ {
		if !s.Valid() || s.Label() == "" {
			t.Errorf("%d lacks a label", s)
		}
		if s.Terminal() {
			for _, a := range allActions {
				if _, err := Next(s, true, a); err == nil && a != ActRevoke {
					t.Errorf("terminal %d allows %s", s, a)
				}
			}
		}
	}
	if Status(0).Valid() || Status(16).Valid() {
		t.Fatal("only 1–15 are valid")
	}
	if !CorrectionStarted.Paused() || !SpecialStarted.Paused() || InReview.Paused() {
		t.Fatal("only 补正（开始） and 特别程序（开始） stop the clock")
	}
}

// TestOpenStatuses: the SQL list of open statuses is exactly the statuses
// that are not terminal.
func TestOpenStatuses(t *testing.T) {
	var open []string
	for s := Status(1); s <= 15; s++ {
		if !s.Terminal() {
			open = append(open, strconv.Itoa(int(s)))
		}
	}
	if want := "c.status IN (" + strings.Join(open, ", ") + ")"; openStatuses != want {
		t.Fatalf("openStatuses = %q, want %q", openStatuses, want)
	}
}
