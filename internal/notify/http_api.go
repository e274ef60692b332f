package notify

import (
	"net/http"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// inboxJSON is the body of GET /api/v1/notifications.
type inboxJSON struct {
	Items  []Item `json:"items"`
	Count  int    `json:"count" doc:"符合条件的通知总数（不受 limit/offset 影响）"`
	Unread int    `json:"unread" doc:"未读通知总数"`
}

// readAllJSON is the body of POST /api/v1/notifications/read-all.
type readAllJSON struct {
	Marked int `json:"marked" doc:"本次标为已读的条数"`
}

var exampleItem = Item{Notification: Notification{ID: 41, Kind: "case.warning",
	Title: "办件预警：建设工程规划许可证核发（TC2026030900012）已用 8/10 个工作日",
	Body:  "项目：达州市通川区滨江路安置房项目；办理时限截止 2026年3月20日。", Link: "/cases/12", CaseID: 12,
	ToOrgID: 15, CreatedAt: time.Date(2026, 3, 18, 1, 5, 0, 0, time.UTC)}}

func (h *HTTP) apiRoutes(rt *web.Router) {
	rt.API("GET /api/v1/notifications", access.SignedIn, web.APIDoc{Tag: "通知", Summary: "我的通知",
		Description: "调用者本人收到的站内通知（发给本人、本人所在机构、或本人角色所在区县），最新的在前。接口密钥没有收件箱，返回 403。",
		Query: map[string]string{"unread": "true 时只返回未读通知", "limit": "每页条数，默认 20，最多 100",
			"offset": "跳过的条数"},
		Response: inboxJSON{Items: []Item{exampleItem}, Count: 1, Unread: 1}}, h.apiInbox)
	rt.API("POST /api/v1/notifications/{id}/read", access.SignedIn, web.APIDoc{Tag: "通知", Summary: "标为已读",
		Description: "重复标记不报错。不是发给调用者的通知返回 404。",
		Response:    Item{Notification: exampleItem.Notification, Read: true, ReadAt: exampleItem.CreatedAt.Add(time.Hour)}},
		h.apiMarkRead)
	rt.API("POST /api/v1/notifications/read-all", access.SignedIn, web.APIDoc{Tag: "通知", Summary: "全部标为已读",
		Response: readAllJSON{Marked: 3}}, h.apiMarkAllRead)
}

func (h *HTTP) apiInbox(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	items, total, err := h.svc.Inbox(r.Context(), Filter{UnreadOnly: q.Get("unread") == "true" || q.Get("unread") == "1",
		Limit: atoi(q.Get("limit")), Offset: atoi(q.Get("offset"))})
	if err != nil {
		return err
	}
	unread, err := h.svc.Unread(r.Context())
	if err != nil {
		return err
	}
	if items == nil {
		items = []Item{}
	}
	web.WriteJSON(w, http.StatusOK, inboxJSON{Items: items, Count: total, Unread: unread})
	return nil
}

func (h *HTTP) apiMarkRead(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.svc.MarkRead(r.Context(), id); err != nil {
		return err
	}
	it, err := h.svc.Get(r.Context(), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, it)
	return nil
}

func (h *HTTP) apiMarkAllRead(w http.ResponseWriter, r *http.Request) error {
	n, err := h.svc.MarkAllRead(r.Context())
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, readAllJSON{Marked: n})
	return nil
}
