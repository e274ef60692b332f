package evaluation

import (
	"context"
	"net/http"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

func (h *HTTP) apiRating(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	st, err := h.svc.RatingState(r.Context(), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, ratingBody{Ratable: st.Ratable, Rating: st.Rating, Rectification: st.Rectification})
	return nil
}

func (h *HTTP) apiRate(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	var in RatingInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	rating, err := h.svc.Rate(r.Context(), id, in)
	return writeJSON(w, http.StatusCreated, rating, err)
}

func (h *HTTP) apiList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	items, total, err := h.svc.List(r.Context(), Filter{State: q.Get("state"), RegionCode: q.Get("region"),
		Limit: atoi(q.Get("limit")), Offset: atoi(q.Get("offset"))})
	if items == nil {
		items = []Rectification{}
	}
	return writeJSON(w, http.StatusOK, rectList{Items: items, Count: total}, err)
}

func (h *HTTP) apiGet(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	x, err := h.svc.Get(r.Context(), id)
	return writeJSON(w, http.StatusOK, x, err)
}

func (h *HTTP) apiAnswer(w http.ResponseWriter, r *http.Request) error {
	return h.apiText(w, r, h.svc.Answer)
}

func (h *HTTP) apiClose(w http.ResponseWriter, r *http.Request) error {
	return h.apiText(w, r, h.svc.Close)
}

// apiText decodes a textRequest and applies do to rectification {id}.
func (h *HTTP) apiText(w http.ResponseWriter, r *http.Request,
	do func(ctx context.Context, id int64, text string) (Rectification, error)) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	var in textRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	x, err := do(r.Context(), id, in.Text)
	return writeJSON(w, http.StatusOK, x, err)
}

func (h *HTTP) apiFollowUp(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	var in followupRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	x, err := h.svc.FollowUp(r.Context(), id, in.Satisfied, in.Note)
	return writeJSON(w, http.StatusOK, x, err)
}

func (h *HTTP) apiFigures(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	from, errFrom := calendar.ParseDate(q.Get("from"))
	to, errTo := calendar.ParseDate(q.Get("to"))
	if errFrom != nil || errTo != nil {
		return fieldError("from", "请以 YYYY-MM-DD 给出开始日期 from 和结束日期 to。")
	}
	f, err := h.svc.Figures(r.Context(), q.Get("region"), from, to)
	return writeJSON(w, http.StatusOK, f, err)
}

func (h *HTTP) apiResults(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	items, total, err := h.svc.Results(r.Context(), ResultFilter{RegionCode: q.Get("region"), ItemCode: q.Get("item"),
		Month: q.Get("month"), Query: q.Get("q"), Limit: atoi(q.Get("limit")), Offset: atoi(q.Get("offset"))})
	if items == nil {
		items = []Result{}
	}
	list := resultList{Items: items, Count: min(total, ResultCountCap), CountCapped: total > ResultCountCap}
	return writeJSON(w, http.StatusOK, list, err)
}

func (h *HTTP) apiResult(w http.ResponseWriter, r *http.Request) error {
	res, err := h.svc.Result(r.Context(), r.PathValue("number"))
	return writeJSON(w, http.StatusOK, res, err)
}

// writeJSON answers with v, or passes err to the responder.
func writeJSON(w http.ResponseWriter, status int, v any, err error) error {
	if err != nil {
		return err
	}
	web.WriteJSON(w, status, v)
	return nil
}
