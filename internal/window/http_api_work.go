package window

import (
	"net/http"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

func (h *HTTP) apiCaseRoutes(rt *web.Router, tag string, work, accept access.Guard) {
	example := Assignment{Case: CaseRef{ID: 12, Number: "511702-20260309-00001", RegionCode: "511702", ItemName: "竣工联合验收",
		ProjectName: "达州市通川区滨江路标准厂房项目", Status: casework.Received, StatusLabel: "已接件",
		ReceivedAt: time.Date(2026, 3, 9, 2, 0, 0, 0, time.UTC)}, Current: exampleWindow,
		Moves: []Move{{ID: 1, CaseID: 12, ToWindowID: 5, ToTitle: "1号窗口 综合受理", ToRegionCode: "511702", ByID: 3,
			ByName: "王受理", At: time.Date(2026, 3, 9, 2, 5, 0, 0, time.UTC)}}}
	rt.API("GET /api/v1/cases/{id}/window", accept, web.APIDoc{Tag: tag, Summary: "办件所在窗口及转交记录",
		Response: example}, h.apiCaseWindow)
	rt.API("POST /api/v1/cases/{id}/window", accept, web.APIDoc{Tag: tag, Summary: "分配或转交办件到窗口（综窗协同）",
		Description: "办件未分配窗口时为首次分配（原因可空），否则为转交（须填原因），目标可为其他区县的窗口。" +
			"只有办件当前所在区县的窗口受理人员可以操作；办件已终止或已被他人转走返回 409。",
		Request: TransferInput{ToWindowID: 6, Reason: "2号窗口负责验收类事项"}, Response: example}, h.apiTransfer)
	rt.API("GET /api/v1/window-stats", work, web.APIDoc{Tag: tag, Summary: "办理统计（按窗口、按人员）",
		Description: "窗口受理人员看本区县，监管人员和系统管理员看全市。统计口径见各字段说明。",
		Query:       map[string]string{"from": "开始日期 YYYY-MM-DD（必填）", "to": "结束日期 YYYY-MM-DD（必填，含当日，期间不超过一年）", "region": "区县编码"},
		Response: Stats{Windows: []Row{{WindowID: 5, Label: "通川区 1号窗口 综合受理", RegionCode: "511702", Received: 12,
			Accepted: 10, Refused: 1, Corrections: 2, AvgAcceptMinutes: 35, Served: 8, NoShow: 1}}, Clerks: []Row{},
			Unassigned: Row{Label: "未分配窗口", AvgAcceptMinutes: -1}}}, h.apiStats)
}

func (h *HTTP) apiSlots(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	days, err := h.svc.Slots(r.Context(), id, atoi(r.URL.Query().Get("days")))
	return writeJSON(w, http.StatusOK, slotList{Days: nonNil(days)}, err)
}

func (h *HTTP) apiMine(w http.ResponseWriter, r *http.Request) error {
	out, err := h.svc.Mine(r.Context())
	return writeJSON(w, http.StatusOK, appointmentList{Items: nonNil(out)}, err)
}

func (h *HTTP) apiBook(w http.ResponseWriter, r *http.Request) error {
	var in BookInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	a, err := h.svc.Book(r.Context(), in)
	return writeJSON(w, http.StatusCreated, a, err)
}

func (h *HTTP) apiCancel(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	a, err := h.svc.Cancel(r.Context(), id)
	return writeJSON(w, http.StatusOK, a, err)
}

func (h *HTTP) apiMark(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	var in markBody
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	a, err := h.svc.Mark(r.Context(), id, in.Status)
	return writeJSON(w, http.StatusOK, a, err)
}

func (h *HTTP) apiDay(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	day, err := h.queryDay(r, "day")
	if err != nil {
		return err
	}
	_, out, err := h.svc.DayBookings(r.Context(), id, day)
	return writeJSON(w, http.StatusOK, appointmentList{Items: nonNil(out)}, err)
}

func (h *HTTP) apiCaseWindow(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	a, err := h.svc.CaseWindow(r.Context(), id)
	a.Moves = nonNil(a.Moves)
	return writeJSON(w, http.StatusOK, a, err)
}

func (h *HTTP) apiTransfer(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	var in TransferInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	a, err := h.svc.Transfer(r.Context(), id, in)
	return writeJSON(w, http.StatusOK, a, err)
}

func (h *HTTP) apiStats(w http.ResponseWriter, r *http.Request) error {
	from, err := h.queryDay(r, "from")
	if err != nil {
		return err
	}
	to, err := h.queryDay(r, "to")
	if err != nil {
		return err
	}
	st, err := h.svc.Stats(r.Context(), from, to, r.URL.Query().Get("region"))
	return writeJSON(w, http.StatusOK, st, err)
}
