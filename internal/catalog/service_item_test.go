package catalog

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/blob"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/formschema"
)

// blobRef names a file that was never stored.
var blobRef = blob.Ref{Hash: strings.Repeat("a", 64), Name: "x.pdf"}

func newItem() Item {
	return Item{Code: "hydrant_check", Name: "室外消火栓接入审查", Kind: KindTechReview, Line: LineAux,
		LeadFunction: "xfsy", StatutoryDays: 10, PromisedDays: 5, ResultName: "审查意见", Deficiency: true,
		Materials: []Material{
			{Name: "申请表", Required: true},
			{Name: "管网图", Required: true, DeficiencyAllowed: true},
		},
		Form: formschema.Schema{Fields: []formschema.Field{{Name: "pipe", Label: "管径", Type: "number"}}}}
}

func TestItem_Validate(t *testing.T) {
	tests := []struct {
		name   string
		change func(it *Item)
		want   map[string]string
	}{
		{"ok", func(it *Item) {}, nil},
		{"bad code", func(it *Item) { it.Code = "Hydrant-Check" }, map[string]string{"code": "小写英文字母"}},
		{"missing name", func(it *Item) { it.Name = "" }, map[string]string{"name": "请填写事项名称。"}},
		{"unknown kind", func(it *Item) { it.Kind = "permit" }, map[string]string{"kind": "请选择事项类别"}},
		{"main without stage", func(it *Item) { it.Line = LineMain }, map[string]string{"stage": "第1至第4阶段"}},
		{"aux with stage", func(it *Item) { it.Stage = 2 }, map[string]string{"stage": "辅线事项不属于某个阶段"}},
		{"unknown lead", func(it *Item) { it.LeadFunction = "police" }, map[string]string{"lead_function": "请选择牵头部门"}},
		{"promised over statutory", func(it *Item) { it.PromisedDays = 11 },
			map[string]string{"promised_days": "承诺时限（11个工作日）不能超过法定时限（10个工作日）。"}},
		{"negative statutory", func(it *Item) { it.StatutoryDays = -1 }, map[string]string{"statutory_days": "0到365"}},
		{"bad standard code", func(it *Item) { it.StandardCode = "11510000 / 001" }, map[string]string{"standard_code": "不清楚时请留空"}},
		{"bad form", func(it *Item) { it.Form.Fields[0].Type = "integer" }, map[string]string{"form": "类型“integer”无效"}},
		{"duplicate material", func(it *Item) { it.Materials[1].Name = "申请表" }, map[string]string{"materials[1].name": "重复"}},
		{"deficiency without the item flag", func(it *Item) { it.Deficiency = false },
			map[string]string{"materials[1].deficiency_allowed": "事项未开启容缺受理"}},
		{"deficiency on an optional material", func(it *Item) { it.Materials[1].Required = false },
			map[string]string{"materials[1].deficiency_allowed": "只有必交材料"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			it := newItem()
			tc.change(&it)
			got := errs.FieldsOf(normalizeItem(it).Validate())
			if len(got) != len(tc.want) {
				t.Fatalf("fields = %v, want %v", got, tc.want)
			}
			for k, w := range tc.want {
				if !strings.Contains(got[k], w) {
					t.Errorf("%s = %q, want %q", k, got[k], w)
				}
			}
		})
	}
}

func TestService_CreateItem(t *testing.T) {
	f := newFixture(t)
	if _, err := f.svc.CreateItem(as(reviewer), newItem()); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("reviewer: %v", err)
	}
	if _, err := f.svc.CreateItem(as(quxianAdmin), newItem()); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("a county admin may not edit the city-wide catalog: %v", err)
	}
	if _, err := f.svc.CreateItem(context.Background(), newItem()); !errs.Is(err, errs.Unauthenticated) {
		t.Fatalf("anonymous: %v", err)
	}
	it, err := f.svc.CreateItem(as(cityAdmin), newItem())
	if err != nil {
		t.Fatal(err)
	}
	if it.ID == 0 || it.Revision != 1 || !it.Active || len(it.Materials) != 2 || it.Materials[1].SortOrder != 2 ||
		it.UpdatedBy != cityAdmin.Name || len(it.Form.Fields) != 1 {
		t.Fatalf("created %+v", it)
	}
	dup := newItem()
	_, err = f.svc.CreateItem(as(cityAdmin), dup)
	if !errs.Is(err, errs.Conflict) || !strings.Contains(errs.FieldsOf(err)["code"], "已被使用") {
		t.Fatalf("duplicate code: %v", err)
	}
	bad := newItem()
	bad.Code, bad.Materials[0].Template = "other_item", &blobRef
	if _, err := f.svc.CreateItem(as(cityAdmin), bad); !strings.Contains(errs.FieldsOf(err)["materials[0].template"], "不存在") {
		t.Fatalf("unstored template: %v", err)
	}
	if n := len(f.events(t, "catalog.item.create")); n != 1 {
		t.Fatalf("create events = %d", n)
	}
	f.assertChainOK(t)
}

func TestService_UpdateItem(t *testing.T) {
	f := newFixture(t)
	old := f.mustItem(t, "drawing_review")
	if _, err := f.svc.UpdateItem(as(reviewer), old); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("reviewer: %v", err)
	}
	same, err := f.svc.UpdateItem(as(cityAdmin), old)
	if err != nil || same.Revision != 1 || len(f.events(t, "catalog.item.update")) != 0 {
		t.Fatalf("a save without changes must write nothing: %+v, %v", same, err)
	}
	next := old
	next.PromisedDays = 7
	next.Materials = append([]Material{{Name: "审查合同", Required: true}}, old.Materials...)
	saved, err := f.svc.UpdateItem(as(cityAdmin), next)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Revision != 2 || saved.PromisedDays != 7 || saved.Materials[0].Name != "审查合同" || saved.Materials[1].SortOrder != 2 {
		t.Fatalf("saved %+v", saved)
	}
	if _, err := f.svc.UpdateItem(as(cityAdmin), next); !errs.Is(err, errs.Conflict) {
		t.Fatalf("a save against revision 1 after revision 2 must conflict: %v", err)
	}
	if first, err := f.svc.ItemRevision(context.Background(), old.RevisionID); err != nil || first.PromisedDays != 10 ||
		first.Revision != 1 || len(first.Materials) != len(old.Materials) {
		t.Fatalf("revision 1 changed: %+v, %v", first, err)
	}
	evs := f.events(t, "catalog.item.update")
	var detail struct{ Changed []string }
	if len(evs) != 1 || json.Unmarshal([]byte(evs[0].Detail), &detail) != nil ||
		strings.Join(detail.Changed, ",") != "promised_days,materials" {
		t.Fatalf("update events %+v", evs)
	}
	next = saved
	next.Code = "no_such_item"
	if _, err := f.svc.UpdateItem(as(cityAdmin), next); !errs.Is(err, errs.NotFound) {
		t.Fatalf("unknown item: %v", err)
	}
	f.assertChainOK(t)
}

func TestService_SetItemActive(t *testing.T) {
	f := newFixture(t)
	if _, err := f.svc.SetItemActive(as(reviewer), "energy_review", false); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("reviewer: %v", err)
	}
	it, err := f.svc.SetItemActive(as(cityAdmin), "energy_review", false)
	if err != nil || it.Active {
		t.Fatalf("deactivate: %+v, %v", it, err)
	}
	if _, err := f.svc.SetItemActive(as(cityAdmin), "energy_review", false); err != nil {
		t.Fatal(err)
	}
	list, _ := f.svc.Items(context.Background(), ItemFilter{Query: "节能"})
	all, _ := f.svc.Items(context.Background(), ItemFilter{Query: "节能", IncludeInactive: true})
	if len(list) != 0 || len(all) != 1 || len(f.events(t, "catalog.item.deactivate")) != 1 {
		t.Fatalf("inactive filter: %d active, %d all", len(list), len(all))
	}
}

func TestService_Items_Filter(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	three := 3
	tests := []struct {
		f    ItemFilter
		want []string
	}{
		{ItemFilter{Query: "施工许可证"}, []string{"construction_permit", "low_risk_construction_permit"}},
		{ItemFilter{Query: "DRAWING"}, []string{"drawing_review"}},
		{ItemFilter{Query: "100%_"}, nil},
		{ItemFilter{Stage: &three, Kind: KindFiling}, []string{"fire_design_filing"}},
		{ItemFilter{Kind: KindUtility, Line: LineAux}, []string{"broadcast_connection", "gas_connection", "power_connection",
			"telecom_connection", "water_connection"}},
	}
	for _, tc := range tests {
		items, err := f.svc.Items(ctx, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, it := range items {
			got = append(got, it.Code)
		}
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("Items(%+v) = %v, want %v", tc.f, got, tc.want)
		}
	}
	if _, err := f.svc.Items(ctx, ItemFilter{Kind: "x"}); !errs.Is(err, errs.Invalid) {
		t.Fatalf("unknown kind: %v", err)
	}
}

func TestService_MaterialFiles(t *testing.T) {
	f := newFixture(t)
	it := f.mustItem(t, "construction_permit")
	m := it.Materials[0]
	pdf := []byte("%PDF-1.4\n施工许可申请表\n%%EOF\n")
	_, err := f.svc.AttachMaterialFile(as(reviewer), it.Code, it.Revision, m.ID, SlotTemplate, bytes.NewReader(pdf), "a.pdf", "")
	if !errs.Is(err, errs.Forbidden) {
		t.Fatalf("reviewer: %v", err)
	}
	_, err = f.svc.AttachMaterialFile(as(cityAdmin), it.Code, it.Revision, m.ID, SlotTemplate, strings.NewReader("MZ"), "a.exe", "")
	if !errs.Is(err, errs.Invalid) {
		t.Fatalf("an executable: %v", err)
	}
	saved, err := f.svc.AttachMaterialFile(as(cityAdmin), it.Code, it.Revision, m.ID, SlotTemplate, bytes.NewReader(pdf), "申请表模板.pdf", "")
	if err != nil {
		t.Fatal(err)
	}
	tpl := saved.Materials[0].Template
	if saved.Revision != 2 || tpl == nil || tpl.Name != "申请表模板.pdf" || tpl.ContentType != "application/pdf" {
		t.Fatalf("after attach: revision %d, template %+v", saved.Revision, tpl)
	}
	rc, ref, err := f.svc.GuideFile(context.Background(), tpl.Hash)
	if err != nil || ref.Hash != tpl.Hash {
		t.Fatalf("GuideFile: %+v, %v", ref, err)
	}
	rc.Close()
	if _, err := f.svc.AttachMaterialFile(as(cityAdmin), it.Code, it.Revision, m.ID, SlotSample, bytes.NewReader(pdf), "b.pdf", ""); !errs.Is(err, errs.Conflict) {
		t.Fatalf("stale revision: %v", err)
	}
	removed, err := f.svc.RemoveMaterialFile(as(cityAdmin), it.Code, saved.Revision, saved.Materials[0].ID, SlotTemplate)
	if err != nil || removed.Revision != 3 || removed.Materials[0].Template != nil {
		t.Fatalf("remove: %+v, %v", removed, err)
	}
	// Revision 2 still lists the template, so the guide still serves it.
	if rc, _, err := f.svc.GuideFile(context.Background(), tpl.Hash); err != nil {
		t.Fatalf("a file of an older revision: %v", err)
	} else {
		rc.Close()
	}
	other, err := f.blobs.Put(context.Background(), bytes.NewReader([]byte("%PDF-1.4 private")), "身份证.pdf", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.GuideFile(context.Background(), other.Hash); !errs.Is(err, errs.NotFound) {
		t.Fatalf("a stored file that is no template must not be served: %v", err)
	}
	f.assertChainOK(t)
}
