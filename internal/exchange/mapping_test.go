package exchange

import (
	"testing"
	"time"
)

// TestMapInstance_BJSJ: the instance record carries 办结时间 only for 办结
// (11/12/13) and revocation (15), though the engine stamps concluded_at on
// every end; each mapped record passes the cross-field checks the upper
// system applies.
func TestMapInstance_BJSJ(t *testing.T) {
	at := time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)
	for status := 1; status <= 15; status++ {
		c := caseRow{Number: "C1", ProjectCode: testXMDM, ItemCode: "permit", ItemName: "施工许可", StageNo: 3,
			Status: status, Limit: 5, OwnerUSC: testUSC, ReceivedAt: at.Add(-2 * time.Hour)}
		if status != 1 && status != 6 && status != 7 {
			c.AcceptedAt = at.Add(-time.Hour)
		}
		terminal := map[int]bool{2: true, 4: true, 5: true, 11: true, 12: true, 13: true, 14: true, 15: true}
		if terminal[status] {
			c.ConcludedAt = at
		}
		f := mapInstance(c).Fields
		want := status == 11 || status == 12 || status == 13 || status == 15
		if (f["BJSJ"] != "") != want {
			t.Errorf("BLZT %d: BJSJ %q", status, f["BJSJ"])
		}
		if p := crossProblems(Record{Table: TableInstance, Fields: f}); len(p) > 0 {
			t.Errorf("BLZT %d: %v", status, p)
		}
	}
}
