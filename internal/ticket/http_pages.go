package ticket

import (
	"net/http"
	"strconv"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sla"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

type listPage struct {
	web.Page
	Filter  Filter
	Tickets []Ticket
	Total   int
	Month   ReportRow // this month's tickets so far, against the targets
}

// Live targets: the figures of this month's tickets beside the targets.
func (m listPage) CompletionOK() bool {
	return m.Month.CompletionRate < 0 || m.Month.CompletionRate >= TargetCompletion
}
func (m listPage) OnTimeOK() bool {
	return m.Month.OnTimeRate < 0 || m.Month.OnTimeRate >= TargetOnTime
}
func (m listPage) CompletionText() string { return Percent(m.Month.CompletionRate) }
func (m listPage) OnTimeText() string     { return Percent(m.Month.OnTimeRate) }

func (h *HTTP) list(w http.ResponseWriter, r *http.Request) error {
	m := &listPage{Page: web.Page{Title: "运维工单", Crumbs: []web.Crumb{crumbHome, {Label: "运维工单"}}}, Filter: filterOf(r)}
	var err error
	if m.Tickets, m.Total, err = h.svc.List(r.Context(), m.Filter); err != nil {
		return err
	}
	now := h.svc.instant().In(sla.Shanghai)
	from := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, now.Location())
	rep, err := h.svc.Report(r.Context(), Filter{From: from, To: now.Add(time.Second)}, "")
	if err != nil {
		return err
	}
	m.Month = rep.Total
	return h.rd.HTML(w, r, http.StatusOK, "ticket/list", m)
}

// formPage is the model of ticket/new and ticket/complaint.
type formPage struct {
	web.Page
	In         OpenInput
	Errors     map[string]string
	Staff      bool
	Severities []Severity
	Channels   []Option
	Regions    []org.Region
	Functions  []org.FunctionOption
	Function   string // the chosen 责任部门 function
	Done       *Ticket
}

func (h *HTTP) form(r *http.Request, kind Kind) *formPage {
	title := "报告故障"
	if kind == Complaint {
		title = "投诉"
	}
	regions, _ := h.svc.orgs.Regions(r.Context()) // an empty list still lets the form say what is missing
	return &formPage{Page: web.Page{Title: title, Crumbs: []web.Crumb{crumbHome, {Label: title}}},
		In: OpenInput{Kind: kind, Channel: "web"}, Staff: access.From(r.Context()).Can(access.TicketWork),
		Severities: Severities, Channels: Channels, Regions: regions, Functions: org.Functions("")}
}

func (h *HTTP) newForm(w http.ResponseWriter, r *http.Request) error {
	return h.rd.HTML(w, r, http.StatusOK, "ticket/new", h.form(r, Fault))
}

func (h *HTTP) complaintForm(w http.ResponseWriter, r *http.Request) error {
	return h.rd.HTML(w, r, http.StatusOK, "ticket/new", h.form(r, Complaint))
}

func (h *HTTP) create(w http.ResponseWriter, r *http.Request) error {
	return h.submit(w, r, Kind(r.PostFormValue("kind")))
}

func (h *HTTP) complain(w http.ResponseWriter, r *http.Request) error {
	return h.submit(w, r, Complaint)
}

// submit reads the form, opens the ticket and shows the receipt, or
// re-renders the form with every value and the errors.
func (h *HTTP) submit(w http.ResponseWriter, r *http.Request, kind Kind) error {
	m := h.form(r, kind)
	m.Function = web.FormValue(r, "function")
	unit, problem := h.unitOf(r, m.Function)
	m.In = OpenInput{Kind: kind, Severity: Severity(web.FormValue(r, "severity")), Title: web.FormValue(r, "title"),
		Content: web.FormValue(r, "content"), Channel: web.FormValue(r, "channel"), ReporterName: web.FormValue(r, "reporter_name"),
		ReporterContact: web.FormValue(r, "reporter_contact"), RegionCode: web.FormValue(r, "region_code"),
		OrgUnitID: unit, Subsystem: web.FormValue(r, "subsystem")}
	var t Ticket
	var err error
	if problem != "" { // nothing is opened: report this with the form's other problems
		fields := errs.FieldsOf(m.In.Validate())
		if fields == nil {
			fields = map[string]string{}
		}
		fields["function"] = problem
		err = errs.FieldErrors(fields)
	} else {
		t, err = h.svc.Open(r.Context(), m.In)
	}
	if fields, ok := web.FieldErrors(err); ok {
		m.Errors = fields
		return h.rd.HTML(w, r, http.StatusBadRequest, "ticket/new", m)
	}
	if err != nil {
		return err
	}
	m.Done = &t
	return h.rd.HTML(w, r, http.StatusOK, "ticket/new", m)
}

// ticketPage is the model of ticket/ticket.
type ticketPage struct {
	web.Page
	T       Ticket
	D       Details
	CanWork bool
	Errors  map[string]string
	Sat     []string
}

func (h *HTTP) show(w http.ResponseWriter, r *http.Request) error {
	return h.renderTicket(w, r, http.StatusOK, nil)
}

func (h *HTTP) renderTicket(w http.ResponseWriter, r *http.Request, status int, fields map[string]string) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	t, err := h.svc.Get(r.Context(), id)
	if err != nil {
		return err
	}
	d, err := h.svc.Details(r.Context(), &t)
	if err != nil {
		return err
	}
	m := &ticketPage{Page: web.Page{Title: t.Kind.Label() + " " + t.Number, Crumbs: []web.Crumb{crumbHome, crumbTickets, {Label: t.Number}}},
		T: t, D: d, CanWork: access.From(r.Context()).Can(access.TicketWork), Errors: fields, Sat: SatisfactionLabels}
	return h.rd.HTML(w, r, status, "ticket/ticket", m)
}

func (h *HTTP) action(a string) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := web.PathID(r, "id")
		if err != nil {
			return err
		}
		sat, _ := strconv.Atoi(web.FormValue(r, "satisfaction"))
		in := actionRequest{Note: web.FormValue(r, "note"), Reason: web.FormValue(r, "reason"),
			Status: Status(web.FormValue(r, "status")), Severity: Severity(web.FormValue(r, "severity")), Satisfaction: sat,
			ResolveInput: ResolveInput{Cause: web.FormValue(r, "cause"), Resolution: web.FormValue(r, "resolution"),
				Resolved: web.FormValue(r, "resolved") == "1"}}
		_, err = h.act(r, id, a, in)
		if fields, ok := web.FieldErrors(err); ok {
			return h.renderTicket(w, r, statusOf(err), fields)
		}
		if err != nil {
			return err
		}
		web.SetFlash(w, actionLabels[a]+"已完成。")
		return web.Redirect(w, r, Link(id))
	}
}

func statusOf(err error) int { return web.StatusOf(err) }

// unitOf resolves the 责任部门 chosen on the form (a function of the chosen
// region) to its org unit; 0 when none was chosen, or a message when the
// region has no such unit.
func (h *HTTP) unitOf(r *http.Request, function string) (int64, string) {
	region := web.FormValue(r, "region_code")
	if function == "" || region == "" {
		return 0, ""
	}
	u, err := h.svc.orgs.UnitByFunction(r.Context(), region, function)
	if err != nil {
		return 0, "所选区县没有这个部门，请重新选择或不选。"
	}
	return u.ID, ""
}
