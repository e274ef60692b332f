package catalog

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

func TestService_FlowVersioning(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	v1 := f.mustPublished(t, "511725", 4)
	running := v1.ID // a case started on version 1 keeps this id

	// Editing an item does not change the published flow.
	permit := stageItem(t, v1, "low_risk_construction_permit").Item
	edited := permit
	edited.PromisedDays, edited.Name = 2, "施工许可（简易低风险，已修改）"
	edited.Materials = edited.Materials[1:]
	if _, err := f.svc.UpdateItem(as(cityAdmin), edited); err != nil {
		t.Fatal(err)
	}
	again, err := f.svc.FlowVersion(ctx, running)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again, v1) {
		t.Fatalf("an item edit changed published flow %d", running)
	}

	// A draft copies the published version and sees the item's current revision.
	draft, err := f.svc.StartDraft(as(quxianAdmin), "511725", 4)
	if err != nil {
		t.Fatal(err)
	}
	if draft.Status != StatusDraft || draft.Version != 2 || draft.BasedOn != v1.ID || len(draft.Stages) != len(v1.Stages) {
		t.Fatalf("draft = %+v", draft)
	}
	if got := stageItem(t, draft, "low_risk_construction_permit").Item; got.Revision != 2 || got.PromisedDays != 2 {
		t.Fatalf("draft item = revision %d", got.Revision)
	}
	if same, err := f.svc.StartDraft(as(quxianAdmin), "511725", 4); err != nil || same.ID != draft.ID {
		t.Fatalf("a second StartDraft must return the same draft: %+v, %v", same, err)
	}

	// Publishing retires version 1; the running case still reads it unchanged.
	draft.Stages[0].LimitDays = 6
	if _, err := f.svc.SaveDraft(as(quxianAdmin), draft); err != nil {
		t.Fatal(err)
	}
	v2, err := f.svc.PublishFlow(as(quxianAdmin), draft.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v2.Status != StatusPublished || v2.PublishedAt.IsZero() || v2.Stages[0].LimitDays != 6 {
		t.Fatalf("published %+v", v2)
	}
	if cur := f.mustPublished(t, "511725", 4); cur.ID != v2.ID {
		t.Fatalf("PublishedFlow = %d, want %d", cur.ID, v2.ID)
	}
	old, err := f.svc.FlowVersion(ctx, running)
	if err != nil || old.Status != StatusRetired || old.RetiredAt.IsZero() {
		t.Fatalf("old version: %+v, %v", old, err)
	}
	old.Status, old.RetiredAt = v1.Status, v1.RetiredAt
	if !reflect.DeepEqual(old, v1) {
		t.Fatal("retiring changed the content of version 1")
	}

	// The published version is frozen: later item edits do not reach it.
	edited = f.mustItem(t, "low_risk_construction_permit")
	edited.PromisedDays = 1
	if _, err := f.svc.UpdateItem(as(cityAdmin), edited); err != nil {
		t.Fatal(err)
	}
	if got := stageItem(t, f.mustPublished(t, "511725", 4), "low_risk_construction_permit").Item; got.Revision != 2 || got.PromisedDays != 2 {
		t.Fatalf("published v2 follows item edits: revision %d", got.Revision)
	}
	if _, err := f.svc.SaveDraft(as(quxianAdmin), v2); !errs.Is(err, errs.Conflict) {
		t.Fatalf("editing a published version: %v", err)
	}
	if _, err := f.svc.PublishFlow(as(quxianAdmin), v2.ID); !errs.Is(err, errs.Conflict) {
		t.Fatalf("publishing twice: %v", err)
	}
	// Other regions are untouched.
	if other := f.mustPublished(t, "511702", 4); other.Version != 1 {
		t.Fatalf("通川区 type 4 = version %d", other.Version)
	}
	if n := len(f.events(t, "catalog.flow.")); n != 3 {
		t.Fatalf("flow events = %d, want draft, update, publish", n)
	}
	f.assertChainOK(t)
}

func TestService_FlowAuthorisation(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name string
		call func() error
	}{
		{"reviewer starts a draft", func() error { _, err := f.svc.StartDraft(as(reviewer), "511700", 1); return err }},
		{"county admin in another county", func() error { _, err := f.svc.StartDraft(as(quxianAdmin), "511702", 1); return err }},
	}
	for _, tc := range tests {
		if err := tc.call(); !errs.Is(err, errs.Forbidden) {
			t.Errorf("%s: %v, want Forbidden", tc.name, err)
		}
	}
	draft, err := f.svc.StartDraft(as(cityAdmin), "511702", 3)
	if err != nil {
		t.Fatal(err)
	}
	for name, call := range map[string]func() error{
		"save":    func() error { _, err := f.svc.SaveDraft(as(reviewer), draft); return err },
		"publish": func() error { _, err := f.svc.PublishFlow(as(quxianAdmin), draft.ID); return err },
		"discard": func() error { return f.svc.DiscardDraft(as(reviewer), draft.ID) },
	} {
		if err := call(); !errs.Is(err, errs.Forbidden) {
			t.Errorf("%s: %v, want Forbidden", name, err)
		}
	}
	if _, err := f.svc.ViewFlow(as(reviewer), draft.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("a draft is not public: %v", err)
	}
	if _, err := f.svc.ViewFlow(as(cityAdmin), draft.ID); err != nil {
		t.Errorf("the admin sees the draft: %v", err)
	}
	if _, err := f.svc.Flows(as(reviewer), FlowFilter{IncludeDrafts: true}); !errs.Is(err, errs.Forbidden) {
		t.Errorf("listing drafts: %v", err)
	}
	list, err := f.svc.Flows(as(quxianAdmin), FlowFilter{IncludeDrafts: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, fl := range list {
		if fl.Status == StatusDraft {
			t.Errorf("渠县's admin sees 通川区's draft %d", fl.ID)
		}
	}
	if err := f.svc.DiscardDraft(as(cityAdmin), draft.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.FlowVersion(context.Background(), draft.ID); !errs.Is(err, errs.NotFound) {
		t.Fatalf("discarded draft: %v", err)
	}
	f.assertChainOK(t)
}

func TestService_SaveDraft_Validation(t *testing.T) {
	f := newFixture(t)
	if _, err := f.svc.SetItemActive(as(cityAdmin), "energy_review", false); err != nil {
		t.Fatal(err)
	}
	draft, err := f.svc.StartDraft(as(cityAdmin), "511700", 1)
	if err != nil {
		t.Fatal(err)
	}
	bad := draft
	bad.Name = ""
	bad.Stages = append([]Stage(nil), draft.Stages...)
	s1 := bad.Stages[0]
	s1.LimitDays = 5 // shorter than 政府投资项目审批's 10 promised days
	s1.Items = append([]StageItem{
		{ItemCode: "construction_permit", Departments: []string{"zj"}, Join: JoinAll}, // also in stage 3
		{ItemCode: "no_such_item", Departments: []string{"zj"}, Join: JoinAll},
		{ItemCode: "enterprise_project_approval", Departments: []string{"fgw", "police"}, Join: JoinQuorum, Quorum: 3},
		{ItemCode: "low_risk_planning_permit", Departments: []string{"zj"}, Join: "some"},
	}, s1.Items...)
	bad.Stages[0] = s1
	_, err = f.svc.SaveDraft(as(cityAdmin), bad)
	want := map[string]string{
		"name":                           "请填写流程名称",
		"stage_1_limit":                  "短于其中事项",
		"item_construction_permit_stage": "同一事项只能放在一个阶段",
		"item_no_such_item_stage":        "不存在",
		"item_enterprise_project_approval_departments": "police",
		"item_enterprise_project_approval_quorum":      "1到2之间",
		"item_low_risk_planning_permit_departments":    "须包含事项的牵头部门（zrzy",
		"item_low_risk_planning_permit_join":           "请选择会签方式",
		"item_energy_review_stage":                     "已停用",
	}
	got := errs.FieldsOf(err)
	for k, w := range want {
		if !strings.Contains(got[k], w) {
			t.Errorf("%s = %q, want %q", k, got[k], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d messages %v", len(got), got)
	}

	// Departments are put in order with the lead first; duplicates dropped.
	good := draft
	good.Stages = append([]Stage(nil), draft.Stages...)
	good.Stages[0].Items = removeItem(good.Stages[0].Items, "energy_review")
	for i, si := range good.Stages[1].Items {
		if si.ItemCode == "design_scheme_review" {
			good.Stages[1].Items[i].Departments = []string{"zj", "rf", "zrzy", "zj"}
		}
	}
	saved, err := f.svc.SaveDraft(as(cityAdmin), good)
	if err != nil {
		t.Fatal(err)
	}
	if d := stageItem(t, saved, "design_scheme_review").Departments; strings.Join(d, ",") != "zrzy,zj,rf" {
		t.Fatalf("departments = %v", d)
	}

	// Publishing needs a required item in every stage.
	good = saved
	good.Stages = append([]Stage(nil), saved.Stages...)
	for i := range good.Stages[3].Items {
		good.Stages[3].Items[i].Optional = true
	}
	if _, err := f.svc.SaveDraft(as(cityAdmin), good); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.PublishFlow(as(cityAdmin), draft.ID)
	if !strings.Contains(errs.FieldsOf(err)["stage_4_items"], "还没有必办事项") {
		t.Fatalf("publish without a required item: %v", err)
	}
}

func removeItem(items []StageItem, code string) []StageItem {
	var out []StageItem
	for _, si := range items {
		if si.ItemCode != code {
			out = append(out, si)
		}
	}
	return out
}

func TestService_StartDraft_WithoutPublishedVersion(t *testing.T) {
	f := newFixture(t)
	d, err := f.svc.StartDraft(as(cityAdmin), "511771", 6)
	if err != nil {
		t.Fatal(err)
	}
	if d.Version != 1 || d.BasedOn != 0 || len(d.Stages) != 4 || d.Stages[2].Name != "施工许可" || d.Name != "工业类投资项目审批流程" {
		t.Fatalf("new draft = %+v", d)
	}
	if _, err := f.svc.PublishFlow(as(cityAdmin), d.ID); !errs.Is(err, errs.Invalid) {
		t.Fatalf("publishing an empty flow: %v", err)
	}
	if _, err := f.svc.StartDraft(as(cityAdmin), "511771", 11); !errs.Is(err, errs.Invalid) {
		t.Fatalf("type 11: %v", err)
	}
	if _, err := f.svc.PublishedFlow(context.Background(), "511771", 6); !errs.Is(err, errs.NotFound) {
		t.Fatalf("unpublished type: %v", err)
	}
}

func TestService_StartDraft_UnknownRegion(t *testing.T) {
	f := newFixture(t)
	if _, err := f.svc.StartDraft(as(cityAdmin), "110000", 1); !errs.Is(err, errs.Conflict) {
		t.Fatalf("unknown region: %v", err)
	}
}
