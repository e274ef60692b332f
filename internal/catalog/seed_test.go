package catalog

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"testing"
	"time"
)

func TestSeed_IdempotentAndComplete(t *testing.T) {
	f := newFixture(t)
	items, flows := countRows(t, f, "catalog_items"), countRows(t, f, "catalog_flows")
	wantFlows := len(seedRegionCodes) * len(SeedFlowTypes)
	if items != len(SeedItems()) || flows != wantFlows {
		t.Fatalf("after seed: %d items, %d flows; want %d and %d", items, flows, len(SeedItems()), wantFlows)
	}
	stageItems := countRows(t, f, "catalog_stage_items")
	f.mustSeed(t)
	if countRows(t, f, "catalog_items") != items || countRows(t, f, "catalog_flows") != flows ||
		countRows(t, f, "catalog_stage_items") != stageItems || countRows(t, f, "catalog_item_revisions") != items {
		t.Fatal("a second seed changed the catalog")
	}
	evs := f.events(t, "catalog.seed")
	if len(evs) != 1 {
		t.Fatalf("catalog.seed events = %d, want 1 (the second run inserts nothing)", len(evs))
	}
	var detail map[string]int
	if err := json.Unmarshal([]byte(evs[0].Detail), &detail); err != nil || detail["items_added"] != items || detail["flows_added"] != flows {
		t.Fatalf("catalog.seed detail = %s", evs[0].Detail)
	}
	f.assertChainOK(t)
}

func TestSeed_EveryRegionHasThePublishedFlows(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	regions, err := f.org.Regions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(regions) != len(seedRegionCodes) {
		t.Fatalf("org has %d regions, the catalog seeds %d", len(regions), len(seedRegionCodes))
	}
	for _, r := range regions {
		for _, typ := range SeedFlowTypes {
			fl := f.mustPublished(t, r.Code, typ)
			if fl.Version != 1 || fl.Status != StatusPublished || fl.PublishedAt.IsZero() || len(fl.Stages) == 0 {
				t.Fatalf("%s type %d: %+v", r.Code, typ, fl)
			}
			checkSeedFlow(t, f, fl)
		}
	}
}

// checkSeedFlow checks one seeded flow against the rules the seed promises.
func checkSeedFlow(t *testing.T, f fixture, fl Flow) {
	t.Helper()
	ctx := context.Background()
	for _, s := range fl.Stages {
		if !slices.ContainsFunc(s.Items, func(si StageItem) bool { return !si.Optional }) {
			t.Errorf("%s/%d stage %d has no required item", fl.RegionCode, fl.Type, s.No)
		}
		for _, si := range s.Items {
			if si.Item.Revision != 1 || si.Item.PromisedDays > s.LimitDays || si.Departments[0] != si.Item.LeadFunction {
				t.Errorf("%s/%d %s: revision %d, promised %d in a %d-day stage, departments %v",
					fl.RegionCode, fl.Type, si.ItemCode, si.Item.Revision, si.Item.PromisedDays, s.LimitDays, si.Departments)
			}
			for _, fn := range si.Departments {
				if _, err := f.org.UnitByFunction(ctx, fl.RegionCode, fn); err != nil {
					t.Errorf("%s/%d %s: department %s has no org unit: %v", fl.RegionCode, fl.Type, si.ItemCode, fn, err)
				}
			}
		}
	}
}

func TestSeed_FlowShapes(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		typ    int
		stages []int
		total  int
		has    []string
		lacks  []string
	}{
		{1, []int{1, 2, 3, 4}, 77, []string{"gov_project_approval", "preliminary_design_approval", "drawing_review", "joint_acceptance"},
			[]string{"enterprise_project_filing", "low_risk_construction_permit"}},
		{3, []int{1, 2, 3, 4}, 57, []string{"enterprise_project_filing", "design_scheme_review", "construction_permit"},
			[]string{"gov_project_approval"}},
		{4, []int{1, 2, 3, 4}, 22, []string{"low_risk_planning_permit", "low_risk_construction_permit", "low_risk_joint_acceptance"},
			[]string{"drawing_review", "design_scheme_review", "construction_permit"}},
		{5, []int{1, 2, 4}, 37, []string{"construction_planning_permit", "drawing_review", "construction_permit"},
			[]string{"design_scheme_review"}},
	}
	for _, tc := range tests {
		fl := f.mustPublished(t, "511725", tc.typ)
		var nos []int
		codes := map[string]bool{}
		for _, s := range fl.Stages {
			nos = append(nos, s.No)
			for _, si := range s.Items {
				codes[si.ItemCode] = true
			}
		}
		if !slices.Equal(nos, tc.stages) || fl.TotalDays() != tc.total {
			t.Errorf("type %d: stages %v (total %d), want %v (total %d)", tc.typ, nos, fl.TotalDays(), tc.stages, tc.total)
		}
		for _, c := range tc.has {
			if !codes[c] {
				t.Errorf("type %d lacks %s", tc.typ, c)
			}
		}
		for _, c := range tc.lacks {
			if codes[c] {
				t.Errorf("type %d has %s", tc.typ, c)
			}
		}
	}
	if s := f.mustPublished(t, "511700", 5).Stages[1]; s.Name != "工程建设许可和施工许可（合并办理）" {
		t.Errorf("type 5 merged stage is named %q", s.Name)
	}
}

func TestSeed_ItemsAreSoundAndRealistic(t *testing.T) {
	f := newFixture(t)
	permit := f.mustItem(t, "construction_permit")
	if permit.Name != "建筑工程施工许可证核发" || permit.LeadFunction != "zj" || permit.StatutoryDays != 7 ||
		permit.PromisedDays != 3 || !permit.Commitment || !permit.Deficiency || permit.StandardCode != "" {
		t.Fatalf("construction_permit = %+v", permit)
	}
	if len(permit.Materials) < 4 || !slices.ContainsFunc(permit.Materials, func(m Material) bool { return m.DeficiencyAllowed }) {
		t.Fatalf("construction_permit materials = %+v", permit.Materials)
	}
	if _, ok := permit.Form.Field("buildings"); !ok {
		t.Fatal("construction_permit has no 单体建筑 table")
	}
	for _, it := range SeedItems() {
		if err := normalizeItem(it).Validate(); err != nil {
			t.Errorf("seed item %s: %v", it.Code, err)
		}
		if it.StandardCode != "" {
			t.Errorf("seed item %s invents a standard code", it.Code)
		}
		if len(it.Form.Fields) < 6 || len(it.Materials) < 2 {
			t.Errorf("seed item %s has a thin form or material list", it.Code)
		}
	}
	all, err := f.svc.Items(context.Background(), ItemFilter{})
	if err != nil || len(all) != len(SeedItems()) {
		t.Fatalf("Items = %d, %v", len(all), err)
	}
}

func TestSeed_KeepsAdministratorsWork(t *testing.T) {
	f := newFixture(t)
	it := f.mustItem(t, "construction_permit")
	it.PromisedDays = 2
	if _, err := f.svc.UpdateItem(as(cityAdmin), it); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := f.db.WithTx(ctx, func(tx *sql.Tx) error { return Seed(ctx, tx, f.rec, time.Now()) }); err != nil {
		t.Fatal(err)
	}
	if got := f.mustItem(t, "construction_permit"); got.PromisedDays != 2 || got.Revision != 2 {
		t.Fatalf("seed overwrote an edit: %+v", got)
	}
}
