package holiday

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// indexPage is the model of holiday/index: the covered years, the warning
// when next year is missing, the year selector and the import form.
type indexPage struct {
	web.Page
	Years     []calendar.YearInfo
	Choices   []int // years offered by the selector
	NextYear  int
	Missing   bool // next year is missing and it is November or later
	Form      importForm
	Errors    map[string]string
	RowErrors []calendar.RowError
}

func (h *HTTP) index(w http.ResponseWriter, r *http.Request) error {
	if s := r.URL.Query().Get("year"); s != "" { // the year selector submits here
		if y, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && y >= calendar.MinYear && y <= calendar.MaxYear {
			return web.Redirect(w, r, yearURL(y))
		}
		return h.renderIndex(w, r, importForm{}, errs.FieldErrors(map[string]string{"pick": "请选择要查看的年度。"}))
	}
	return h.renderIndex(w, r, importForm{}, nil)
}

// renderIndex renders the index with f as typed and err's problems (nil
// for none); the status follows err.
func (h *HTTP) renderIndex(w http.ResponseWriter, r *http.Request, f importForm, err error) error {
	fields, ok := web.FieldErrors(err)
	if err != nil && !ok {
		return err
	}
	ctx := r.Context()
	years, yerr := h.cal.Years(ctx)
	if yerr != nil {
		return yerr
	}
	next, missing, merr := h.cal.MissingNextYear(ctx, h.cal.Now())
	if merr != nil {
		return merr
	}
	if f.Year == "" {
		f.Year = strconv.Itoa(next)
	}
	m := &indexPage{Page: web.Page{Title: "节假日与调休", Crumbs: []web.Crumb{crumbHome, {Label: "节假日与调休"}}},
		Years: years, Choices: yearChoices(years, next), NextYear: next, Missing: missing, Form: f, Errors: fields}
	var rows calendar.ImportErrors
	if errors.As(err, &rows) {
		m.RowErrors = rows
		delete(m.Errors, "_form") // the rows say it better than the summary message
	}
	return h.rd.HTML(w, r, statusOf(err), "holiday/index", m)
}

// yearChoices offers every covered year and the years around now.
func yearChoices(years []calendar.YearInfo, next int) []int {
	first, last := next-2, next+1
	if len(years) > 0 {
		first = min(first, years[0].Year)
		last = max(last, years[len(years)-1].Year)
	}
	var out []int
	for y := first; y <= last; y++ {
		out = append(out, y)
	}
	return out
}

func statusOf(err error) int {
	if err == nil {
		return http.StatusOK
	}
	return web.StatusOf(err)
}
