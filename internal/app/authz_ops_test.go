package app

import (
	"bytes"
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

// knowledgeFixtures names a knowledge-base article, a training session with
// a stored file, and 通川区's 综合窗口 unit for the working-hours pages.
func knowledgeFixtures(t *testing.T, sys *System, ids map[string]string) {
	t.Helper()
	ops := as(t, sys, "yunwei")
	art, err := sys.Tickets.CreateArticle(ops, ticket.ArticleInput{Title: "上传材料提示网络错误",
		Symptom: "网上大厅上传 PDF 时提示网络错误", Solution: "调大反向代理的请求体上限", Subsystem: "网上大厅"})
	if err != nil {
		t.Fatal(err)
	}
	ref, err := sys.Tickets.StoreTrainingFile(ops, bytes.NewReader(demoPDF("培训讲义")), "讲义.pdf", "application/pdf")
	if err != nil {
		t.Fatal(err)
	}
	tr, err := sys.Tickets.CreateTraining(ops, ticket.TrainingInput{Title: "综合受理系统操作培训", RegionCode: "511702",
		HeldOn: "2026-11-20", Trainer: "吴运维", Location: "通川区政务服务中心", Hours: 2, Content: "统一收件、一次性告知与出证",
		Attendees: []ticket.Attendee{{Name: "王受理"}}, Materials: []ticket.Material{{Kind: "file", Name: "讲义", Hash: ref.Hash}}})
	if err != nil {
		t.Fatal(err)
	}
	unit, err := sys.Org.UnitByFunction(ops, "511702", "window")
	if err != nil {
		t.Fatal(err)
	}
	ids["kb"], ids["training"], ids["training_file"], ids["hours_unit"] = fmt.Sprint(art.ID), fmt.Sprint(tr.ID),
		ref.Hash, fmt.Sprint(unit.ID)
}
