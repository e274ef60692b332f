package faults

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// plan is what the load applies for: one project of the demo enterprise
// and one stage of its published flow, read from the API as a browser
// would, so that the load follows the catalog instead of hard-coding it.
type plan struct {
	projectID   int64
	projectCode string
	projectName string
	stage       int
	optional    []string          // optional items a submission may add
	form        map[string]string // the one form's answers
	materials   []string          // required material names
	people      map[string]staff  // by item code
}

// staff are the reviewer and the head who decide an item's task.
type staff struct{ reviewer, head string }

// deptStaff maps a department function (catalog lead_function) to its demo
// accounts (README: demo accounts).
var deptStaff = map[string]staff{
	"zj":   {"shenpi.zj", "kezhang.zj"},
	"xfsy": {"shenpi.xf", "kezhang.xf"},
}

type apiProject struct {
	ID       int64  `json:"id"`
	Code     string `json:"code"`
	Name     string `json:"name"`
	Region   string `json:"region_code"`
	FlowType int    `json:"flow_type"`
}

type apiField struct {
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	Required bool     `json:"required"`
	Options  []string `json:"options"`
	Min      *float64 `json:"min"`
	Max      *float64 `json:"max"`
}

type apiStageItem struct {
	ItemCode    string   `json:"item_code"`
	Optional    bool     `json:"optional"`
	Departments []string `json:"departments"`
	Item        struct {
		Materials []struct {
			Name       string `json:"name"`
			Required   bool   `json:"required"`
			Deficiency bool   `json:"deficiency_allowed"`
		} `json:"materials"`
		Form struct {
			Fields []apiField `json:"fields"`
		} `json:"form"`
	} `json:"item"`
}

type apiFlow struct {
	ID     int64  `json:"id"`
	Region string `json:"region_code"`
	Type   int    `json:"type"`
	Status string `json:"status"`
	Stages []struct {
		No    int            `json:"no"`
		Items []apiStageItem `json:"items"`
	} `json:"stages"`
}

// loadPlan reads the demo enterprise's project in 通川区 (511702) with a
// stage whose items all have demo reviewers, preferring the 施工许可 stage.
func loadPlan(ctx context.Context, b *browser) (plan, error) {
	var projects struct {
		Items []apiProject `json:"items"`
	}
	if st, raw, err := b.api(ctx, "GET", "/api/v1/projects", nil, &projects); err != nil || st != 200 {
		return plan{}, fmt.Errorf("projects: %d %v %s", st, err, raw)
	}
	var flows struct {
		Items []apiFlow `json:"items"`
	}
	if st, raw, err := b.api(ctx, "GET", "/api/v1/catalog/flows", nil, &flows); err != nil || st != 200 {
		return plan{}, fmt.Errorf("flows: %d %v %s", st, err, raw)
	}
	for _, p := range projects.Items {
		if p.Region != "511702" {
			continue
		}
		for _, f := range flows.Items {
			if f.Region != p.Region || f.Type != p.FlowType || f.Status != "published" {
				continue
			}
			var flow apiFlow
			if st, raw, err := b.api(ctx, "GET", fmt.Sprintf("/api/v1/catalog/flows/%d", f.ID), nil, &flow); err != nil || st != 200 {
				return plan{}, fmt.Errorf("flow %d: %d %v %s", f.ID, st, err, raw)
			}
			if pl, ok := stagePlan(p, flow); ok {
				return pl, nil
			}
		}
	}
	return plan{}, fmt.Errorf("no project of the demo enterprise in 511702 has a stage the demo reviewers can decide")
}

// stagePlan builds the plan for the last stage of flow (施工许可 comes
// before 竣工验收, which needs earlier results) whose items all have staff.
func stagePlan(p apiProject, flow apiFlow) (plan, bool) {
	for _, no := range []int{3, 2, 1, 4} {
		for _, st := range flow.Stages {
			if st.No != no {
				continue
			}
			pl := plan{projectID: p.ID, projectCode: p.Code, projectName: p.Name, stage: no,
				form: map[string]string{}, people: map[string]staff{}}
			ok := true
			for _, si := range st.Items {
				if len(si.Departments) != 1 {
					ok = ok && si.Optional
					continue
				}
				who, known := deptStaff[si.Departments[0]]
				if !known {
					ok = ok && si.Optional
					continue
				}
				pl.people[si.ItemCode] = who
				if si.Optional {
					pl.optional = append(pl.optional, si.ItemCode)
				}
				pl.addItem(si)
			}
			if ok && len(pl.people) > 0 {
				return pl, true
			}
		}
	}
	return plan{}, false
}

func (pl *plan) addItem(si apiStageItem) {
	for _, m := range si.Item.Materials {
		if m.Required && !strings.Contains(strings.Join(pl.materials, "\x00"), m.Name) {
			pl.materials = append(pl.materials, m.Name)
		}
	}
	for _, f := range si.Item.Form.Fields {
		pl.form[f.Name] = answer(f, pl.projectCode, pl.projectName)
	}
}

// answer fills one control the way an applicant would; free text says
// that this is a fault test, so that nobody mistakes it for a real case.
func answer(f apiField, code, name string) string {
	n := f.Name
	switch {
	case len(f.Options) > 0:
		return f.Options[0]
	case f.Type == "date":
		days := 30
		if strings.Contains(n, "complet") || strings.Contains(n, "end") {
			days = 400
		}
		return time.Now().AddDate(0, 0, days).Format(time.DateOnly)
	case f.Type == "number":
		v := 100.0
		if f.Min != nil && *f.Min > v {
			v = *f.Min
		}
		if f.Max != nil && *f.Max < v {
			v = *f.Max
		}
		return fmt.Sprintf("%g", v)
	case n == "project_code":
		return code
	case n == "project_name":
		return name
	case strings.Contains(n, "phone"):
		return "13800138000"
	case strings.Contains(n, "credit"):
		return "91511702MA6DH20267"
	}
	return "故障测试（faults）填写"
}
