package casework

import (
	"cmp"
	"context"
	"net/http"
	"slices"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
	"github.com/dazhou-gongai/gongai/internal/project"
)

// themes are the 按主题 entries: the project types with a published flow in
// the seeded catalog, named as the 网上大厅 names them.
var themes = []struct {
	Type        int
	Name, About string
}{
	{4, "社会投资小型低风险项目", "建筑面积不大、功能单一、技术要求简单的社会投资项目：合并办理，全流程压缩至 15 个工作日以内。"},
	{3, "一般社会投资项目", "社会投资的房屋建筑项目：立项用地规划许可、工程建设许可、施工许可、竣工验收四个阶段并联审批。"},
	{5, "带方案出让用地项目", "出让时已带设计方案的社会投资项目：工程建设许可与施工许可合并办理。"},
	{1, "政府投资房屋建筑项目", "政府投资的房屋建筑类项目：可研批复后按四个阶段并联审批。"},
}

// HubPage is 我要申报: apply by project stage, by theme, by department or
// on the auxiliary line.
type HubPage struct {
	web.Page
	Projects    []HubProject
	Themes      []HubTheme
	Departments []HubGroup
	Aux         []HubGroup
	Walkin      bool
}

// HubProject is one of the caller's projects with the stages of its flow.
type HubProject struct {
	project.Project
	Stages []catalog.Stage
}

// HubTheme is one theme and how many of the caller's projects it covers.
type HubTheme struct {
	Type        int
	Name, About string
	Projects    int
}

// HubGroup is a heading and its items.
type HubGroup struct {
	Label string
	Items []catalog.Item
}

func (h *HTTP) hub(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	if !p.Can(access.CaseApply) && !p.Can(access.CaseAccept) {
		return errs.E(errs.Forbidden, "只有申报单位、代办员和综合窗口人员可以申报。")
	}
	m := &HubPage{Walkin: !p.Can(access.CaseApply)}
	var err error
	if m.Projects, err = h.svc.hubProjects(r.Context(), 0); err != nil {
		return err
	}
	for _, t := range themes {
		n := 0
		for _, hp := range m.Projects {
			if hp.FlowType == t.Type {
				n++
			}
		}
		m.Themes = append(m.Themes, HubTheme{Type: t.Type, Name: t.Name, About: t.About, Projects: n})
	}
	if m.Departments, m.Aux, err = h.svc.itemGroups(r.Context()); err != nil {
		return err
	}
	m.Title = "我要申报"
	m.Crumbs = []web.Crumb{{Label: "首页", URL: "/"}, {Label: "我要申报"}}
	return h.rd.HTML(w, r, http.StatusOK, "casework/apply_hub", m)
}

// hubProjects returns the caller's projects (at most project.MaxLimit, of
// flowType when not 0) with the stages of their published flows.
func (s *Service) hubProjects(ctx context.Context, flowType int) ([]HubProject, error) {
	page, err := s.projects.List(ctx, project.Filter{FlowType: flowType, Limit: project.MaxLimit})
	if err != nil {
		return nil, err
	}
	type flowKey struct {
		region string
		typ    int
	}
	flows := map[flowKey]catalog.Flow{}
	out := make([]HubProject, 0, len(page.Items))
	for _, pr := range page.Items {
		key := flowKey{pr.RegionCode, pr.FlowType}
		f, ok := flows[key]
		if !ok {
			f, err = s.catalog.PublishedFlow(ctx, pr.RegionCode, pr.FlowType)
			if err != nil && !errs.Is(err, errs.NotFound) {
				return nil, err
			}
			flows[key] = f
		}
		out = append(out, HubProject{Project: pr, Stages: f.Stages})
	}
	return out, nil
}

// itemGroups returns the active main-line items by lead department and the
// auxiliary-line items by kind.
func (s *Service) itemGroups(ctx context.Context) (depts, aux []HubGroup, err error) {
	items, err := s.catalog.Items(ctx, catalog.ItemFilter{})
	if err != nil {
		return nil, nil, err
	}
	add := func(groups []HubGroup, label string, it catalog.Item) []HubGroup {
		i := slices.IndexFunc(groups, func(g HubGroup) bool { return g.Label == label })
		if i < 0 {
			return append(groups, HubGroup{Label: label, Items: []catalog.Item{it}})
		}
		groups[i].Items = append(groups[i].Items, it)
		return groups
	}
	for _, it := range items {
		if it.Line == catalog.LineAux {
			aux = add(aux, it.KindLabel(), it)
		} else {
			depts = add(depts, it.LeadLabel(), it)
		}
	}
	slices.SortStableFunc(depts, func(a, b HubGroup) int { return cmp.Compare(len(b.Items), len(a.Items)) })
	return depts, aux, nil
}

// ItemPage lets the caller pick the project to apply for one item with.
type ItemPage struct {
	web.Page
	Item    catalog.Item
	Choices []ItemChoice
}

// ItemChoice is a project whose flow has the item, and the stage it is in.
type ItemChoice struct {
	Project project.Project
	Stage   catalog.Stage
}

func (h *HTTP) hubItem(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	if !p.Can(access.CaseApply) && !p.Can(access.CaseAccept) {
		return errs.E(errs.Forbidden, "只有申报单位、代办员和综合窗口人员可以申报。")
	}
	items, err := h.svc.catalog.Items(r.Context(), catalog.ItemFilter{Query: r.PathValue("code")})
	i := slices.IndexFunc(items, func(it catalog.Item) bool { return it.Code == r.PathValue("code") })
	if err != nil {
		return err
	}
	if i < 0 {
		return errs.E(errs.NotFound, "没有这个事项。")
	}
	m := &ItemPage{Item: items[i]}
	projects, err := h.svc.hubProjects(r.Context(), 0)
	if err != nil {
		return err
	}
	for _, hp := range projects {
		for _, st := range hp.Stages {
			if slices.ContainsFunc(st.Items, func(si catalog.StageItem) bool { return si.ItemCode == m.Item.Code }) {
				m.Choices = append(m.Choices, ItemChoice{Project: hp.Project, Stage: st})
			}
		}
	}
	m.Title = "申报：" + m.Item.Name
	m.Crumbs = []web.Crumb{{Label: "首页", URL: "/"}, {Label: "我要申报", URL: "/apply"}, {Label: m.Item.Name}}
	return h.rd.HTML(w, r, http.StatusOK, "casework/apply_item", m)
}
