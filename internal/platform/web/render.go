package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"
)

// Page is the part of every page model that the layout reads. Page models
// are typed structs that embed Page; handlers pass a pointer to them.
type Page struct {
	Title     string
	Crumbs    []Crumb
	Viewer    *Viewer
	Nav       []NavItem
	CSRF      string
	Flash     string
	RequestID string
	Status    int
	// RegionNames maps region codes to names for pages that list codes:
	// {{or (index $.RegionNames .RegionCode) .RegionCode}}.
	RegionNames map[string]string
}

// Crumb is one breadcrumb; the last one has no URL.
type Crumb struct{ Label, URL string }

// Viewer is who is looking: shown in the header of every page.
type Viewer struct {
	Name          string
	RoleLabel     string
	RegionName    string
	OrgName       string
	Notifications int // unread
}

// NavItem is one entry of the main navigation.
type NavItem struct {
	Label   string
	URL     string
	Current bool
}

// Base returns p; it lets the renderer reach the Page inside any page model.
func (p *Page) Base() *Page { return p }

type pageModel interface{ Base() *Page }

// Renderer renders embedded html/template pages inside the layout. All
// templates are parsed at start-up so that a broken one fails fast.
type Renderer struct {
	base     *template.Template
	pages    map[string]*template.Template
	log      *slog.Logger
	decorate func(r *http.Request, p *Page)
}

// NewRenderer parses every *.html in layoutFS as the shared layout and
// partials. decorate fills the viewer and navigation of each page.
func NewRenderer(layoutFS fs.FS, funcs template.FuncMap, log *slog.Logger,
	decorate func(*http.Request, *Page)) (*Renderer, error) {
	base, err := template.New("").Funcs(funcs).ParseFS(layoutFS, "*.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	return &Renderer{base: base, pages: map[string]*template.Template{}, log: log, decorate: decorate}, nil
}

// AddPages parses every *.html in fsys as a page named prefix/<file name
// without .html>. Each page defines "content". Files named _*.html are
// partials shared by the pages of this prefix.
func (rd *Renderer) AddPages(prefix string, fsys fs.FS) error {
	files, err := fs.Glob(fsys, "*.html")
	if err != nil {
		return err
	}
	partials, err := fs.Glob(fsys, "_*.html")
	if err != nil {
		return err
	}
	for _, f := range files {
		if strings.HasPrefix(path.Base(f), "_") {
			continue
		}
		t, err := rd.base.Clone()
		if err != nil {
			return err
		}
		if _, err := t.ParseFS(fsys, append([]string{f}, partials...)...); err != nil {
			return fmt.Errorf("parse %s/%s: %w", prefix, f, err)
		}
		name := prefix + "/" + strings.TrimSuffix(path.Base(f), ".html")
		if _, dup := rd.pages[name]; dup {
			return fmt.Errorf("page %s defined twice", name)
		}
		rd.pages[name] = t
	}
	return nil
}

// HTML renders page name with model m (a pointer to a struct embedding Page).
// It renders into a buffer first so that a template error becomes a clean
// 500 instead of half a page.
func (rd *Renderer) HTML(w http.ResponseWriter, r *http.Request, status int, name string, m pageModel) error {
	t, ok := rd.pages[name]
	if !ok {
		return fmt.Errorf("web: no page %q", name)
	}
	p := m.Base()
	p.CSRF = CSRFToken(r.Context())
	p.RequestID = RequestID(r.Context())
	p.Status = status
	if p.Flash == "" {
		p.Flash = TakeFlash(w, r)
	}
	if rd.decorate != nil {
		rd.decorate(r, p)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", m); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := buf.WriteTo(w)
	return err
}

// ErrorPageModel is the model of the shared error page.
type ErrorPageModel struct {
	Page
	Message string
}

// ErrorPage renders the Chinese error page "ui/error"; used by Responder.
func (rd *Renderer) ErrorPage(w http.ResponseWriter, r *http.Request, status int, msg string) {
	m := &ErrorPageModel{Page: Page{Title: errorTitle(status)}, Message: msg}
	if err := rd.HTML(w, r, status, "ui/error", m); err != nil {
		rd.log.ErrorContext(r.Context(), "error page failed", "err", err)
		http.Error(w, msg, status)
	}
}

func errorTitle(status int) string {
	switch status {
	case http.StatusNotFound:
		return "页面不存在"
	case http.StatusForbidden:
		return "无权访问"
	case http.StatusUnauthorized:
		return "需要登录"
	case http.StatusBadRequest, http.StatusMethodNotAllowed:
		return "请求有误"
	case http.StatusConflict:
		return "操作冲突"
	case http.StatusLocked:
		return "账户已锁定"
	}
	if status >= 500 {
		return "系统错误"
	}
	return "出错了"
}
