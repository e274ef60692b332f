package anomaly

import (
	"context"
	"fmt"
	"time"

	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

// Evaluation limits.
const (
	// MaxCatchUp is how many missed working days of a rule and region one
	// evaluation judges, oldest first, after the job was stopped.
	MaxCatchUp = 10
	// Settle is how long after midnight a day's values are taken as final:
	// day D is judged from D+1 02:00 (Asia/Shanghai), leaving the night's
	// relays and recomputes time to deliver, so a late upload is not
	// mistaken for "reported nothing".
	Settle = 2 * time.Hour
)

// Evaluate judges every enabled rule in every region it applies to, for
// each settled working day not judged yet (at most MaxCatchUp; a rule and
// region never judged start with the latest day only), and moves each
// through the state machine (Step). Transitions are stored with their
// history and audit event "anomaly.alert.transition" (system actor) and
// notify in the same transaction; OnFiring runs after each commit into
// firing. Each rule and region and day is one transaction that first
// claims the day, so concurrent or repeated runs judge a day once. It
// returns the number of transitions. A failing rule does not stop the
// others: the first error is returned after all were tried.
//
// A rule whose indicator has no value in any region over the days it reads
// is not judged and claims no day: on a fresh installation the indicator
// values are computed by another job that may not have finished, and
// judging then would mark the days done without having seen them.
func (s *Service) Evaluate(ctx context.Context, now time.Time) (int, error) {
	n, _, err := s.evaluate(ctx, now)
	return n, err
}

// evaluate is Evaluate, also reporting whether every enabled rule found no
// value at all (the indicators not computed yet).
func (s *Service) evaluate(ctx context.Context, now time.Time) (int, bool, error) {
	rules, err := selectRules(ctx, s.db, true)
	if err != nil {
		return 0, false, err
	}
	regions, err := s.regions.Regions(ctx)
	if err != nil {
		return 0, false, err
	}
	wd := newWorkdays(s.cal)
	upTo := calendar.DateOf(now.Add(-Settle)).AddDays(-1)
	total, empty := 0, 0
	var first error
	for i := range rules {
		n, none, err := s.evaluateRule(ctx, wd, &rules[i], rules, regions, upTo)
		total += n
		if none {
			empty++
		}
		if err != nil {
			s.log.ErrorContext(ctx, "anomaly rule evaluation failed", "rule", rules[i].ID, "err", err)
			if first == nil {
				first = fmt.Errorf("evaluate rule %d: %w", rules[i].ID, err)
			}
		}
	}
	return total, len(rules) > 0 && empty == len(rules), first
}

// plan is the working days each region is to be judged on.
type plan struct {
	days    map[string][]calendar.Date
	checked map[string]calendar.Date
	first   calendar.Date
}

// planRule finds the days to judge of r in each region it applies to.
func (s *Service) planRule(ctx context.Context, wd *workdays, r *Rule, all []Rule, regions []org.Region,
	upTo calendar.Date) (plan, error) {
	checked, err := checkedDays(ctx, s.db, r.ID)
	if err != nil {
		return plan{}, err
	}
	p := plan{days: map[string][]calendar.Date{}, checked: checked}
	for _, reg := range regions {
		if !r.appliesTo(reg.Code, all) {
			continue
		}
		// A rule and region never judged start with the last ForN working
		// days: a breach that already held that long fires at once, and no
		// older episode is replayed.
		after, n := checked[reg.Code], MaxCatchUp
		if after.IsZero() {
			after, n = upTo.AddDays(-3*r.ForN-30), r.ForN
		}
		days, err := wd.between(ctx, after, upTo, n)
		if err != nil {
			return plan{}, err
		}
		p.days[reg.Code] = days
		if len(days) > 0 && (p.first.IsZero() || days[0].Before(p.first)) {
			p.first = days[0]
		}
	}
	return p, nil
}

// evaluateRule judges r on its planned days, region by region; none
// reports that its indicator had no value anywhere (nothing judged).
func (s *Service) evaluateRule(ctx context.Context, wd *workdays, r *Rule, all []Rule, regions []org.Region,
	upTo calendar.Date) (int, bool, error) {
	p, err := s.planRule(ctx, wd, r, all, regions, upTo)
	if err != nil || p.first.IsZero() {
		return 0, false, err
	}
	hist, err := wd.before(ctx, p.first, r.WindowDays+CUSUMRecent+2*r.span())
	if err != nil {
		return 0, false, err
	}
	rest, err := wd.between(ctx, p.first.AddDays(-1), upTo, 1<<20)
	if err != nil {
		return 0, false, err
	}
	days := append(hist, rest...)
	series, err := s.fetch(ctx, r.IndicatorCode, regions, days[0], upTo)
	if err != nil || series.empty() {
		return 0, err == nil, err
	}
	total := 0
	var first error
	for _, reg := range regions {
		prev := p.checked[reg.Code]
		for _, day := range p.days[reg.Code] {
			ev := evidenceOf(r, reg, regions, series, days, day)
			n, err := s.apply(ctx, r, reg, prev, day, Judge(r, ev))
			if err != nil {
				first = cmpErr(first, fmt.Errorf("%s %s: %w", reg.Name, day, err))
				break
			}
			total, prev = total+n, day
		}
	}
	return total, false, first
}

func cmpErr(first, err error) error {
	if first != nil {
		return first
	}
	return err
}

// series holds each region's points by day.
type series map[string]map[calendar.Date]Point

// fetch reads the indicator's daily points of every region in [from, upTo].
func (s *Service) fetch(ctx context.Context, code string, regions []org.Region, from, upTo calendar.Date) (series, error) {
	out := series{}
	for _, reg := range regions {
		pts, err := s.src.Series(ctx, code, reg.Code, Period, from.Time(), upTo.AddDays(1).Time())
		if err != nil {
			return nil, fmt.Errorf("series %s %s: %w", code, reg.Code, err)
		}
		byDay := map[calendar.Date]Point{}
		for _, p := range pts {
			byDay[p.Day()] = p
		}
		out[reg.Code] = byDay
	}
	return out, nil
}

// evidenceOf gathers what a judgement of r in reg on day sees. days are the
// working days in order, day among them. Each point is the region's sum
// over the rule's span ending on that day (the day's own point for a span
// of 1). History is the points of the WindowDays + CUSUMRecent spans that
// end before the judged span begins, those with data only.
func evidenceOf(r *Rule, reg org.Region, regions []org.Region, s series, days []calendar.Date, day calendar.Date) Evidence {
	ev := Evidence{RegionName: reg.Name, Day: day, Span: r.span()}
	k := 0
	for k < len(days) && days[k].Before(day) {
		k++
	}
	span := r.span()
	for j := max(k-span-r.WindowDays-CUSUMRecent+1, span-1); j <= k-span; j++ {
		if p, ok := s.window(reg.Code, days, j, span); ok {
			ev.History = append(ev.History, p)
		}
	}
	if p, ok := s.window(reg.Code, days, k, span); ok {
		ev.Today = &p
	}
	for _, other := range regions {
		if p, ok := s.window(other.Code, days, k, span); ok && other.Code != reg.Code {
			ev.Peers = append(ev.Peers, p)
		}
	}
	return ev
}
