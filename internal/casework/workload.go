package casework

import (
	"context"

	"github.com/dazhou-gongai/gongai/internal/access"
)

// Tally is one count of work for a person's home page.
type Tally struct {
	Label string
	URL   string
	N     int
	Tone  string // ok | warn | bad: how urgent a non-zero count is
}

// Workload counts the caller's work in the cases they may see: the
// window's queue, the department's open tasks, cases in warning and
// overdue, and an applicant's cases in progress and awaiting correction.
func (s *Service) Workload(ctx context.Context) ([]Tally, error) {
	p, err := access.Require(ctx)
	if err != nil || !p.Can(access.CaseView) {
		return nil, err
	}
	steps := []struct {
		when       bool
		label, url string
		tone       string
		f          Filter
	}{
		{p.Can(access.CaseAccept), "待受理", "/cases?queue=window", "warn", Filter{Queue: "window"}},
		{p.Can(access.CaseReview), "本部门待办", "/cases?queue=department", "warn", Filter{Queue: "department"}},
		{p.Enterprise, "办理中的办件", "/cases", "ok", Filter{Open: true}},
		{p.Enterprise, "待补正", "/cases?status=6", "bad", Filter{Status: CorrectionStarted}},
		{!p.Enterprise, "预警办件", "/cases?level=yellow", "warn", Filter{Level: LevelYellow}},
		{!p.Enterprise, "逾期办件", "/cases?level=red", "bad", Filter{Level: LevelRed}},
	}
	var out []Tally
	var fs []Filter
	for _, st := range steps {
		if st.when {
			out = append(out, Tally{Label: st.label, URL: st.url, Tone: st.tone})
			fs = append(fs, st.f)
		}
	}
	// One query for all the tallies: each is a round trip on PostgreSQL,
	// and the home page is the most visited signed-in page.
	ns, err := s.counts(ctx, p, fs)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].N = ns[i]
	}
	return out, nil
}
