package project

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// listQuery is the list's filter exactly as in the URL, so that links are
// shareable and the filter form shows what was asked.
type listQuery struct {
	Region, FlowType, Stage, Q, Sort string
	Page                             int
}

func listQueryFrom(r *http.Request) listQuery {
	q := r.URL.Query()
	lq := listQuery{Region: strings.TrimSpace(q.Get("region")), FlowType: strings.TrimSpace(q.Get("flow_type")),
		Stage: strings.TrimSpace(q.Get("stage")), Q: strings.TrimSpace(q.Get("q")), Sort: strings.TrimSpace(q.Get("sort"))}
	lq.Page, _ = strconv.Atoi(q.Get("page"))
	lq.Page = max(lq.Page, 1)
	return lq
}

// filter converts the query; numbers that do not parse are field errors.
func (lq listQuery) filter() (Filter, error) {
	f := Filter{RegionCode: lq.Region, Query: lq.Q, Sort: lq.Sort, Limit: DefaultLimit, Offset: (lq.Page - 1) * DefaultLimit}
	bad := map[string]string{}
	if lq.FlowType != "" {
		n, err := strconv.Atoi(lq.FlowType)
		if err != nil {
			bad["flow_type"] = "审批流程类型应为 1 至 10。"
		}
		f.FlowType = n
	}
	if lq.Stage != "" {
		n, err := strconv.Atoi(lq.Stage)
		if err != nil {
			bad["stage"] = "阶段应为 0 至 5。"
		}
		f.Stage = &n
	}
	return f, fieldErrors(bad)
}

// values is the query as URL values, leaving out empty parts.
func (lq listQuery) values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"region": lq.Region, "flow_type": lq.FlowType, "stage": lq.Stage,
		"q": lq.Q, "sort": lq.Sort} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if lq.Page > 1 {
		v.Set("page", strconv.Itoa(lq.Page))
	}
	return v
}

func (lq listQuery) url() string {
	if enc := lq.values().Encode(); enc != "" {
		return "/projects?" + enc
	}
	return "/projects"
}

// column is a sortable table header: its link sorts by the column,
// ascending first, and toggles when already sorted by it.
type column struct {
	Label, URL string
	AriaSort   string // ascending / descending / "" (for aria-sort)
	Num        bool
}

func columns(lq listQuery) []column {
	cols := []struct{ key, label string }{{"code", "项目代码"}, {"name", "项目名称"}, {"region", "所在区县"},
		{"flow_type", "流程类型"}, {"investment", "总投资（万元）"}, {"stage", "当前阶段"}, {"created", "登记时间"}}
	out := make([]column, len(cols))
	for i, c := range cols {
		next := lq
		next.Page, next.Sort = 1, c.key
		out[i] = column{Label: c.label, Num: c.key == "investment"}
		switch lq.Sort {
		case c.key:
			out[i].AriaSort, next.Sort = "ascending", "-"+c.key
		case "-" + c.key:
			out[i].AriaSort = "descending"
		}
		if c.key == "created" && lq.Sort == "" {
			out[i].AriaSort = "descending"
		}
		out[i].URL = next.url()
	}
	return out
}

// listPage is the model of project/projects.
type listPage struct {
	web.Page
	Query       listQuery
	Regions     []org.Region
	FlowTypes   []option
	Stages      []option
	Result      Page
	Count       int64
	Columns     []column
	From, To    int
	Prev, Next  string
	Mine        bool // an enterprise user's own projects
	CanRegister bool
}

func (h *HTTP) list(w http.ResponseWriter, r *http.Request) error {
	lq := listQueryFrom(r)
	f, err := lq.filter()
	if err != nil {
		return errs.E(errs.Invalid, "筛选条件有误："+joinFields(err))
	}
	res, err := h.svc.List(r.Context(), f)
	if err != nil {
		if fields := errs.FieldsOf(err); fields != nil {
			return errs.E(errs.Invalid, "筛选条件有误："+joinFields(err))
		}
		return err
	}
	regions, err := h.svc.viewRegions(r.Context())
	if err != nil {
		return err
	}
	p := access.From(r.Context())
	m := &listPage{Page: web.Page{Title: listTitle(r), Crumbs: []web.Crumb{crumbHome, {Label: listTitle(r)}}},
		Query: lq, Regions: regions, FlowTypes: flowTypeOptions(), Stages: stageOptions(), Result: res,
		Count: int64(res.Total), Columns: columns(lq), Mine: p.Enterprise, CanRegister: p.Can(access.ProjectRegister)}
	m.From, m.To = min(res.Offset+1, res.Total), min(res.Offset+len(res.Items), res.Total)
	if lq.Page > 1 {
		prev := lq
		prev.Page--
		m.Prev = prev.url()
	}
	if res.Offset+len(res.Items) < res.Total {
		next := lq
		next.Page++
		m.Next = next.url()
	}
	return h.rd.HTML(w, r, http.StatusOK, "project/projects", m)
}

// joinFields joins an error's field messages for a one-line page error.
func joinFields(err error) string {
	return strings.Join(slices.Sorted(maps.Values(errs.FieldsOf(err))), " ")
}
