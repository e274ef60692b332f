package ticket

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// kbRoutes registers the knowledge base:
//
//	GET  /ops/kb                 list and search (TicketView)
//	GET  /ops/kb/new[?ticket=ID] form, prefilled from a resolved ticket (TicketWork)
//	POST /ops/kb                 create (TicketWork)
//	GET  /ops/kb/{id}            article (TicketView)
//	GET  /ops/kb/{id}/edit       edit form (TicketWork)
//	POST /ops/kb/{id}/edit       save (TicketWork)
//	GET  /api/v1/ops/kb, /api/v1/ops/kb/{id} (TicketView)
//	POST /api/v1/ops/kb, PUT /api/v1/ops/kb/{id} (TicketWork)
func (h *HTTP) kbRoutes(rt *web.Router) {
	view, work := access.Need(access.TicketView), access.Need(access.TicketWork)
	rt.Handle("GET /ops/kb", view, h.kbList)
	rt.Handle("GET /ops/kb/new", work, h.kbNew)
	rt.Handle("POST /ops/kb", work, h.kbCreate)
	rt.Handle("GET /ops/kb/{id}", view, h.kbShow)
	rt.Handle("GET /ops/kb/{id}/edit", work, h.kbEdit)
	rt.Handle("POST /ops/kb/{id}/edit", work, h.kbSave)
	tag := "运维知识库"
	rt.API("GET /api/v1/ops/kb", view, web.APIDoc{Tag: tag, Summary: "检索知识库",
		Description: "关键词按空格分词，每个词须出现在标题、故障现象或解决办法中（两个汉字即可检索）。",
		Query: map[string]string{"q": "关键词", "subsystem": "子系统", "tag": "标签（整词匹配）", "limit": "默认 50，最多 500",
			"offset": "跳过条数"}, Response: articleList{}}, h.apiKBList)
	rt.API("GET /api/v1/ops/kb/{id}", view, web.APIDoc{Tag: tag, Summary: "查询知识库文章", Response: Article{}}, h.apiKBGet)
	rt.API("POST /api/v1/ops/kb", work, web.APIDoc{Tag: tag, Summary: "新建知识库文章",
		Description: "ticket_id 不为 0 时，该工单须已解决或已关闭，且尚未转为文章。", Request: ArticleInput{},
		Response: Article{}, Status: http.StatusCreated}, h.apiKBCreate)
	rt.API("PUT /api/v1/ops/kb/{id}", work, web.APIDoc{Tag: tag, Summary: "修改知识库文章",
		Description: "version 须为读取时的值，否则返回 409。", Request: ArticleInput{}, Response: Article{}}, h.apiKBUpdate)
}

var crumbKB = web.Crumb{Label: "知识库", URL: "/ops/kb"}

type articleList struct {
	Items []Article `json:"items"`
	Count int       `json:"count"`
}

func kbFilterOf(r *http.Request) KBFilter {
	q := r.URL.Query()
	return KBFilter{Query: q.Get("q"), Subsystem: q.Get("subsystem"), Tag: q.Get("tag"),
		Limit: atoi(q.Get("limit")), Offset: atoi(q.Get("offset"))}
}

type kbListPage struct {
	web.Page
	Filter   KBFilter
	Articles []Article
	Total    int
	CanWork  bool
}

func (h *HTTP) kbList(w http.ResponseWriter, r *http.Request) error {
	m := &kbListPage{Page: web.Page{Title: "知识库", Crumbs: []web.Crumb{crumbHome, crumbTickets, {Label: "知识库"}}},
		Filter: kbFilterOf(r), CanWork: access.From(r.Context()).Can(access.TicketWork)}
	var err error
	if m.Articles, m.Total, err = h.svc.Articles(r.Context(), m.Filter); err != nil {
		return err
	}
	return h.rd.HTML(w, r, http.StatusOK, "ticket/kb_list", m)
}

type kbArticlePage struct {
	web.Page
	A       Article
	CanWork bool
}

func (h *HTTP) kbShow(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	a, err := h.svc.Article(r.Context(), id)
	if err != nil {
		return err
	}
	m := &kbArticlePage{Page: web.Page{Title: a.Title, Crumbs: []web.Crumb{crumbHome, crumbKB, {Label: a.Title}}},
		A: a, CanWork: access.From(r.Context()).Can(access.TicketWork)}
	return h.rd.HTML(w, r, http.StatusOK, "ticket/kb_article", m)
}

// kbFormPage is the model of ticket/kb_form, for new and edited articles.
type kbFormPage struct {
	web.Page
	In     ArticleInput
	Tags   string
	ID     int64 // 0 for a new article
	Errors map[string]string
}

func newKBForm(title string, id int64, in ArticleInput) *kbFormPage {
	return &kbFormPage{Page: web.Page{Title: title, Crumbs: []web.Crumb{crumbHome, crumbKB, {Label: title}}},
		In: in, Tags: strings.Join(in.Tags, "，"), ID: id}
}

func (h *HTTP) kbNew(w http.ResponseWriter, r *http.Request) error {
	var in ArticleInput
	if s := r.URL.Query().Get("ticket"); s != "" {
		id, _ := strconv.ParseInt(s, 10, 64)
		var err error
		if in, err = h.svc.DraftArticle(r.Context(), id); err != nil {
			return err
		}
	}
	return h.rd.HTML(w, r, http.StatusOK, "ticket/kb_form", newKBForm("新建知识库文章", 0, in))
}

func (h *HTTP) kbEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	a, err := h.svc.Article(r.Context(), id)
	if err != nil {
		return err
	}
	in := ArticleInput{Title: a.Title, Symptom: a.Symptom, Cause: a.Cause, Solution: a.Solution, Notes: a.Notes,
		Subsystem: a.Subsystem, Tags: a.Tags, TicketID: a.TicketID, Version: a.Version}
	return h.rd.HTML(w, r, http.StatusOK, "ticket/kb_form", newKBForm("修改知识库文章", id, in))
}

// articleForm reads the article form.
func articleForm(r *http.Request) ArticleInput {
	tid, _ := strconv.ParseInt(web.FormValue(r, "ticket_id"), 10, 64)
	return ArticleInput{Title: web.FormValue(r, "title"), Symptom: web.FormValue(r, "symptom"),
		Cause: web.FormValue(r, "cause"), Solution: web.FormValue(r, "solution"), Notes: web.FormValue(r, "notes"),
		Subsystem: web.FormValue(r, "subsystem"), Tags: SplitTags(web.FormValue(r, "tags")), TicketID: tid,
		Version: atoi(web.FormValue(r, "version"))}
}

func (h *HTTP) kbCreate(w http.ResponseWriter, r *http.Request) error {
	in := articleForm(r)
	a, err := h.svc.CreateArticle(r.Context(), in)
	return h.kbDone(w, r, "新建知识库文章", 0, in, a, err)
}

func (h *HTTP) kbSave(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	in := articleForm(r)
	a, err := h.svc.UpdateArticle(r.Context(), id, in)
	return h.kbDone(w, r, "修改知识库文章", id, in, a, err)
}

// kbDone redirects to the saved article, or shows the form again with
// what was typed and the errors.
func (h *HTTP) kbDone(w http.ResponseWriter, r *http.Request, title string, id int64, in ArticleInput, a Article, err error) error {
	if fields, ok := web.FieldErrors(err); ok {
		m := newKBForm(title, id, in)
		m.Tags, m.Errors = web.FormValue(r, "tags"), fields
		return h.rd.HTML(w, r, web.StatusOf(err), "ticket/kb_form", m)
	}
	if err != nil {
		return err
	}
	web.SetFlash(w, "知识库文章已保存。")
	return web.Redirect(w, r, KBLink(a.ID))
}

func (h *HTTP) apiKBList(w http.ResponseWriter, r *http.Request) error {
	items, n, err := h.svc.Articles(r.Context(), kbFilterOf(r))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, articleList{Items: items, Count: n})
	return nil
}

func (h *HTTP) apiKBGet(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	a, err := h.svc.Article(r.Context(), id)
	return writeJSON(w, http.StatusOK, a, err)
}

func (h *HTTP) apiKBCreate(w http.ResponseWriter, r *http.Request) error {
	var in ArticleInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	a, err := h.svc.CreateArticle(r.Context(), in)
	return writeJSON(w, http.StatusCreated, a, err)
}

func (h *HTTP) apiKBUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	var in ArticleInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	a, err := h.svc.UpdateArticle(r.Context(), id, in)
	return writeJSON(w, http.StatusOK, a, err)
}

// writeJSON writes v with status unless err is set.
func writeJSON(w http.ResponseWriter, status int, v any, err error) error {
	if err != nil {
		return err
	}
	web.WriteJSON(w, status, v)
	return nil
}
