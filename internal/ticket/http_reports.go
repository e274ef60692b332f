package ticket

import (
	"html/template"
	"net/http"

	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

type reportPage struct {
	web.Page
	Rep     Report
	Query   template.URL // encoded by reportQuery: as a string html/template would escape "=" and "&"
	Errors  map[string]string
	From    string
	To      string
	By      string
	Targets [2]string
}

func (h *HTTP) reports(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	m := &reportPage{Page: web.Page{Title: "运维报表", Crumbs: []web.Crumb{crumbHome, crumbTickets, {Label: "运维报表"}}},
		Query: template.URL(reportQuery(r)), From: q.Get("from"), To: q.Get("to"), By: q.Get("by"),
		Targets: [2]string{Percent(TargetCompletion), Percent(TargetOnTime)}}
	f, by, err := reportParams(r)
	if fields, ok := web.FieldErrors(err); ok {
		m.Errors = fields
		return h.rd.HTML(w, r, http.StatusBadRequest, "ticket/reports", m)
	}
	m.By = by
	if m.Rep, err = h.svc.Report(r.Context(), f, by); err != nil {
		return err
	}
	return h.rd.HTML(w, r, http.StatusOK, "ticket/reports", m)
}

func (h *HTTP) export(w http.ResponseWriter, r *http.Request, ext string) error {
	f, by, err := reportParams(r)
	if err != nil {
		return err
	}
	rep, err := h.svc.Report(r.Context(), f, by)
	if err != nil {
		return err
	}
	var data []byte
	ctype := "application/pdf"
	if ext == "xlsx" {
		data, err = rep.XLSX(h.svc.instant())
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	} else {
		data, err = rep.PDF(h.svc.instant())
	}
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="ops-report.`+ext+`"`)
	_, err = w.Write(data)
	return err
}

func (h *HTTP) exportXLSX(w http.ResponseWriter, r *http.Request) error {
	return h.export(w, r, "xlsx")
}
func (h *HTTP) exportPDF(w http.ResponseWriter, r *http.Request) error { return h.export(w, r, "pdf") }

type registerPage struct {
	web.Page
	Filter  Filter
	Tickets []Ticket
	Total   int
}

// register is the printable problem register: every field of every
// ticket the filter selects (up to 1000).
func (h *HTTP) register(w http.ResponseWriter, r *http.Request) error {
	m := &registerPage{Page: web.Page{Title: "问题记录", Crumbs: []web.Crumb{crumbHome, crumbTickets, {Label: "问题记录"}}},
		Filter: filterOf(r)}
	m.Filter.Limit = 1000
	var err error
	if m.Tickets, m.Total, err = h.svc.List(r.Context(), m.Filter); err != nil {
		return err
	}
	return h.rd.HTML(w, r, http.StatusOK, "ticket/register", m)
}
