package window

import (
	"net/http"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// Bodies of the API.
type (
	windowList struct {
		Items []Window `json:"items"`
	}
	appointmentList struct {
		Items []Appointment `json:"items"`
	}
	slotList struct {
		Days []Day `json:"days"`
	}
	staffBody struct {
		UserID int64 `json:"user_id"`
	}
	hoursBody struct {
		Hours []Session `json:"hours"`
	}
	markBody struct {
		Status string `json:"status" doc:"arrived（已到场）| no_show（未到场）"`
	}
)

var (
	exampleWindow = Window{ID: 5, RegionCode: "511702", RegionName: "通川区", OrgUnitID: 40, OrgName: "通川区政务服务中心综合窗口",
		Number: 1, Name: "综合受理", Location: "通川区政务服务中心一楼 1号台", Active: true, SlotMinutes: 30, SlotCapacity: 2,
		Hours: []Session{{Weekday: 1, Session: Morning, Opens: 540, Closes: 720}}}
	exampleDay  = calendar.NewDate(2026, 3, 10)
	exampleAppt = Appointment{ID: 3, WindowID: 5, WindowTitle: "1号窗口 综合受理", RegionCode: "511702", Day: exampleDay,
		Starts: 570, Ends: 600, BookerID: 1, BookerName: "qiye", MatterKind: MatterItem, MatterRef: "low_risk_joint_acceptance",
		MatterName: "竣工联合验收", Phone: "0818-2100000", Status: StatusBooked, StatusLabel: "已预约", CanCancel: true}
)

func (h *HTTP) apiRoutes(rt *web.Router) {
	const tag = "综合受理·窗口"
	admin, book := access.Need(access.WindowAdmin), access.Need(access.Book)
	work, accept := access.Need(access.WindowWork), access.Need(access.CaseAccept)
	rt.API("GET /api/v1/windows", access.SignedIn, web.APIDoc{Tag: tag, Summary: "窗口列表",
		Description: "可预约、受理、统计或管理窗口的人员看到各区县在用窗口；管理员加 inactive=1 可见本辖区停用窗口。其他角色 403。",
		Query:       map[string]string{"region": "区县编码", "inactive": "1 = 含停用窗口（仅管理员）"},
		Response:    windowList{Items: []Window{exampleWindow}}}, h.apiList)
	rt.API("GET /api/v1/windows/{id}", access.SignedIn, web.APIDoc{Tag: tag, Summary: "窗口详情（人员、开放时间）",
		Response: exampleWindow}, h.apiGet)
	rt.API("POST /api/v1/windows", admin, web.APIDoc{Tag: tag, Summary: "新建窗口",
		Description: "窗口归属该区县的综合窗口机构；默认开放时间为周一至周五 09:00–12:00、13:00–17:30。",
		Request:     Input{RegionCode: "511702", Number: 5, Name: "综合受理", Active: true, SlotMinutes: 30, SlotCapacity: 2},
		Response:    exampleWindow, Status: http.StatusCreated}, h.apiCreate)
	rt.API("POST /api/v1/windows/{id}", admin, web.APIDoc{Tag: tag, Summary: "修改窗口（区县不可改）",
		Request: Input{Number: 1, Name: "综合受理", Active: true, SlotMinutes: 30, SlotCapacity: 3}, Response: exampleWindow}, h.apiUpdate)
	rt.API("PUT /api/v1/windows/{id}/hours", admin, web.APIDoc{Tag: tag, Summary: "设置开放时间（整周替换）",
		Description: "是否开放以工作日历为准：法定节假日关闭，调休上班日开放（周末调休日无单独设置时按星期一的时间）。",
		Request:     hoursBody{Hours: StandardHours()[:2]}, Response: exampleWindow}, h.apiHours)
	rt.API("POST /api/v1/windows/{id}/staff", admin, web.APIDoc{Tag: tag, Summary: "安排受理人员到窗口",
		Request: staffBody{UserID: 3}, Response: exampleWindow}, h.apiAddStaff)
	rt.API("DELETE /api/v1/windows/{id}/staff/{user}", admin, web.APIDoc{Tag: tag, Summary: "将受理人员调离窗口",
		Response: exampleWindow}, h.apiRemoveStaff)
	rt.API("GET /api/v1/windows/{id}/slots", book, web.APIDoc{Tag: tag, Summary: "可预约时段",
		Query:    map[string]string{"days": "今后几个工作日（默认 5，最多 10）"},
		Response: slotList{Days: []Day{{Date: exampleDay, Slots: []Slot{{WindowID: 5, Day: exampleDay, Starts: 570, Ends: 600, Capacity: 2, Free: 1}}}}}}, h.apiSlots)
	rt.API("GET /api/v1/appointments", book, web.APIDoc{Tag: tag, Summary: "我的预约",
		Response: appointmentList{Items: []Appointment{exampleAppt}}}, h.apiMine)
	rt.API("POST /api/v1/appointments", book, web.APIDoc{Tag: tag, Summary: "预约窗口时段",
		Description: "时段已约满或本人已预约该时段返回 409。",
		Request: BookInput{WindowID: 5, Day: exampleDay, Starts: 570, MatterKind: MatterItem,
			MatterRef: "low_risk_joint_acceptance", Phone: "0818-2100000"}, Response: exampleAppt, Status: http.StatusCreated}, h.apiBook)
	rt.API("POST /api/v1/appointments/{id}/cancel", book, web.APIDoc{Tag: tag, Summary: "取消本人预约（时段开始前）",
		Response: exampleAppt}, h.apiCancel)
	rt.API("POST /api/v1/appointments/{id}/mark", accept, web.APIDoc{Tag: tag, Summary: "登记到场或未到场",
		Request: markBody{Status: StatusArrived}, Response: exampleAppt}, h.apiMark)
	rt.API("GET /api/v1/windows/{id}/bookings", work, web.APIDoc{Tag: tag, Summary: "窗口某日的预约",
		Query: map[string]string{"day": "YYYY-MM-DD，默认今天"}, Response: appointmentList{Items: []Appointment{exampleAppt}}}, h.apiDay)
	h.apiCaseRoutes(rt, tag, work, accept)
}

func (h *HTTP) apiList(w http.ResponseWriter, r *http.Request) error {
	ws, err := h.svc.Windows(r.Context(), r.URL.Query().Get("region"), r.URL.Query().Get("inactive") == "1")
	return writeJSON(w, http.StatusOK, windowList{Items: nonNil(ws)}, err)
}

func (h *HTTP) apiGet(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	win, err := h.svc.Window(r.Context(), id)
	return writeJSON(w, http.StatusOK, win, err)
}

func (h *HTTP) apiCreate(w http.ResponseWriter, r *http.Request) error {
	var in Input
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	win, err := h.svc.Create(r.Context(), in)
	return writeJSON(w, http.StatusCreated, win, err)
}

func (h *HTTP) apiUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	var in Input
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	win, err := h.svc.Update(r.Context(), id, in)
	return writeJSON(w, http.StatusOK, win, err)
}

func (h *HTTP) apiHours(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	var in hoursBody
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	win, err := h.svc.SetHours(r.Context(), id, in.Hours)
	return writeJSON(w, http.StatusOK, win, err)
}

func (h *HTTP) apiAddStaff(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	var in staffBody
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	win, err := h.svc.AddStaff(r.Context(), id, in.UserID)
	return writeJSON(w, http.StatusOK, win, err)
}

func (h *HTTP) apiRemoveStaff(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	user, err := web.PathID(r, "user")
	if err != nil {
		return err
	}
	win, err := h.svc.RemoveStaff(r.Context(), id, user)
	return writeJSON(w, http.StatusOK, win, err)
}

// writeJSON answers with v, or passes err to the responder.
func writeJSON(w http.ResponseWriter, status int, v any, err error) error {
	if err != nil {
		return err
	}
	web.WriteJSON(w, status, v)
	return nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// queryDay parses the "day" query parameter, today when empty.
func (h *HTTP) queryDay(r *http.Request, name string) (calendar.Date, error) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return h.svc.today(), nil
	}
	d, err := calendar.ParseDate(s)
	if err != nil {
		return d, errs.FieldErrors(map[string]string{name: errs.Message(err)})
	}
	return d, nil
}
