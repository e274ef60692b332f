package catalog

import "time"

// Example values for the OpenAPI document, taken from the seed catalog so
// that the documented shapes are real ones.

var exampleTime = time.Date(2026, 3, 9, 1, 30, 0, 0, time.UTC)

func exampleItem() Item {
	for _, it := range SeedItems() {
		if it.Code == "construction_permit" {
			it = normalizeItem(it)
			it.ID, it.RevisionID, it.Revision, it.Active, it.UpdatedAt = 23, 23, 1, true, exampleTime
			for i := range it.Materials {
				it.Materials[i].ID = int64(200 + i)
			}
			return it
		}
	}
	return Item{}
}

func exampleFlow() Flow {
	it := exampleItem()
	return Flow{ID: 17, RegionCode: "511702", Type: 3, Version: 1, Name: FlowTypeName(3) + "审批流程",
		Status: StatusPublished, PublishedAt: exampleTime, Stages: []Stage{{ID: 65, No: 3, Name: StageName(3),
			LimitDays: 15, Items: []StageItem{{ItemCode: it.Code, Item: it, Departments: []string{"zj"}, Join: JoinAll}}}}}
}

func exampleRequest() itemRequest {
	it := exampleItem()
	req := itemRequest{Code: it.Code, Revision: 1, Name: it.Name, Kind: it.Kind, Line: it.Line, Stage: it.Stage,
		LeadFunction: it.LeadFunction, StatutoryDays: it.StatutoryDays, PromisedDays: it.PromisedDays,
		ResultName: it.ResultName, Commitment: it.Commitment, Deficiency: it.Deficiency, Basis: it.Basis, Form: it.Form}
	for _, m := range it.Materials {
		req.Materials = append(req.Materials, materialRequest{Name: m.Name, Description: m.Description,
			Required: m.Required, DeficiencyAllowed: m.DeficiencyAllowed})
	}
	return req
}
