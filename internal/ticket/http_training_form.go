package ticket

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// trainingFormPage is the model of ticket/training_form. Attendees and
// Links are the textareas; Files the stored files offered to keep.
type trainingFormPage struct {
	web.Page
	ID        int64 // 0 for a new session
	In        TrainingInput
	Hours     string
	Attendees string
	Links     string
	Files     []Material
	Errors    map[string]string
	Regions   []org.Region
	Functions []org.FunctionOption
	Function  string // the organising unit's function in the region
}

func (h *HTTP) newTrainingForm(r *http.Request, title string, id int64, in TrainingInput) *trainingFormPage {
	m := &trainingFormPage{Page: web.Page{Title: title, Crumbs: []web.Crumb{crumbHome, crumbTraining, {Label: title}}},
		ID: id, In: in, Functions: org.Functions("")}
	m.Regions, _ = h.svc.orgs.Regions(r.Context()) // an empty list still lets the form say what is missing
	if in.OrgUnitID != 0 {
		if u, err := h.svc.orgs.Unit(r.Context(), in.OrgUnitID); err == nil {
			m.Function = u.FunctionCode
		}
	}
	if in.Hours > 0 {
		m.Hours = strconv.FormatFloat(in.Hours, 'f', -1, 64)
	}
	var names, links []string
	for _, a := range in.Attendees {
		names = append(names, a.Name)
	}
	for _, x := range in.Materials {
		if x.Kind == "link" {
			links = append(links, x.Name+" "+x.URL)
		} else {
			m.Files = append(m.Files, x)
		}
	}
	m.Attendees, m.Links = strings.Join(names, "\n"), strings.Join(links, "\n")
	return m
}

// Keep is the checkbox value of a stored file.
func (m Material) Keep() string { return keptFile(m) }

func (h *HTTP) trainingNew(w http.ResponseWriter, r *http.Request) error {
	in := TrainingInput{HeldOn: h.svc.instant().Format("2006-01-02")}
	return h.rd.HTML(w, r, http.StatusOK, "ticket/training_form", h.newTrainingForm(r, "登记业务培训", 0, in))
}

func (h *HTTP) trainingEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	t, err := h.svc.Training(r.Context(), id)
	if err != nil {
		return err
	}
	in := TrainingInput{Title: t.Title, RegionCode: t.RegionCode, OrgUnitID: t.OrgUnitID, HeldOn: t.HeldOn,
		Trainer: t.Trainer, Location: t.Location, Hours: float64(t.Minutes) / 60, Content: t.Content, Notes: t.Notes,
		Attendees: t.Attendees, Materials: t.Materials, Version: t.Version}
	return h.rd.HTML(w, r, http.StatusOK, "ticket/training_form", h.newTrainingForm(r, "修改培训记录", id, in))
}

// trainingInputOf reads the form, storing the uploaded files first
// (outside any transaction, as the blob store requires).
func (h *HTTP) trainingInputOf(r *http.Request) (TrainingInput, error) {
	unit, problem := h.unitOf(r, web.FormValue(r, "function"))
	hours, _ := strconv.ParseFloat(web.FormValue(r, "hours"), 64)
	in := TrainingInput{Title: web.FormValue(r, "title"), RegionCode: web.FormValue(r, "region_code"), OrgUnitID: unit,
		HeldOn: web.FormValue(r, "held_on"), Trainer: web.FormValue(r, "trainer"), Location: web.FormValue(r, "location"),
		Hours: hours, Content: web.FormValue(r, "content"), Notes: web.FormValue(r, "notes"),
		Attendees: ParseAttendees(web.FormValue(r, "attendees")), Version: atoi(web.FormValue(r, "version"))}
	in.Materials = parseKept(r.PostForm["file"])
	if problem != "" { // before storing files: nothing is kept from a refused form
		return in, errs.FieldErrors(map[string]string{"function": problem})
	}
	if r.MultipartForm != nil {
		for _, fh := range r.MultipartForm.File["files"] {
			f, err := fh.Open()
			if err != nil {
				return in, err
			}
			ref, err := h.svc.StoreTrainingFile(r.Context(), f, fh.Filename, fh.Header.Get("Content-Type"))
			f.Close()
			if err != nil {
				if errs.KindOf(err) == errs.Invalid || errs.KindOf(err) == errs.Unavailable {
					return in, errs.FieldErrors(map[string]string{"files": fh.Filename + "：" + errs.Message(err)})
				}
				return in, err
			}
			in.Materials = append(in.Materials, Material{Kind: "file", Hash: ref.Hash, Name: ref.Name})
		}
	}
	in.Materials = append(in.Materials, ParseLinks(web.FormValue(r, "links"))...)
	return in, nil
}

func (h *HTTP) trainingCreate(w http.ResponseWriter, r *http.Request) error {
	return h.trainingSubmit(w, r, 0)
}

func (h *HTTP) trainingSave(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	return h.trainingSubmit(w, r, id)
}

// trainingSubmit saves the form of session id (0: new) and redirects to
// it, or shows the form again with what was typed and the errors.
func (h *HTTP) trainingSubmit(w http.ResponseWriter, r *http.Request, id int64) error {
	_ = r.ParseMultipartForm(32 << 20) // a urlencoded form is parsed by FormValue
	in, err := h.trainingInputOf(r)
	var t Training
	if err == nil && id == 0 {
		t, err = h.svc.CreateTraining(r.Context(), in)
	} else if err == nil {
		t, err = h.svc.UpdateTraining(r.Context(), id, in)
	}
	if fields, ok := web.FieldErrors(err); ok {
		title := map[bool]string{true: "登记业务培训", false: "修改培训记录"}[id == 0]
		m := h.newTrainingForm(r, title, id, in)
		m.Function = web.FormValue(r, "function")
		m.Attendees, m.Links, m.Hours, m.Errors = web.FormValue(r, "attendees"), web.FormValue(r, "links"), web.FormValue(r, "hours"), fields
		return h.rd.HTML(w, r, web.StatusOf(err), "ticket/training_form", m)
	}
	if err != nil {
		return err
	}
	web.SetFlash(w, "培训记录已保存。")
	return web.Redirect(w, r, TrainingLink(t.ID))
}
