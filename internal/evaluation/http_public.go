package evaluation

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
	"github.com/dazhou-gongai/gongai/internal/sitestats"
)

const resultsPerPage = 20

var crumbResults = web.Crumb{Label: "办结信息公示", URL: "/public/results"}

// resultsPage is the model of evaluation/results: the public register with
// its filters as typed.
type resultsPage struct {
	web.Page
	Filter        ResultFilter
	Errors        map[string]string
	Regions       []org.Region
	Items         []ItemOption
	Results       []Result
	Total         int
	Capped        bool // more than Total match
	PageNo, Pages int
	PrevURL       string
	NextURL       string
}

func (h *HTTP) results(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	m := &resultsPage{Page: web.Page{Title: "办结信息公示", Crumbs: []web.Crumb{crumbHome, {Label: "办结信息公示"}}},
		Filter: ResultFilter{RegionCode: q.Get("region"), ItemCode: q.Get("item"), Month: q.Get("month"),
			Query: q.Get("q")}, PageNo: max(atoi(q.Get("page")), 1)}
	var err error
	if m.Regions, err = h.svc.orgs.Regions(r.Context()); err != nil {
		return err
	}
	if m.Items, err = h.svc.ResultItems(r.Context()); err != nil {
		return err
	}
	f := m.Filter
	f.Limit, f.Offset = resultsPerPage, (m.PageNo-1)*resultsPerPage
	m.Results, m.Total, err = h.svc.Results(r.Context(), f)
	if fields, ok := web.FieldErrors(err); ok {
		m.Errors = fields
		return h.rd.HTML(w, r, web.StatusOf(err), "evaluation/results", m)
	} else if err != nil {
		return err
	}
	if f.Query != "" {
		sitestats.Searched(r.Context(), f.Query, m.Total)
	}
	if m.Total > ResultCountCap {
		m.Total, m.Capped = ResultCountCap, true
	}
	m.Pages = max((m.Total+resultsPerPage-1)/resultsPerPage, 1)
	if m.PageNo > 1 {
		m.PrevURL = resultsURL(m.Filter, m.PageNo-1)
	}
	if m.PageNo < m.Pages {
		m.NextURL = resultsURL(m.Filter, m.PageNo+1)
	}
	return h.rd.HTML(w, r, http.StatusOK, "evaluation/results", m)
}

// resultsURL is the shareable URL of one page of the register.
func resultsURL(f ResultFilter, page int) string {
	v := url.Values{}
	for k, s := range map[string]string{"region": f.RegionCode, "item": f.ItemCode, "month": f.Month, "q": f.Query} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return "/public/results?" + v.Encode()
}

// resultPage is the model of evaluation/result.
type resultPage struct {
	web.Page
	Result Result
}

func (h *HTTP) result(w http.ResponseWriter, r *http.Request) error {
	res, err := h.svc.Result(r.Context(), r.PathValue("number"))
	if err != nil {
		return err
	}
	m := &resultPage{Page: web.Page{Title: "办结信息：" + res.CaseNumber,
		Crumbs: []web.Crumb{crumbHome, crumbResults, {Label: res.CaseNumber}}}, Result: res}
	return h.rd.HTML(w, r, http.StatusOK, "evaluation/result", m)
}
