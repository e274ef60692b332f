package catalog

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// itemsPage is the model of catalog/items.
type itemsPage struct {
	web.Page
	Filter   itemFilterForm
	Items    []Item
	Kinds    []option
	Lines    []option
	Stages   []option
	CanEdit  bool
	Inactive bool
}

// itemFilterForm is the filter as typed in the URL.
type itemFilterForm struct{ Query, Kind, Line, Stage string }

func itemFilterFrom(r *http.Request) (ItemFilter, itemFilterForm) {
	q := r.URL.Query()
	ff := itemFilterForm{Query: q.Get("q"), Kind: q.Get("kind"), Line: q.Get("line"), Stage: q.Get("stage")}
	f := ItemFilter{Query: ff.Query, Kind: ff.Kind, Line: ff.Line, IncludeInactive: q.Get("inactive") != ""}
	if n, err := strconv.Atoi(ff.Stage); err == nil {
		f.Stage = &n
	}
	return f, ff
}

func (h *HTTP) listItems(w http.ResponseWriter, r *http.Request) error {
	f, ff := itemFilterFrom(r)
	items, err := h.svc.Items(r.Context(), f)
	if err != nil {
		return err
	}
	m := &itemsPage{Page: web.Page{Title: "事项目录", Crumbs: []web.Crumb{crumbHome, {Label: "事项目录"}}},
		Filter: ff, Items: items, Kinds: kinds, Lines: lines, Stages: stageOptions(),
		CanEdit: canAdminItems(r.Context()), Inactive: f.IncludeInactive}
	return h.rd.HTML(w, r, http.StatusOK, "catalog/items", m)
}

// itemFormPage is the model of catalog/item_form, for a new or an existing item.
type itemFormPage struct {
	web.Page
	Form      itemForm
	Errors    map[string]string
	Item      Item // the stored item; zero ID for a new one
	Action    string
	Kinds     []option
	Lines     []option
	Stages    []option
	Functions []option
	Preview   template.HTML
	PreviewOK bool
	CanEdit   bool
}

// renderItemForm shows the form; err, when not nil, must be a field error
// (anything else goes to the responder).
// A preview is answered 200 with the problems shown, since nothing was
// submitted for saving.
func (h *HTTP) renderItemForm(w http.ResponseWriter, r *http.Request, cur Item, f itemForm, err error, preview bool) error {
	fields, ok := web.FieldErrors(err)
	if err != nil && !ok {
		return err
	}
	code := status(err)
	if preview {
		code = http.StatusOK
	}
	m := &itemFormPage{Form: f, Errors: fields, Item: cur, Kinds: kinds, Lines: lines, Stages: stageOptions(),
		Functions: functions, CanEdit: canAdminItems(r.Context())}
	m.Preview, m.PreviewOK = f.preview()
	if cur.ID == 0 {
		m.Page = web.Page{Title: "新增事项", Crumbs: []web.Crumb{crumbHome, crumbItems, {Label: "新增事项"}}}
		m.Action = "/admin/catalog/items"
	} else {
		m.Page = web.Page{Title: "修改事项：" + cur.Name, Crumbs: []web.Crumb{crumbHome, crumbItems, {Label: cur.Name}}}
		m.Action = "/admin/catalog/items/" + url.PathEscape(cur.Code)
	}
	return h.rd.HTML(w, r, code, "catalog/item_form", m)
}

func (h *HTTP) newItem(w http.ResponseWriter, r *http.Request) error {
	f := itemFormOf(Item{Kind: KindLicence, Line: LineMain, Stage: 1})
	f.Revision, f.StatutoryDays, f.PromisedDays = "", "20", ""
	return h.renderItemForm(w, r, Item{}, f, nil, false)
}

func (h *HTTP) createItem(w http.ResponseWriter, r *http.Request) error {
	f := itemFormFrom(r)
	it, err := f.item(Item{})
	if err == nil && !previewWanted(r) {
		it, err = h.svc.CreateItem(r.Context(), it)
	}
	if err != nil || previewWanted(r) {
		return h.renderItemForm(w, r, Item{}, f.withBlankRows(), err, previewWanted(r))
	}
	web.SetFlash(w, "已新增事项“"+it.Name+"”（第1版）。")
	return web.Redirect(w, r, "/admin/catalog/items/"+url.PathEscape(it.Code)+"/edit")
}

func (h *HTTP) editItem(w http.ResponseWriter, r *http.Request) error {
	it, err := h.svc.Item(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	return h.renderItemForm(w, r, it, itemFormOf(it), nil, false)
}

func (h *HTTP) updateItem(w http.ResponseWriter, r *http.Request) error {
	cur, err := h.svc.Item(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	f := itemFormFrom(r)
	f.Code = cur.Code // the code is shown, not submitted
	it, err := f.item(cur)
	if err == nil && !previewWanted(r) {
		it, err = h.svc.UpdateItem(r.Context(), it)
	}
	if err != nil || previewWanted(r) {
		return h.renderItemForm(w, r, cur, f.withBlankRows(), err, previewWanted(r))
	}
	msg := "没有修改任何内容。"
	if it.Revision != cur.Revision {
		msg = "已保存为第" + strconv.Itoa(it.Revision) + "版。已发布的流程仍使用原版本，新建并发布流程草稿后生效。"
	}
	web.SetFlash(w, msg)
	return web.Redirect(w, r, "/admin/catalog/items/"+url.PathEscape(it.Code)+"/edit")
}

func (h *HTTP) setItemActive(w http.ResponseWriter, r *http.Request) error {
	active, err := strconv.ParseBool(r.PostFormValue("active"))
	if err != nil {
		return errs.E(errs.Invalid, "请求缺少启用状态。")
	}
	it, err := h.svc.SetItemActive(r.Context(), r.PathValue("code"), active)
	if err != nil {
		return err
	}
	msg := "已停用事项“" + it.Name + "”。已发布的流程不受影响，新的流程版本不能再加入该事项。"
	if active {
		msg = "已重新启用事项“" + it.Name + "”。"
	}
	web.SetFlash(w, msg)
	return web.Redirect(w, r, "/admin/catalog/items/"+url.PathEscape(it.Code)+"/edit")
}

// maxUpload bounds a template upload's request body: the blob store's
// limit plus room for the other form fields.
const maxUpload = 50<<20 + 1<<20

// materialFile uploads or removes a material's template or sample.
func (h *HTTP) materialFile(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	code, slot := r.PathValue("code"), r.FormValue("slot")
	revision, _ := strconv.Atoi(r.FormValue("revision"))
	var it Item
	if r.FormValue("action") == "remove" {
		it, err = h.svc.RemoveMaterialFile(r.Context(), code, revision, id, slot)
	} else {
		it, err = h.uploadMaterialFile(r, code, revision, id, slot)
	}
	if err != nil {
		return err
	}
	web.SetFlash(w, "已保存为第"+strconv.Itoa(it.Revision)+"版。")
	return web.Redirect(w, r, "/admin/catalog/items/"+url.PathEscape(it.Code)+"/edit#files")
}

func (h *HTTP) uploadMaterialFile(r *http.Request, code string, revision int, id int64, slot string) (Item, error) {
	file, header, err := r.FormFile("file")
	if err != nil {
		return Item{}, errs.Wrap(errs.Invalid, "请选择要上传的文件（不超过50 MB）。", err)
	}
	defer file.Close()
	return h.svc.AttachMaterialFile(r.Context(), code, revision, id, slot, file, header.Filename,
		header.Header.Get("Content-Type"))
}
