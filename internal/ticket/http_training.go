package ticket

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/blob"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// trainingRoutes registers 业务培训:
//
//	GET  /ops/training                  list, by region and period (TicketView)
//	GET  /ops/training/new              form (TicketWork)
//	POST /ops/training                  record, multipart with files (TicketWork)
//	GET  /ops/training/{id}             session (TicketView, its region)
//	GET  /ops/training/{id}/edit        form (TicketWork)
//	POST /ops/training/{id}/edit        save (TicketWork)
//	GET  /ops/training/{id}/files/{hash} download a material (TicketView, its region)
//	GET  /api/v1/ops/training, /api/v1/ops/training/{id} (TicketView)
//	POST /api/v1/ops/training, PUT /api/v1/ops/training/{id}, POST /api/v1/ops/training/files (TicketWork)
func (h *HTTP) trainingRoutes(rt *web.Router) {
	view, work := access.Need(access.TicketView), access.Need(access.TicketWork)
	rt.Handle("GET /ops/training", view, h.trainingList)
	rt.Handle("GET /ops/training/new", work, h.trainingNew)
	rt.Handle("POST /ops/training", work, h.trainingCreate)
	rt.Handle("GET /ops/training/{id}", view, h.trainingShow)
	rt.Handle("GET /ops/training/{id}/edit", work, h.trainingEdit)
	rt.Handle("POST /ops/training/{id}/edit", work, h.trainingSave)
	rt.Handle("GET /ops/training/{id}/files/{hash}", view, h.trainingFile)
	tag := "业务培训"
	rt.API("GET /api/v1/ops/training", view, web.APIDoc{Tag: tag, Summary: "培训记录列表",
		Query: map[string]string{"region": "区县编码", "from": "开始日期 YYYY-MM-DD", "to": "结束日期（含）",
			"q": "主题或内容中的词", "limit": "默认 50", "offset": "跳过条数"}, Response: trainingList{}}, h.apiTrainingList)
	rt.API("GET /api/v1/ops/training/{id}", view, web.APIDoc{Tag: tag, Summary: "查询培训记录", Response: Training{}}, h.apiTrainingGet)
	rt.API("POST /api/v1/ops/training", work, web.APIDoc{Tag: tag, Summary: "登记培训",
		Description: "文件资料先经 /api/v1/ops/training/files 上传，再以 hash 引用。", Request: TrainingInput{},
		Response: Training{}, Status: http.StatusCreated}, h.apiTrainingCreate)
	rt.API("PUT /api/v1/ops/training/{id}", work, web.APIDoc{Tag: tag, Summary: "修改培训记录（整体替换）",
		Description: "version 须为读取时的值，否则返回 409。", Request: TrainingInput{}, Response: Training{}}, h.apiTrainingUpdate)
	rt.API("POST /api/v1/ops/training/files", work, web.APIDoc{Tag: tag, Summary: "上传培训资料文件",
		Description: "multipart/form-data，字段 file。", Response: blob.Ref{}, Status: http.StatusCreated}, h.apiTrainingUpload)
}

var crumbTraining = web.Crumb{Label: "业务培训", URL: "/ops/training"}

type trainingList struct {
	Items []Training `json:"items"`
	Count int        `json:"count"`
}

// trainingFilterOf reads the filter, refusing malformed dates.
func trainingFilterOf(r *http.Request) (TrainingFilter, error) {
	q := r.URL.Query()
	f := TrainingFilter{RegionCode: q.Get("region"), From: q.Get("from"), To: q.Get("to"), Query: q.Get("q"),
		Limit: atoi(q.Get("limit")), Offset: atoi(q.Get("offset"))}
	bad := map[string]string{}
	for k, v := range map[string]string{"from": f.From, "to": f.To} {
		if _, err := calendar.ParseDate(v); v != "" && err != nil {
			bad[k] = "日期格式应为 2026-03-18。"
		}
	}
	if len(bad) > 0 {
		return f, errs.FieldErrors(bad)
	}
	return f, nil
}

type trainingListPage struct {
	web.Page
	Filter   TrainingFilter
	Items    []Training
	Total    int
	CanWork  bool
	Errors   map[string]string
	Duration string // total length in hours of the listed sessions
}

func (h *HTTP) trainingList(w http.ResponseWriter, r *http.Request) error {
	m := &trainingListPage{Page: web.Page{Title: "业务培训", Crumbs: []web.Crumb{crumbHome, crumbTickets, {Label: "业务培训"}}},
		CanWork: access.From(r.Context()).Can(access.TicketWork)}
	f, err := trainingFilterOf(r)
	m.Filter = f
	if fields, ok := web.FieldErrors(err); ok {
		m.Errors = fields
		return h.rd.HTML(w, r, http.StatusBadRequest, "ticket/training_list", m)
	}
	if m.Items, m.Total, err = h.svc.Trainings(r.Context(), f); err != nil {
		return err
	}
	sum := 0
	for _, t := range m.Items {
		sum += t.Minutes
	}
	m.Duration = formatHours(sum)
	return h.rd.HTML(w, r, http.StatusOK, "ticket/training_list", m)
}

type trainingPage struct {
	web.Page
	T       Training
	CanWork bool
}

func (h *HTTP) trainingShow(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	t, err := h.svc.Training(r.Context(), id)
	if err != nil {
		return err
	}
	m := &trainingPage{Page: web.Page{Title: t.Title, Crumbs: []web.Crumb{crumbHome, crumbTraining, {Label: t.Title}}},
		T: t, CanWork: access.From(r.Context()).Can(access.TicketWork)}
	return h.rd.HTML(w, r, http.StatusOK, "ticket/training", m)
}

func (h *HTTP) trainingFile(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	rc, m, err := h.svc.OpenTrainingFile(r.Context(), id, r.PathValue("hash"))
	if err != nil {
		return err
	}
	defer rc.Close()
	w.Header().Set("Content-Type", m.ContentType)
	w.Header().Set("Content-Length", strconv.FormatInt(m.Size, 10))
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(m.Name))
	w.Header().Set("Cache-Control", "private, no-store")
	_, err = io.Copy(w, rc)
	return err
}

func (h *HTTP) apiTrainingList(w http.ResponseWriter, r *http.Request) error {
	f, err := trainingFilterOf(r)
	if err != nil {
		return err
	}
	items, n, err := h.svc.Trainings(r.Context(), f)
	return writeJSON(w, http.StatusOK, trainingList{Items: items, Count: n}, err)
}

func (h *HTTP) apiTrainingGet(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	t, err := h.svc.Training(r.Context(), id)
	return writeJSON(w, http.StatusOK, t, err)
}

func (h *HTTP) apiTrainingCreate(w http.ResponseWriter, r *http.Request) error {
	var in TrainingInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	t, err := h.svc.CreateTraining(r.Context(), in)
	return writeJSON(w, http.StatusCreated, t, err)
}

func (h *HTTP) apiTrainingUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	var in TrainingInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	t, err := h.svc.UpdateTraining(r.Context(), id, in)
	return writeJSON(w, http.StatusOK, t, err)
}

// MaxTrainingUpload bounds one upload request.
const MaxTrainingUpload = blob.DefaultMaxSize + 1<<20

func (h *HTTP) apiTrainingUpload(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, MaxTrainingUpload)
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return errs.FieldErrors(map[string]string{"file": "请选择要上传的文件（表单字段 file）。"})
	}
	defer f.Close()
	ref, err := h.svc.StoreTrainingFile(r.Context(), f, hdr.Filename, hdr.Header.Get("Content-Type"))
	return writeJSON(w, http.StatusCreated, ref, err)
}

// keptFile is "hash|name", the value of a kept file's checkbox.
func keptFile(m Material) string { return m.Hash + "|" + m.Name }

// parseKept reads the checked files of a form.
func parseKept(vs []string) []Material {
	var out []Material
	for _, v := range vs {
		hash, name, _ := strings.Cut(v, "|")
		out = append(out, Material{Kind: "file", Hash: hash, Name: name})
	}
	return out
}
