package holiday

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// query reads API query parameters and collects every problem, so that one
// 400 answer names them all, in the order the parameters were read.
type query struct {
	r     *http.Request
	bad   map[string]string
	order []string
}

func newQuery(r *http.Request) *query { return &query{r: r, bad: map[string]string{}} }

func (q *query) fail(name, msg string) {
	if _, dup := q.bad[name]; !dup {
		q.order = append(q.order, name)
	}
	q.bad[name] = msg
}

// date reads a required YYYY-MM-DD parameter within the supported years.
func (q *query) date(name, label string) calendar.Date {
	s := strings.TrimSpace(q.r.URL.Query().Get(name))
	if s == "" {
		q.fail(name, fmt.Sprintf("缺少参数 %s（%s，格式 YYYY-MM-DD，例如 2026-03-09）。", name, label))
		return calendar.Date{}
	}
	d, err := calendar.ParseDate(s)
	if err == nil && (d.Year() < calendar.MinYear || d.Year() > calendar.MaxYear) {
		err = errs.Ef(errs.Invalid, "日期 %s 超出系统支持的范围（%d年至%d年）。", d, calendar.MinYear, calendar.MaxYear)
	}
	if err != nil {
		q.fail(name, fmt.Sprintf("参数 %s（%s）有误：%s", name, label, errs.Message(err)))
		return calendar.Date{}
	}
	return d
}

// integer reads a required integer parameter in min..max.
func (q *query) integer(name, label string, min, max int) int {
	s := strings.TrimSpace(q.r.URL.Query().Get(name))
	if s == "" {
		q.fail(name, fmt.Sprintf("缺少参数 %s（%s，%d 到 %d 的整数）。", name, label, min, max))
		return 0
	}
	n, err := strconv.Atoi(s)
	switch {
	case err != nil:
		q.fail(name, fmt.Sprintf("参数 %s（%s）应为整数，收到的是“%s”。", name, label, s))
	case n < min || n > max:
		q.fail(name, fmt.Sprintf("参数 %s（%s）应在 %d 到 %d 之间，收到的是 %d。", name, label, min, max, n))
	}
	return n
}

// err returns an Invalid error naming every problem, or nil.
func (q *query) err() error {
	if len(q.bad) == 0 {
		return nil
	}
	msgs := make([]string, len(q.order))
	for i, name := range q.order {
		msgs[i] = q.bad[name]
	}
	return &errs.Error{Kind: errs.Invalid, Message: strings.Join(msgs, " "), Fields: q.bad}
}
