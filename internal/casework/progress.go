package casework

import (
	"context"
	"net/http"

	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// Progress returns the accepted cases still with the departments that the
// caller may see (部门协同), each with its department tasks and clock, most
// urgent first as the list orders them, and the total.
func (s *Service) Progress(ctx context.Context, limit, offset int) ([]Case, int, error) {
	cases, total, err := s.List(ctx, Filter{Queue: "progress", Limit: limit, Offset: offset})
	if err != nil {
		return nil, 0, err
	}
	for i := range cases {
		c := &cases[i]
		if c.Tasks, err = loadTasks(ctx, s.db, c.ID); err != nil {
			return nil, 0, err
		}
		if c.Pauses, err = loadPauses(ctx, s.db, c.ID); err != nil {
			return nil, 0, err
		}
		if err := s.names(ctx, c); err != nil {
			return nil, 0, err
		}
		st, err := State(ctx, s.cal, s.policy, c, s.now())
		if err != nil {
			return nil, 0, err
		}
		c.Clock = &st
	}
	return cases, total, nil
}

// ProgressPage is 部门协同: where each accepted case stands with each department.
type ProgressPage struct {
	web.Page
	Cases []Case
	Total int
}

func (h *HTTP) progressPage(w http.ResponseWriter, r *http.Request) error {
	m := &ProgressPage{}
	var err error
	if m.Cases, m.Total, err = h.svc.Progress(r.Context(), 100, 0); err != nil {
		return err
	}
	m.Title = "部门协同"
	m.Crumbs = []web.Crumb{{Label: "首页", URL: "/"}, {Label: "办件", URL: "/cases"}, {Label: "部门协同"}}
	return h.rd.HTML(w, r, http.StatusOK, "casework/progress", m)
}
