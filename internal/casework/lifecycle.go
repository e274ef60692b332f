package casework

import (
	"context"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/project"
)

var _ project.CaseSource = (*Service)(nil)

// ProjectCases lists the cases of a project the caller may see, for the
// project's life-cycle page (implements project.CaseSource).
func (s *Service) ProjectCases(ctx context.Context, projectID int64) ([]project.CaseSummary, error) {
	cases, _, err := s.List(ctx, Filter{ProjectID: projectID, Limit: 200})
	if err != nil {
		return nil, err
	}
	// the clocks of all the project's cases at once: case by case it was
	// two queries per accepted case (544 ms p95 for a 245-case project)
	if err := s.fillClocks(ctx, cases); err != nil {
		return nil, err
	}
	out := make([]project.CaseSummary, 0, len(cases))
	for _, c := range cases {
		dl := "未受理"
		if !c.Deadline.IsZero() {
			dl = c.Deadline.Label()
			if c.DeadlineProvisional {
				dl += "（暂定）"
			}
		}
		if c.Status.Terminal() {
			dl = "已办结"
		}
		used := 0
		if c.Accepted() && c.Clock != nil {
			used = c.Clock.UsedDays
		}
		out = append(out, project.CaseSummary{ID: c.ID, Number: c.Number, ItemName: c.ItemName,
			StatusLabel: c.Status.Label(), DeadlineLabel: dl, Stage: c.StageNo,
			URL: "/cases/" + strconv.FormatInt(c.ID, 10), AcceptedAt: c.AcceptedAt, ConcludedAt: c.ConcludedAt,
			UsedDays: used, LimitDays: c.LimitDays})
	}
	return out, nil
}
