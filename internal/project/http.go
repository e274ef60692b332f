package project

import (
	"context"
	"embed"
	"io/fs"
	"net/http"
	"strconv"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

//go:embed templates/*.html
var templateFS embed.FS

// Templates returns the embedded page templates (templates/*.html). The app
// registers them with rd.AddPages("project", project.Templates()); handlers
// render them as "project/<file name>".
func Templates() fs.FS {
	sub, err := fs.Sub(templateFS, "templates")
	if err != nil {
		panic(err) // the directory is embedded at build time
	}
	return sub
}

// CaseSummary is one case (办件) of a project as the life-cycle page and API
// show it. The case engine fills it; labels are ready to show in Chinese.
// AcceptedAt is zero until the window accepts the case and ConcludedAt
// until it is concluded; UsedDays counts the working days used so far (or
// in all, once concluded) from the first working day after acceptance,
// pauses excluded, and means nothing before acceptance. LimitDays is the
// promised limit, 0 for 即办.
type CaseSummary struct {
	ID            int64     `json:"id"`
	Number        string    `json:"number" doc:"办件编号"`
	ItemName      string    `json:"item_name" doc:"事项名称"`
	StatusLabel   string    `json:"status_label" doc:"办理状态（中文）"`
	DeadlineLabel string    `json:"deadline_label" doc:"时限说明，如“剩余3个工作日”"`
	Stage         int       `json:"stage" doc:"所属阶段 1–4；0 表示辅线事项"`
	URL           string    `json:"url"`
	AcceptedAt    time.Time `json:"accepted_at,omitzero" doc:"受理时间；未受理时省略"`
	ConcludedAt   time.Time `json:"concluded_at,omitzero" doc:"办结时间；未办结时省略"`
	UsedDays      int       `json:"used_days" doc:"已用工作日（受理后第1个工作日起算，不含暂停）；未受理时为0"`
	LimitDays     int       `json:"limit_days" doc:"承诺时限（工作日）；0 表示即办"`
}

// Accepted reports whether the window has accepted the case.
func (c CaseSummary) Accepted() bool { return !c.AcceptedAt.IsZero() }

// Concluded reports whether the case is concluded.
func (c CaseSummary) Concluded() bool { return !c.ConcludedAt.IsZero() }

// StageName is the Chinese name of the case's stage, "辅线" for 0.
func (c CaseSummary) StageName() string {
	if c.Stage == 0 {
		return "辅线"
	}
	return StageName(c.Stage)
}

// CaseSource lists a project's cases. The case engine implements it; it is
// called only after the principal has been allowed to see the project, and
// should return the cases in the order to show them.
type CaseSource interface {
	ProjectCases(ctx context.Context, projectID int64) ([]CaseSummary, error)
}

// HTTP serves the project pages and JSON API. Handlers parse the request,
// call the Service and render; access decisions are the Service's.
type HTTP struct {
	svc   *Service
	cases CaseSource
	rd    *web.Renderer
}

// NewHTTP returns the handlers over svc rendering with rd, which must have
// the pages of Templates registered under "project". cases may be nil until
// the case engine exists: the life-cycle page then says 尚无办件.
func NewHTTP(svc *Service, cases CaseSource, rd *web.Renderer) *HTTP {
	return &HTTP{svc: svc, cases: cases, rd: rd}
}

// Routes registers the project pages and API on rt:
//
//	GET  /projects, /projects/{id}                  list, life cycle (ProjectView)
//	GET  /projects/new, /projects/{id}/edit         forms (ProjectRegister)
//	POST /projects, /projects/{id}, /projects/{id}/works
//	GET  /api/v1/projects, /api/v1/projects/{id}, /api/v1/projects/by-code/{code}   (ProjectView)
//	POST /api/v1/projects, PUT /api/v1/projects/{id}, POST /api/v1/projects/{id}/works (ProjectRegister)
func (h *HTTP) Routes(rt *web.Router) {
	view, register := access.Need(access.ProjectView), access.Need(access.ProjectRegister)
	rt.Handle("GET /projects", view, h.list)
	rt.Handle("GET /projects/new", register, h.newForm)
	rt.Handle("POST /projects", register, h.create)
	rt.Handle("GET /projects/{id}", view, h.show)
	rt.Handle("GET /projects/{id}/edit", register, h.editForm)
	rt.Handle("POST /projects/{id}", register, h.update)
	rt.Handle("POST /projects/{id}/works", register, h.addWork)
	h.apiRoutes(rt)
}

// projectCases returns the project's cases, or nil when there is no source yet.
func (h *HTTP) projectCases(ctx context.Context, id int64) ([]CaseSummary, error) {
	if h.cases == nil {
		return nil, nil
	}
	return h.cases.ProjectCases(ctx, id)
}

// option is one choice of a select.
type option struct{ Value, Label string }

func flowTypeOptions() []option {
	out := make([]option, 0, 10)
	for t := 1; t < len(flowTypeNames); t++ {
		out = append(out, option{strconv.Itoa(t), strconv.Itoa(t) + " " + flowTypeNames[t]})
	}
	return out
}

func stageOptions() []option {
	out := make([]option, 0, 6)
	for st := StageNotStarted; st <= StageCompleted; st++ {
		out = append(out, option{strconv.Itoa(st), StageName(st)})
	}
	return out
}

// canEdit tells a page whether to offer edits; the service enforces the
// same rule on every write.
func canEdit(r *http.Request, pr Project) bool {
	p := access.From(r.Context())
	if p == nil || !p.Can(access.ProjectRegister) {
		return false
	}
	return p.Enterprise || p.ScopeOf(access.ProjectRegister).Contains(pr.RegionCode)
}

func projectURL(id int64) string { return "/projects/" + strconv.FormatInt(id, 10) }

var crumbHome = web.Crumb{Label: "首页", URL: "/"}

// crumbList is the list's breadcrumb: 我的项目 for enterprise users.
func crumbList(r *http.Request) web.Crumb {
	return web.Crumb{Label: listTitle(r), URL: "/projects"}
}

func listTitle(r *http.Request) string {
	if p := access.From(r.Context()); p != nil && p.Enterprise {
		return "我的项目"
	}
	return "项目库"
}
