package report

import (
	"io"
	"net/http"

	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// runPage is the model of report/run: a run's progress. While the run is
// not finished the page refreshes itself every RefreshSeconds (no JS).
type runPage struct {
	web.Page
	Run            Run
	RefreshSeconds int
}

func (h *HTTP) showRun(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	run, err := h.svc.GetRun(r.Context(), id)
	if err != nil {
		return err
	}
	m := &runPage{Page: web.Page{Title: "报表生成：" + run.Name, Crumbs: []web.Crumb{crumbHome, crumbReports,
		{Label: "报表生成"}}}, Run: run}
	if !run.Finished() {
		m.RefreshSeconds = 3
	}
	return h.rd.HTML(w, r, http.StatusOK, "report/run", m)
}

func (h *HTTP) file(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	rc, run, err := h.svc.File(r.Context(), id)
	if err != nil {
		return err
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return err
	}
	return sendFile(w, run.FileName, data)
}
