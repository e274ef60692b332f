package casework

import (
	"crypto/rand"
	"encoding/hex"
	"html/template"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/formschema"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
	"github.com/dazhou-gongai/gongai/internal/sitestats"
)

// ApplyPage is the application form of one stage of a project: online for
// enterprises and agents, at the window (现场收件) for window clerks.
type ApplyPage struct {
	web.Page
	Plan      ApplyPlan
	Only      string // item code when applying for one item
	Walkin    bool
	Key       string
	FormHTML  template.HTML
	Materials []materialInput
	Errors    map[string]string
}

// materialInput is one material row of the form: a file input, and the
// stored file when one was uploaded before the form came back with errors.
type materialInput struct {
	PlanMaterial
	ID       string // "mat-3": the input id the error summary links to
	Hash     string
	FileName string
	Error    string
}

func (h *HTTP) applyForm(w http.ResponseWriter, r *http.Request) error {
	m, err := h.applyModel(r)
	if err != nil {
		return err
	}
	m.Key = newKey()
	m.FormHTML = m.Plan.Form.Render(formschema.Values{}, nil)
	return h.renderApply(w, r, http.StatusOK, m)
}

// mayApply reports whether the caller may apply for the project of the path.
func (h *HTTP) mayApply(r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	p := access.From(r.Context())
	if !p.Can(access.CaseApply) && !p.Can(access.CaseAccept) {
		return errs.E(errs.Forbidden, "只有申报单位、代办员和综合窗口人员可以提交申请。")
	}
	_, err = h.svc.projects.Get(r.Context(), id)
	return err
}

// applyModel reads the project, stage and items of the request.
func (h *HTTP) applyModel(r *http.Request) (*ApplyPage, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return nil, err
	}
	q := r.URL.Query()
	stage, _ := strconv.Atoi(q.Get("stage"))
	m := &ApplyPage{Only: q.Get("item")}
	var only []string
	if m.Only != "" {
		only = []string{m.Only}
	}
	optional := r.URL.Query()["optional"]
	if r.Method == http.MethodPost {
		optional = r.PostForm["optional"]
	}
	p := access.From(r.Context())
	if !p.Can(access.CaseApply) && !p.Can(access.CaseAccept) {
		return nil, errs.E(errs.Forbidden, "只有申报单位、代办员和综合窗口人员可以提交申请。")
	}
	m.Plan, err = h.svc.Plan(r.Context(), id, stage, only, optional)
	if err != nil {
		return nil, err
	}
	m.Walkin = !p.Can(access.CaseApply) && p.Can(access.CaseAccept)
	for i, pm := range m.Plan.Materials {
		m.Materials = append(m.Materials, materialInput{PlanMaterial: pm, ID: "mat-" + strconv.Itoa(i)})
	}
	return m, nil
}

func (h *HTTP) renderApply(w http.ResponseWriter, r *http.Request, status int, m *ApplyPage) error {
	proj := m.Plan.Project
	m.Title = "申报：" + proj.Name + " · " + m.Plan.Stage.Name
	if m.Walkin {
		m.Title = "现场收件：" + proj.Name + " · " + m.Plan.Stage.Name
	}
	m.Crumbs = []web.Crumb{{Label: "首页", URL: "/"}, {Label: "我要申报", URL: "/apply"},
		{Label: proj.Name, URL: "/projects/" + strconv.FormatInt(proj.ID, 10)}, {Label: m.Plan.Stage.Name}}
	return h.rd.HTML(w, r, status, "casework/apply", m)
}

// apply receives the multipart application form: it stores each chosen
// file, submits, and on field errors shows the form again with everything
// typed and every file already uploaded kept.
func (h *HTTP) apply(w http.ResponseWriter, r *http.Request) error {
	if err := h.mayApply(r); err != nil { // before reading a large body
		return err
	}
	if err := r.ParseMultipartForm(32 << 20); err != nil { // already read, within web.MaxMultipartBody
		return errs.Wrap(errs.Invalid, "上传的文件过大（合计不超过 200 MB）或表单已损坏，请重新提交。", err)
	}
	m, err := h.applyModel(r)
	if err != nil {
		return err
	}
	m.Key = r.PostFormValue("key")
	values := formschema.FromForm(m.Plan.Form, r.PostForm)
	files := map[string]string{}
	problems := map[string]string{}
	h.storeAttachments(r, m.Plan.Form, &values, problems)
	h.storeMaterials(r, m, files, problems)
	if len(problems) == 0 {
		in := SubmitInput{ProjectID: m.Plan.Project.ID, StageNo: m.Plan.Stage.No, Optional: r.PostForm["optional"],
			Form: values, Materials: files, IdempotencyKey: m.Key}
		if m.Only != "" {
			in.ItemCodes = []string{m.Only}
		}
		app, err := h.svc.Submit(r.Context(), in)
		if err == nil {
			return h.applied(w, r, app, m.Walkin)
		}
		fields, ok := web.FieldErrors(err)
		if !ok {
			return err
		}
		for k, v := range fields {
			problems[k] = v
		}
	}
	return h.applyAgain(w, r, m, values, problems)
}

func (h *HTTP) applied(w http.ResponseWriter, r *http.Request, app Application, walkin bool) error {
	codes := make([]string, len(app.Cases))
	for i, c := range app.Cases {
		codes[i] = c.ItemCode
	}
	sitestats.Applied(r.Context(), codes...) // a guide view that led to an application
	msg := "申报已提交（申报编号 " + app.Number + "），共 " + strconv.Itoa(len(app.Cases)) + " 个办件，请等待综合窗口受理。"
	if walkin {
		msg = "已现场收件（申报编号 " + app.Number + "），请核对材料后受理、补正或不予受理。"
	}
	if app.Idempotent {
		msg = "该申报此前已提交（申报编号 " + app.Number + "），未重复提交。"
	}
	web.SetFlash(w, msg)
	if len(app.Cases) == 1 || walkin {
		return web.Redirect(w, r, "/cases/"+strconv.FormatInt(app.Cases[0].ID, 10))
	}
	return web.Redirect(w, r, "/cases?project_id="+strconv.FormatInt(app.ProjectID, 10))
}

// applyAgain re-renders the form with the problems: form.x keys become the
// field names Render expects, materials.<name> the material rows.
func (h *HTTP) applyAgain(w http.ResponseWriter, r *http.Request, m *ApplyPage, values formschema.Values,
	problems map[string]string) error {
	formErrs, summary := map[string]string{}, map[string]string{}
	for k, v := range problems {
		switch {
		case strings.HasPrefix(k, "form."):
			formErrs[strings.TrimPrefix(k, "form.")] = v
			summary[strings.TrimPrefix(k, "form.")] = v
		case strings.HasPrefix(k, "materials."):
			for i := range m.Materials {
				if m.Materials[i].Name == strings.TrimPrefix(k, "materials.") {
					m.Materials[i].Error, summary[m.Materials[i].ID] = v, v
				}
			}
		default:
			summary[k] = v
		}
	}
	m.Errors = summary
	m.FormHTML = m.Plan.Form.Render(values, formErrs)
	return h.renderApply(w, r, http.StatusUnprocessableEntity, m)
}

// storeMaterials stores each newly chosen material file; a material not
// chosen again keeps the file stored on an earlier attempt (its hash comes
// back in a hidden input).
func (h *HTTP) storeMaterials(r *http.Request, m *ApplyPage, files, problems map[string]string) {
	for i := range m.Materials {
		mi := &m.Materials[i]
		mi.Hash = r.PostFormValue(mi.ID + ".hash")
		mi.FileName = r.PostFormValue(mi.ID + ".name")
		if f, hdr := formFile(r, mi.ID); f != nil {
			ref, err := h.svc.blobs.Put(r.Context(), f, hdr.Filename, hdr.Header.Get("Content-Type"))
			_ = f.Close()
			if err != nil {
				problems["materials."+mi.Name] = uploadProblem(err)
				continue
			}
			mi.Hash, mi.FileName = ref.Hash, ref.Name
		}
		if mi.Hash != "" {
			files[mi.Name] = mi.Hash
		}
	}
}

// storeAttachments stores files chosen for attachment fields of the form.
func (h *HTTP) storeAttachments(r *http.Request, form formschema.Schema, v *formschema.Values, problems map[string]string) {
	for _, f := range form.Fields {
		if f.Type != formschema.TypeAttachment {
			continue
		}
		file, hdr := formFile(r, formschema.AttachmentFileInput(f.Name))
		if file == nil {
			continue
		}
		ref, err := h.svc.blobs.Put(r.Context(), file, hdr.Filename, hdr.Header.Get("Content-Type"))
		_ = file.Close()
		if err != nil {
			problems["form."+f.Name] = uploadProblem(err)
			continue
		}
		v.Set(f.Name, ref.Hash)
	}
}

// formFile returns the file chosen in input name, or nil when none was.
func formFile(r *http.Request, name string) (multipart.File, *multipart.FileHeader) {
	f, hdr, err := r.FormFile(name)
	if err != nil || hdr.Size == 0 {
		if f != nil {
			_ = f.Close()
		}
		return nil, nil
	}
	return f, hdr
}

func uploadProblem(err error) string {
	if errs.KindOf(err) == errs.Invalid {
		return errs.Message(err)
	}
	return "文件保存失败，请重新选择后提交。"
}

// newKey is the idempotency key of one rendering of the form, so that a
// double click or a resubmitted page creates one application.
func newKey() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
