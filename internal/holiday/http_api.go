package holiday

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// workdaysResponse is the body of GET /api/v1/calendar/workdays.
type workdaysResponse struct {
	Date         string `json:"date" doc:"第 days 个工作日，YYYY-MM-DD"`
	Provisional  bool   `json:"provisional" doc:"为 true 时，期间涉及尚未导入节假日安排的年度，该年度按周一至周五推算"`
	MissingYears []int  `json:"missing_years,omitempty" doc:"按周一至周五推算的年度"`
	Warning      string `json:"warning,omitempty" doc:"provisional 为 true 时给使用者看的提示"`
}

// betweenResponse is the body of GET /api/v1/calendar/between.
type betweenResponse struct {
	Workdays     int    `json:"workdays" doc:"from 之后（不含 from）至 to（含 to）的工作日数"`
	Provisional  bool   `json:"provisional" doc:"为 true 时，期间涉及尚未导入节假日安排的年度，该年度按周一至周五推算"`
	MissingYears []int  `json:"missing_years,omitempty" doc:"按周一至周五推算的年度"`
	Warning      string `json:"warning,omitempty" doc:"provisional 为 true 时给使用者看的提示"`
}

// dayItem is one exception in GET /api/v1/calendar/days.
type dayItem struct {
	Date     string `json:"date" doc:"YYYY-MM-DD"`
	Kind     string `json:"kind" doc:"holiday（放假）| workday（调休上班）"`
	Festival string `json:"festival"`
	Source   string `json:"source" doc:"国务院办公厅通知文号或标题"`
}

// daysResponse is the body of GET /api/v1/calendar/days.
type daysResponse struct {
	Year    int       `json:"year"`
	Covered bool      `json:"covered" doc:"该年度的节假日安排是否已导入"`
	Source  string    `json:"source,omitempty"`
	Items   []dayItem `json:"items"`
	Count   int       `json:"count"`
	Warning string    `json:"warning,omitempty"`
}

func (h *HTTP) apiRoutes(rt *web.Router) {
	provisional := "期间涉及尚未导入节假日安排的年度时，该年度按周一至周五推算，provisional 为 true，并给出 missing_years 和 warning。"
	rt.API("GET /api/v1/calendar/workdays", access.Public, web.APIDoc{Tag: "工作日", Summary: "计算 N 个工作日后的日期",
		Description: "第 1 个工作日是 from 之后的第一个工作日（受理当日不计入）；days 为 0 时返回 from。按国务院办公厅公布的放假和调休安排计算。" + provisional,
		Query:       map[string]string{"from": "起算日期（如受理日），YYYY-MM-DD", "days": "工作日天数，0 到 3650 的整数"},
		Response:    workdaysResponse{Date: "2026-10-29"}}, h.apiWorkdays)
	rt.API("GET /api/v1/calendar/between", access.Public, web.APIDoc{Tag: "工作日", Summary: "计算两个日期之间的工作日数",
		Description: "统计 from 之后（不含 from）到 to（含 to）之间的工作日；to 不晚于 from 时为 0。" + provisional,
		Query:       map[string]string{"from": "起始日期，YYYY-MM-DD（不计入）", "to": "截止日期，YYYY-MM-DD（计入）"},
		Response:    betweenResponse{Workdays: 20}}, h.apiBetween)
	rt.API("GET /api/v1/calendar/days", access.Public, web.APIDoc{Tag: "工作日", Summary: "某年的放假和调休安排",
		Description: "列出该年度与“周一至周五上班”不同的日期：放假日（含假期内的周末）和调休上班日。",
		Query:       map[string]string{"year": "年度，四位数字"},
		Response: daysResponse{Year: 2026, Covered: true, Source: "国务院办公厅关于2026年部分节假日安排的通知(2025-11-04)",
			Items: []dayItem{{Date: "2026-02-14", Kind: "workday", Festival: "春节",
				Source: "国务院办公厅关于2026年部分节假日安排的通知(2025-11-04)"}}, Count: 1}}, h.apiDays)
}

func (h *HTTP) apiWorkdays(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	from := q.date("from", "起算日期")
	days := q.integer("days", "工作日天数", 0, calendar.MaxWorkdays)
	if err := q.err(); err != nil {
		return err
	}
	res, err := h.cal.AddWorkdays(r.Context(), from, days)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, workdaysResponse{Date: res.Date.String(), Provisional: res.Provisional,
		MissingYears: res.MissingYears, Warning: Warning(res.MissingYears)})
	return nil
}

func (h *HTTP) apiBetween(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	from, to := q.date("from", "起始日期"), q.date("to", "截止日期")
	if !from.IsZero() && !to.IsZero() && to.Sub(from) > calendar.MaxSpanDays {
		q.fail("to", "参数 to（截止日期）与 from 相隔不能超过20年。")
	}
	if err := q.err(); err != nil {
		return err
	}
	res, err := h.cal.CountWorkdays(r.Context(), from, to)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, betweenResponse{Workdays: res.Workdays, Provisional: res.Provisional,
		MissingYears: res.MissingYears, Warning: Warning(res.MissingYears)})
	return nil
}

func (h *HTTP) apiDays(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	year := q.integer("year", "年度", calendar.MinYear, calendar.MaxYear)
	if err := q.err(); err != nil {
		return err
	}
	info, err := h.cal.Year(r.Context(), year)
	if err != nil {
		return err
	}
	days, err := h.cal.Days(r.Context(), year)
	if err != nil {
		return err
	}
	out := daysResponse{Year: year, Covered: info.Covered, Source: info.Source, Items: []dayItem{}, Count: len(days)}
	for _, d := range days {
		out.Items = append(out.Items, dayItem{Date: d.Date.String(), Kind: string(d.Kind), Festival: d.Festival, Source: d.Source})
	}
	if !info.Covered {
		out.Warning = Warning([]int{year})
	}
	web.WriteJSON(w, http.StatusOK, out)
	return nil
}

// Warning is the Chinese notice shown with a provisional result, naming
// the years counted Monday–Friday ("" when there are none). The operations
// console and case pages may reuse it.
func Warning(missing []int) string {
	if len(missing) == 0 {
		return ""
	}
	names := make([]string, len(missing))
	for i, y := range missing {
		names[i] = strconv.Itoa(y) + "年"
	}
	return strings.Join(names, "、") + "的法定节假日安排尚未导入系统，其中的日期暂按周一至周五推算，结果仅供参考；" +
		"国务院办公厅公布安排并导入后，请以重新计算的结果为准。"
}
