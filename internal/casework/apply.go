package casework

import (
	"context"
	"slices"

	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/formschema"
	"github.com/dazhou-gongai/gongai/internal/project"
)

// ApplyPlan is what a person fills in to apply for one stage of a project
// (or single items of it): the stage's items, the one merged form and the
// merged material list. It is read with the caller's rights on the project.
type ApplyPlan struct {
	Project   project.Project
	FlowName  string
	Stage     catalog.Stage
	Items     []PlanItem
	Form      formschema.Schema
	Materials []PlanMaterial
}

// PlanItem is one item of the stage and whether this application covers it.
type PlanItem struct {
	Code, Name, Lead, Result string
	Optional, Chosen         bool
	Limit                    int
}

// PlanMaterial is one material asked for by one or more chosen items. A
// material of the same name asked by several items is supplied once.
type PlanMaterial struct {
	Name, Description string
	Required          bool // by at least one chosen item, without 容缺
	Deficiency        bool // required but may follow after acceptance
	Items             []string
}

// Plan returns the application plan of the project's stage. only, when not
// empty, limits the plan to those item codes (按事项申报); optional names
// the optional items chosen for a whole-stage application.
//
// Errors: NotFound for a project the caller cannot see; Invalid for a stage
// the project's flow does not have or items outside it.
func (s *Service) Plan(ctx context.Context, projectID int64, stageNo int, only, optional []string) (ApplyPlan, error) {
	proj, err := s.projects.Get(ctx, projectID)
	if err != nil {
		return ApplyPlan{}, err
	}
	flow, err := s.catalog.PublishedFlow(ctx, proj.RegionCode, proj.FlowType)
	if err != nil {
		return ApplyPlan{}, err
	}
	plan := ApplyPlan{Project: proj, FlowName: flow.Name}
	for _, st := range flow.Stages {
		if st.No == stageNo {
			plan.Stage = st
		}
	}
	if plan.Stage.No == 0 {
		return plan, errs.FieldErrors(map[string]string{"stage_no": "该项目的审批流程中没有这个阶段。"})
	}
	chosen, err := chooseItems(flow, SubmitInput{StageNo: stageNo, ItemCodes: only, Optional: optional})
	if err != nil {
		return plan, err
	}
	for _, si := range plan.Stage.Items {
		in := slices.ContainsFunc(chosen, func(c catalog.StageItem) bool { return c.ItemCode == si.ItemCode })
		plan.Items = append(plan.Items, PlanItem{Code: si.ItemCode, Name: si.Item.Name, Lead: si.Item.LeadLabel(),
			Result: si.Item.ResultName, Optional: si.Optional, Chosen: in, Limit: si.Item.PromisedDays})
	}
	plan.Form, plan.Materials = mergeItems(chosen)
	return plan, nil
}

// mergeItems joins the forms (a field name asked by several items is asked
// once, as the first item words it) and the materials of the chosen items.
func mergeItems(items []catalog.StageItem) (formschema.Schema, []PlanMaterial) {
	var form formschema.Schema
	seen := map[string]bool{}
	var mats []PlanMaterial
	at := map[string]int{}
	for _, si := range items {
		for _, f := range si.Item.Form.Fields {
			if !seen[f.Name] {
				seen[f.Name] = true
				form.Fields = append(form.Fields, f)
			}
		}
		for _, m := range si.Item.Materials {
			i, ok := at[m.Name]
			if !ok {
				i = len(mats)
				at[m.Name] = i
				mats = append(mats, PlanMaterial{Name: m.Name, Description: m.Description, Deficiency: true})
			}
			pm := &mats[i]
			pm.Items = append(pm.Items, si.Item.Name)
			pm.Required = pm.Required || m.Required
			pm.Deficiency = pm.Deficiency && (!m.Required || m.DeficiencyAllowed)
		}
	}
	for i := range mats {
		mats[i].Deficiency = mats[i].Deficiency && mats[i].Required
	}
	return form, mats
}
