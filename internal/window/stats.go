package window

import (
	"context"
	"math"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// MaxStatsDays is the longest period Stats computes, in calendar days.
const MaxStatsDays = 366

// Row is the 办理统计 of one window or one clerk over a period.
//
//   - Received (收件): for a window, the cases assigned or transferred to it;
//     for a clerk, the cases the clerk received at the counter or first
//     assigned to a window.
//   - Accepted, Refused (不予受理 and 不受理), Corrections (一次性补正告知
//     by the window): the window's own actions, counted for the window the
//     case was at when the action happened and for the clerk who acted.
//   - AvgAcceptMinutes: the mean time from 接件 to 受理 over Accepted (-1
//     when none).
//   - Served and NoShow: appointments of the period marked arrived or no-show
//     (per window; per clerk, those the clerk marked).
type Row struct {
	WindowID         int64  `json:"window_id,omitempty"`
	ClerkID          int64  `json:"clerk_id,omitempty"`
	Label            string `json:"label"`
	RegionCode       string `json:"region_code,omitempty"`
	Received         int    `json:"received"`
	Accepted         int    `json:"accepted"`
	Refused          int    `json:"refused"`
	Corrections      int    `json:"corrections"`
	AvgAcceptMinutes int    `json:"avg_accept_minutes" doc:"接件到受理平均用时（分钟），无受理时为 -1"`
	Served           int    `json:"served"`
	NoShow           int    `json:"no_show"`
	acceptSum        time.Duration
	received         map[int64]bool
}

// Stats is the 办理统计 of a period [From, To] (Beijing dates).
// Unassigned counts the window actions on cases of the regions that were
// at no window at the time.
type Stats struct {
	From       calendar.Date `json:"from"`
	To         calendar.Date `json:"to"`
	RegionCode string        `json:"region_code,omitempty"`
	Windows    []Row         `json:"windows"`
	Clerks     []Row         `json:"clerks"`
	Unassigned Row           `json:"unassigned"`
}

// Stats computes the 办理统计 of the windows and clerks of regionCode (""
// = every region in scope) over [from, to]. Who: access.WindowWork (window
// clerks in their region, supervisors city-wide, the system administrator).
// Errors: Unauthenticated; Forbidden (no WindowWork, or regionCode outside
// the scope); Invalid (fields from, to) for a reversed or too long period.
func (s *Service) Stats(ctx context.Context, from, to calendar.Date, regionCode string) (Stats, error) {
	p, err := access.Authorize(ctx, access.WindowWork, regionCode)
	if err != nil {
		return Stats{}, err
	}
	if err := checkPeriod(from, to); err != nil {
		return Stats{}, err
	}
	regions := p.ScopeOf(access.WindowWork).Filter()
	if regionCode != "" {
		regions = []string{regionCode}
	}
	st := Stats{From: from, To: to, RegionCode: regionCode, Unassigned: Row{Label: "未分配窗口", AvgAcceptMinutes: -1}}
	t := tally{windows: map[int64]*Row{}, clerks: map[int64]*Row{}, unassigned: &st.Unassigned}
	if err := s.loadRows(ctx, &t, regions); err != nil {
		return Stats{}, err
	}
	if err := s.count(ctx, &t, from, to, regions); err != nil {
		return Stats{}, err
	}
	st.Windows, st.Clerks = t.rows()
	return st, nil
}

func checkPeriod(from, to calendar.Date) error {
	switch {
	case from.IsZero() || to.IsZero():
		return errs.FieldErrors(map[string]string{"from": "请填写统计的起止日期。"})
	case to.Before(from):
		return errs.FieldErrors(map[string]string{"to": "结束日期不能早于开始日期。"})
	case to.Sub(from) >= MaxStatsDays:
		return errs.FieldErrors(map[string]string{"to": "统计期间不能超过一年。"})
	}
	return nil
}

// loadRows creates an empty row per window and per clerk of the regions.
func (s *Service) loadRows(ctx context.Context, t *tally, regions []string) error {
	ws, err := selectWindows(ctx, s.db, regions, true)
	if err != nil {
		return err
	}
	if err := s.names(ctx, ws); err != nil {
		return err
	}
	for _, w := range ws {
		t.order = append(t.order, w.ID)
		t.windows[w.ID] = &Row{WindowID: w.ID, Label: w.RegionName + " " + w.Title(), RegionCode: w.RegionCode,
			AvgAcceptMinutes: -1}
	}
	clerks, err := selectClerks(ctx, s.db, regions)
	if err != nil {
		return err
	}
	for _, c := range clerks {
		t.clerkOrder = append(t.clerkOrder, c.UserID)
		t.clerks[c.UserID] = &Row{ClerkID: c.UserID, Label: c.Name, AvgAcceptMinutes: -1}
	}
	t.regions = regions
	return nil
}

// count reads the facts of the period and adds them up.
func (s *Service) count(ctx context.Context, t *tally, from, to calendar.Date, regions []string) error {
	start, end := from.Time(), to.AddDays(1).Time()
	steps, err := selectStepFacts(ctx, s.db, start, end, regions)
	if err != nil {
		return err
	}
	moves, err := selectMoveFacts(ctx, s.db, start, end)
	if err != nil {
		return err
	}
	appts, err := selectApptFacts(ctx, s.db, from, to)
	if err != nil {
		return err
	}
	byCase := map[int64][]moveFact{}
	for _, m := range moves {
		byCase[m.CaseID] = append(byCase[m.CaseID], m)
		if !m.At.Before(start) {
			t.move(m)
		}
	}
	for _, f := range steps {
		t.step(f, windowAt(byCase[f.CaseID], f.At))
	}
	for _, a := range appts {
		t.appt(a)
	}
	return nil
}

// windowAt is the window a case was at, at t: the target of its last move
// before t (moves are in time order; a move at the very instant of an
// action follows it, as a clerk accepts and then hands over); 0 when none.
func windowAt(moves []moveFact, t time.Time) int64 {
	var id int64
	for _, m := range moves {
		if !m.At.Before(t) {
			break
		}
		id = m.To
	}
	return id
}

// tally accumulates rows; rows outside the scope are not kept.
type tally struct {
	windows, clerks   map[int64]*Row
	order, clerkOrder []int64
	unassigned        *Row
	regions           []string
}

func (t *tally) move(m moveFact) {
	if r := t.windows[m.To]; r != nil {
		r.Received++
	}
	if r := t.clerks[m.By]; r != nil && m.From == 0 {
		r.receive(m.CaseID)
	}
}

func (t *tally) step(f stepFact, windowID int64) {
	targets := []*Row{t.clerks[f.ActorID]}
	if windowID != 0 {
		targets = append(targets, t.windows[windowID])
	} else if t.inScope(f.Region) {
		targets = append(targets, t.unassigned)
	}
	for _, r := range targets {
		if r == nil {
			continue
		}
		switch f.Action {
		case "receive":
			if r.ClerkID != 0 {
				r.receive(f.CaseID)
			}
		case "accept":
			r.Accepted++
			r.acceptSum += f.At.Sub(f.ReceivedAt)
		case "refuse", "not_receive":
			r.Refused++
		case "request_fix":
			r.Corrections++
		}
	}
}

func (t *tally) inScope(region string) bool {
	if t.regions == nil {
		return true
	}
	for _, r := range t.regions {
		if r == region {
			return true
		}
	}
	return false
}

func (t *tally) appt(a apptFact) {
	for _, r := range []*Row{t.windows[a.WindowID], t.clerks[a.MarkedBy]} {
		switch {
		case r == nil:
		case a.Status == StatusArrived:
			r.Served++
		default:
			r.NoShow++
		}
	}
}

func (r *Row) receive(caseID int64) {
	if r.received == nil {
		r.received = map[int64]bool{}
	}
	if !r.received[caseID] {
		r.received[caseID] = true
		r.Received++
	}
}

func (r *Row) finish() {
	if r.Accepted > 0 {
		r.AvgAcceptMinutes = int(math.Round(r.acceptSum.Minutes() / float64(r.Accepted)))
	}
}

// rows returns the window and clerk rows in order, finished.
func (t *tally) rows() ([]Row, []Row) {
	ws, cs := make([]Row, 0, len(t.order)), make([]Row, 0, len(t.clerkOrder))
	for _, id := range t.order {
		t.windows[id].finish()
		ws = append(ws, *t.windows[id])
	}
	for _, id := range t.clerkOrder {
		t.clerks[id].finish()
		cs = append(cs, *t.clerks[id])
	}
	t.unassigned.finish()
	return ws, cs
}
