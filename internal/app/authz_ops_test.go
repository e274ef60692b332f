package app

import (
	"fmt"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/ticket"
	"github.com/dazhou-gongai/gongai/internal/window"
)

// windowFixtures names 通川区's first window, a booking of it by the demo
// enterprise, the clerk chuangkou, and a fault reported by the enterprise.
func windowFixtures(t *testing.T, sys *System, ids map[string]string) {
	t.Helper()
	var wid, clerk int64
	err := sys.DB.QueryRow(`SELECT MIN(id) FROM windows WHERE region_code = '511702'`).Scan(&wid)
	if err == nil {
		err = sys.DB.QueryRow(`SELECT id FROM users WHERE username = 'chuangkou'`).Scan(&clerk)
	}
	if err != nil {
		t.Fatal(err)
	}
	qiye := as(t, sys, "qiye")
	days, err := sys.Windows.Slots(qiye, wid, 5)
	if err != nil || len(days) == 0 || len(days[0].Slots) == 0 {
		t.Fatalf("free slots of window %d: %v", wid, err)
	}
	s := days[0].Slots[0]
	a, err := sys.Windows.Book(qiye, window.BookInput{WindowID: wid, Day: s.Day, Starts: s.Starts,
		MatterKind: "item", MatterRef: "construction_permit", Phone: "13800000000"})
	if err != nil {
		t.Fatal(err)
	}
	tk, err := sys.Tickets.Open(qiye, ticket.OpenInput{Kind: ticket.Fault, Severity: ticket.General,
		Title: "网上大厅上传材料失败", Content: "上传 PDF 时提示网络错误", Channel: "web", ReporterName: "川东建设",
		ReporterContact: "13800000000", RegionCode: "511702", Subsystem: "网上大厅"})
	if err != nil {
		t.Fatal(err)
	}
	// a second clerk on the window: the page and the API each remove one.
	var second int64
	if err := sys.DB.QueryRow(`SELECT id FROM users WHERE username = 'target.tc'`).Scan(&second); err != nil {
		t.Fatal(err)
	}
	if _, err := sys.Windows.AddStaff(as(t, sys, "admin"), wid, second); err != nil {
		t.Fatal(err)
	}
	ids["window"], ids["staff"], ids["staff_api"], ids["appointment"], ids["ticket"] = fmt.Sprint(wid),
		fmt.Sprint(clerk), fmt.Sprint(second), fmt.Sprint(a.ID), fmt.Sprint(tk.ID)
}
