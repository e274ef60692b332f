package indicator

import (
	"context"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// TestImprove_OverdueRate lists open cases still in time first, soonest
// deadline first, then the overdue ones; concluded and other regions'
// cases never.
func TestImprove_OverdueRate(t *testing.T) {
	e := newEnv(t)
	flow, _ := e.flowOf(t, "511702", 4)
	p := e.project(t, "511702", 4)
	acc := at10(calendar.NewDate(2026, 3, 2))
	mk := func(deadline string, status int) int64 {
		return e.insertCase(t, tcase{project: p, region: "511702", flow: flow, stage: 1, status: status, channel: "online",
			received: acc, accepted: acc, limit: 5, statute: 10, deadline: deadline})
	}
	late := mk("2026-03-18", 8)
	soon := mk("2026-03-23", 8)
	later := mk("2026-04-10", 3)
	mk("2026-03-21", 11)
	other := e.project(t, "511725", 4)
	flow2, _ := e.flowOf(t, "511725", 4)
	e.insertCase(t, tcase{project: other, region: "511725", flow: flow2, stage: 1, status: 8, channel: "online",
		received: acc, accepted: acc, limit: 5, statute: 10, deadline: "2026-03-20"})
	im, err := e.svc.Improve(as(access.DeptHead, "511702"), OverdueRate, "511702", 10)
	e.must(t, err)
	var ids []int64
	for _, s := range im.Items {
		ids = append(ids, s.Ref.ID)
	}
	if len(ids) != 3 || ids[0] != soon || ids[1] != later || ids[2] != late {
		t.Fatalf("order = %v, want [%d %d %d]", ids, soon, later, late)
	}
	if im.Items[0].Urgency != StatusWarn || im.Items[2].Urgency != StatusBad {
		t.Errorf("urgencies %s %s", im.Items[0].Urgency, im.Items[2].Urgency)
	}
}

// TestUpdateDefinition validates, saves and audits; the change shows in
// the registry.
func TestUpdateDefinition(t *testing.T) {
	e := newEnv(t)
	in := InputOf(Catalogue[12]) // 逾期率
	in.Target, in.Weight, in.Official, in.OfficialNote = "150", -1, false, ""
	_, err := e.svc.UpdateDefinition(cityOps, OverdueRate, in)
	f := errs.FieldsOf(err)
	if f["target"] == "" || f["weight"] == "" || f["official_note"] == "" {
		t.Fatalf("fields = %v", f)
	}
	in.Target, in.Weight, in.OfficialNote = "3", 4, "省工改办 2026 年考核口径（暂定）"
	d, err := e.svc.UpdateDefinition(cityOps, OverdueRate, in)
	e.must(t, err)
	if *d.Target != 3 || d.Weight != 4 || d.Official {
		t.Errorf("saved %+v", d)
	}
	got, err := e.svc.Definition(cityOps, OverdueRate)
	e.must(t, err)
	if *got.Target != 3 || got.OfficialNote != in.OfficialNote {
		t.Errorf("read back %+v", got)
	}
	if ev := testkit.AuditEvents(t, e.db, "indicator.update"); len(ev) != 1 {
		t.Errorf("audit events %d", len(ev))
	}
	testkit.AuditChainOK(t, e.db)
	if _, err := e.svc.UpdateDefinition(context.Background(), OverdueRate, in); !errs.Is(err, errs.Unauthenticated) {
		t.Errorf("anonymous: %v", err)
	}
}
