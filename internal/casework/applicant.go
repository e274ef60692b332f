package casework

import (
	"net/http"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// SupplyPage asks the applicant for exactly the materials a 一次性补正告知
// listed (or the 容缺 materials still owed), one file input each.
type SupplyPage struct {
	web.Page
	Case       Case
	Deficiency bool // supplying 容缺 materials rather than a correction
	Reason     string
	Rows       []supplyRow
	Errors     map[string]string
	Note       string
}

type supplyRow struct {
	ID, Material, Problem, Error string
}

// supplyModel builds the page from the open correction pause, or from the
// deficiency list when the case owes 容缺 materials.
func (h *HTTP) supplyModel(r *http.Request) (*SupplyPage, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return nil, err
	}
	m := &SupplyPage{}
	if m.Case, err = h.svc.Get(r.Context(), id); err != nil {
		return nil, err
	}
	c := &m.Case
	switch {
	case c.Status == CorrectionStarted:
		for _, p := range c.Pauses {
			if p.Kind == PauseCorrection && p.EndedAt.IsZero() {
				m.Reason = p.Reason
				for i, it := range p.Items {
					m.Rows = append(m.Rows, supplyRow{ID: "fix-" + strconv.Itoa(i), Material: it.Material, Problem: it.Problem})
				}
			}
		}
	case len(c.Deficiency) > 0 && !c.Status.Terminal():
		m.Deficiency = true
		for i, d := range c.Deficiency {
			m.Rows = append(m.Rows, supplyRow{ID: "fix-" + strconv.Itoa(i), Material: d, Problem: "容缺受理时约定后补"})
		}
	default:
		return nil, errs.E(errs.Conflict, "该办件目前不需要补正或补齐材料。")
	}
	if len(m.Rows) == 0 {
		return nil, errs.E(errs.Conflict, "补正告知中没有列出材料，请联系综合窗口。")
	}
	m.Title = "补正材料：" + c.ItemName
	if m.Deficiency {
		m.Title = "补齐容缺材料：" + c.ItemName
	}
	m.Crumbs = []web.Crumb{{Label: "首页", URL: "/"}, {Label: "办件", URL: "/cases"},
		{Label: c.Number, URL: "/cases/" + strconv.FormatInt(c.ID, 10)}, {Label: "补正材料"}}
	return m, nil
}

func (h *HTTP) supplyForm(w http.ResponseWriter, r *http.Request) error {
	m, err := h.supplyModel(r)
	if err != nil {
		return err
	}
	return h.rd.HTML(w, r, http.StatusOK, "casework/supply", m)
}

// supply stores the files and records them: SupplyFix for a correction
// (the clock resumes), SupplyDeficiency for 容缺 materials.
func (h *HTTP) supply(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.supplyModel(r); err != nil { // before reading a large body
		return err
	}
	if err := r.ParseMultipartForm(32 << 20); err != nil { // already read, within web.MaxMultipartBody
		return errs.Wrap(errs.Invalid, "上传的文件过大（合计不超过 200 MB）或表单已损坏，请重新提交。", err)
	}
	m, err := h.supplyModel(r)
	if err != nil {
		return err
	}
	m.Note = web.FormValue(r, "note")
	files, problems := map[string]string{}, map[string]string{}
	for i := range m.Rows {
		row := &m.Rows[i]
		f, hdr := formFile(r, row.ID)
		if f == nil {
			continue
		}
		ref, err := h.svc.blobs.Put(r.Context(), f, hdr.Filename, hdr.Header.Get("Content-Type"))
		_ = f.Close()
		if err != nil {
			row.Error, problems[row.ID] = uploadProblem(err), uploadProblem(err)
			continue
		}
		files[row.Material] = ref.Hash
	}
	if len(files) == 0 && len(problems) == 0 {
		problems[m.Rows[0].ID] = "请至少上传一份补正后的材料。"
		m.Rows[0].Error = problems[m.Rows[0].ID]
	}
	if len(problems) > 0 {
		m.Errors = problems
		return h.rd.HTML(w, r, http.StatusUnprocessableEntity, "casework/supply", m)
	}
	in := SupplyInput{Version: m.Case.Version, Materials: files, Note: m.Note}
	if m.Deficiency {
		_, err = h.svc.SupplyDeficiency(r.Context(), m.Case.ID, in)
	} else {
		_, err = h.svc.SupplyFix(r.Context(), m.Case.ID, in)
	}
	if err != nil {
		return err
	}
	web.SetFlash(w, "材料已提交，办件继续办理。")
	return web.Redirect(w, r, "/cases/"+strconv.FormatInt(m.Case.ID, 10))
}
