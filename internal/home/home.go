// Package home serves each role's home page and builds the main navigation
// from what the signed-in principal may do.
package home

import (
	"context"
	"embed"
	"io/fs"
	"net/http"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

//go:embed templates/*.html
var templateFS embed.FS

// Templates returns the home pages, registered as "home/…".
func Templates() fs.FS { sub, _ := fs.Sub(templateFS, "templates"); return sub }

// Link is one destination in the navigation and on the home page.
type Link struct {
	Label string
	URL   string
	About string
	Perm  access.Permission // "" = any signed-in user
}

// Links are every destination of the foundation, in menu order.
var Links = []Link{
	{"我要申报", "/apply", "按项目阶段、主题或部门在线申报：一张表单，材料只交一次", access.CaseApply},
	{"现场收件", "/apply", "为到窗口办事的申请人录入申请和材料，当场受理或一次性告知补正", access.CaseAccept},
	{"电子证照", "/licences", "审批结果电子证照：下载、核验与撤销", access.CaseView},
	{"办件", "/cases", "待受理、本部门待办、预警与逾期办件", access.CaseView},
	{"项目", "/projects", "工程建设项目登记与全生命周期", access.ProjectView},
	{"我的预约", "/appointments", "预约到综合窗口办事的时间，查看和取消预约", access.Book},
	{"部门协同", "/cases/progress", "已受理办件在各部门的办理进度与计时", access.CaseAccept},
	{"窗口工作台", "/windows/desk", "今日预约、窗口在办办件与综窗协同", access.CaseAccept},
	{"办理统计", "/windows/stats", "各窗口、各受理人员的收件、受理、补正与预约统计", access.WindowWork},
	{"窗口管理", "/windows", "窗口、人员、开放时间与预约号源", access.WindowAdmin},
	{"指标监测", "/indicators", "各区县审批指标：目标对照、趋势、下钻到办件与改进清单", access.IndicatorView},
	{"指标告警", "/indicator-alerts", "指标异常：基线、区县对比与缓慢漂移，确认与解除", access.IndicatorView},
	{"统计报表", "/reports", "月报、季报与动态报表：导出 Excel/PDF，定时生成", access.ReportView},
	{"数据治理", "/quality", "数据质量规则、检查结果与各区县合格率", access.QualityView},
	{"治理任务", "/quality/my-tasks", "本单位待整改的数据质量问题", access.QualityFix},
	{"数据交换", "/exchange", "向省、国家工改系统上报的队列、失败重推与项目代码导入", access.ExchangeAdmin},
	{"网站服务统计", "/sitestats", "网上大厅与公开页面的访问量、访客、检索与办事指南转化（不保存个人信息）", access.SiteStatsView},
	{"运维工单", "/ops/tickets", "故障与投诉工单、响应与解决计时", access.TicketView},
	{"问题记录", "/ops/register", "全部问题的完整记录，可筛选、可打印", access.TicketView},
	{"运维报表", "/ops/reports", "处理完成率、处理及时率与响应解决用时，导出 Excel/PDF", access.TicketView},
	{"知识库", "/ops/kb", "由已解决工单整理的故障知识：现象、原因与解决办法", access.TicketView},
	{"业务培训", "/ops/training", "各区县业务培训的场次、参训人员与资料", access.TicketView},
	{"工作时间", "/ops/hours", "各单位 5x8 工单计时的工作时间", access.TicketWork},
	{"报告故障", "/ops/tickets/new", "系统故障报修：记录并立即派单，按严重程度计时", access.TicketReport},
	{"效能监管", "/supervision", "预警逾期办件、督办与催办", access.Supervise},
	{"督办催办", "/supervision", "本区县办件的督办、催办及部门反馈", access.CaseAccept},
	{"督办催办", "/supervision", "发给本部门的督办、催办，须按期反馈", access.CaseReview},
	{"差评整改", "/rectifications", "好差评中的差评：整改答复、回访与关闭", access.Rectify},
	{"差评整改", "/rectifications", "好差评中的差评：整改答复、回访与关闭", access.Supervise},
	{"机构目录", "/org/units", "各区县审批部门、综合窗口与公用企业的名录", access.OrgView},
	{"用户管理", "/admin/users", "创建账户、分配角色、解锁与停用", access.UserAdmin},
	{"区县与机构", "/admin/regions", "维护区县信息与上报代码、机构设置", access.OrgAdmin},
	{"接口密钥", "/admin/apikeys", "为外部系统发放和吊销 API 密钥", access.APIKeyAdmin},
	{"事项与流程", "/admin/catalog/items", "审批事项、材料、申请表与各区县审批流程", access.CatalogAdmin},
	{"工作日历", "/admin/calendar", "法定节假日与调休安排，决定审批时限的计算", access.CalendarAdmin},
	{"审计日志", "/admin/audit", "查询操作记录，校验审计链完整性", access.AuditView},
	{"运行状态", "/ops", "数据库、迁移版本与运行指标", access.OpsView},
	{"办事指南", "/guide/items", "各审批事项的申请条件、材料、时限与流程", ""},
	{"办结公示", "/public/results", "已办结审批结果的公开信息（个人信息已遮蔽）", ""},
	{"投诉建议", "/ops/complaints/new", "对审批服务或系统的投诉：五个工作日内答复", ""},
	{"我的账户", "/account", "角色、登录记录与修改密码", ""},
}

// Nav returns the links p may follow, marking the one containing path.
func Nav(p *access.Principal, path string) []web.NavItem {
	if p == nil || p.APIKeyID != 0 {
		return nil
	}
	links := allowed(p)
	current := ""
	for _, l := range links { // the longest link that contains path is the current one
		if strings.HasPrefix(path, l.URL) && len(l.URL) > len(current) {
			current = l.URL
		}
	}
	items := []web.NavItem{{Label: "首页", URL: "/", Current: path == "/"}}
	for _, l := range links {
		items = append(items, web.NavItem{Label: l.Label, URL: l.URL, Current: l.URL == current})
	}
	return items
}

// allowed returns the links p may follow, each destination once (a link
// listed under two permissions shows as the first one p holds).
func allowed(p *access.Principal) []Link {
	var out []Link
	seen := map[string]bool{}
	for _, l := range Links {
		if (l.Perm == "" || p.Can(l.Perm)) && !seen[l.URL] {
			seen[l.URL] = true
			out = append(out, l)
		}
	}
	return out
}

// Workbench names each role's home page.
var Workbench = map[access.Role]string{
	access.Applicant:   "网上办事大厅",
	access.Agent:       "代办服务工作台",
	access.WindowClerk: "综合受理工作台",
	access.Reviewer:    "审批工作台",
	access.DeptHead:    "部门审批管理",
	access.Supervisor:  "效能监管",
	access.OpsEngineer: "运维工作台",
	access.SysAdmin:    "系统配置",
}

// Count is one figure of the person's work (待受理 3, 逾期 1…).
type Count struct {
	Label string
	URL   string
	N     int
	Tone  string // ok | warn | bad
}

// Page is the home page model.
type Page struct {
	web.Page
	Principal *access.Principal
	Counts    []Count
	Links     []Link
	Recent    []audit.Event
}

// HTTP serves the home page.
type HTTP struct {
	db       *sqldb.DB
	rd       *web.Renderer
	workload func(ctx context.Context) ([]Count, error)
}

// NewHTTP returns the handler; workload counts the person's work (nil: none).
func NewHTTP(db *sqldb.DB, rd *web.Renderer, workload func(ctx context.Context) ([]Count, error)) *HTTP {
	return &HTTP{db: db, rd: rd, workload: workload}
}

// Routes registers GET /{$} (the home page; anonymous visitors go to /login).
func (h *HTTP) Routes(rt *web.Router) {
	rt.Handle("GET /{$}", access.SignedIn, h.home)
}

func (h *HTTP) home(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	recent, err := audit.List(r.Context(), h.db, audit.Filter{ActorID: p.UserID, Limit: 8})
	if err != nil {
		return err
	}
	m := &Page{Principal: p, Links: allowed(p), Recent: recent}
	if h.workload != nil {
		if m.Counts, err = h.workload(r.Context()); err != nil {
			return err
		}
	}
	m.Title = Workbench[p.Primary().Role]
	if m.Title == "" {
		m.Title = "首页"
	}
	return h.rd.HTML(w, r, http.StatusOK, "home/home", m)
}
