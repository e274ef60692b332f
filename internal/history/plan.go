package history

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/dazhou-gongai/gongai/internal/casework"
)

// Actor names of generated steps: every one says that it is demo data.
const (
	actorWindow    = "窗口工作人员（演示数据）"
	actorReviewer  = "审批人员（演示数据）"
	actorApplicant = "申请人（演示数据）"
	actorSystem    = "system"
)

// event is one planned action on a case. Events are planned in the order
// they happen; warnings (which the deadline scan raises) are merged in by
// time. The replay derives every status from casework.Next.
type event struct {
	at      int64
	action  casework.Action
	org     int64
	task    int // index of the deciding task for task_* events
	days    int // expected days of a special procedure
	kind    string
	opinion string
	act     bool // a user action: the case's version goes up
}

// planner plans the life of one case of item it, received at recv.
type planner struct {
	g       *gen
	rng     *rand.Rand
	r       *regionInfo
	it      *itemInfo
	cur     int64 // the time of the last planned event
	events  []event
	overdue bool // the review exceeds the limit
	deficit bool // accepted with a 容缺 material outstanding
}

// next returns a time on day after the last event: minutes later on the
// same day, otherwise during office hours.
func (p *planner) next(day int) int64 {
	w := p.g.cal
	if day <= w.dayOf(p.cur) {
		return p.cur + int64(3+p.rng.IntN(40))*minute
	}
	return w.midnight[day] + officeOpen + int64(p.rng.IntN(8*60))*minute
}

// nextWindow is next on a working day before the window's last acceptance.
func (p *planner) nextWindow(day int) int64 {
	w := p.g.cal
	day = w.nextWork(max(day, w.dayOf(p.cur)))
	t := p.next(day)
	if t-w.midnight[day] >= lastAccept {
		day = w.add(day, 1)
		t = p.next(day)
	}
	return t
}

func (p *planner) add(e event) {
	e.at = max(e.at, p.cur)
	p.cur = e.at
	p.events = append(p.events, e)
}

// plan plans the case: the window's part, then the departments'.
func (p *planner) plan(recv int64) {
	p.cur = recv
	w := p.g.cal
	prof := p.r.profile
	u := p.rng.Float64()
	windowDay := w.add(w.dayOf(recv), p.rng.IntN(2))
	switch {
	case u < pWithdrawEarly:
		p.add(event{at: p.next(w.add(w.dayOf(recv), 1+p.rng.IntN(3))), action: casework.ActWithdraw,
			opinion: "项目计划调整，暂不申请。", act: true})
		return
	case u < pWithdrawEarly+pNotReceive:
		p.add(event{at: p.nextWindow(windowDay), action: casework.ActNotReceive,
			opinion: "该事项不属于本窗口受理范围。", act: true})
		return
	case u < pWithdrawEarly+pNotReceive+pRefuse:
		p.add(event{at: p.nextWindow(windowDay), action: casework.ActRefuse,
			opinion: "申请事项依法不需要取得行政许可。", act: true})
		return
	}
	if p.rng.Float64() < prof.fix*pFixBeforeShare {
		p.fix(p.nextWindow(windowDay), 0)
		if p.rng.Float64() < pFixRepeat {
			p.fix(p.nextWindow(w.dayOf(p.cur)), 0)
		}
		windowDay = w.dayOf(p.cur)
	}
	acc := event{at: p.nextWindow(windowDay), action: casework.ActAccept, opinion: "材料齐全，予以受理。", act: true}
	if p.it.deficiency != "" && p.rng.Float64() < pDeficiency {
		acc.kind, acc.opinion, p.deficit = p.it.deficiency, "容缺受理，缺少的材料须在5个工作日内补齐。", true
	}
	p.add(acc)
	p.add(event{at: p.cur, action: casework.ActDispatch})
	p.review()
}

// fix plans a 一次性补正告知 by org (0: the window) and the applicant's
// corrected materials some working days later.
func (p *planner) fix(at int64, org int64) int {
	days := 1 + p.rng.IntN(8)
	if org != 0 {
		days = 2 + p.rng.IntN(14)
	}
	p.add(event{at: at, action: casework.ActRequestFix, org: org, opinion: "请一次性补正以下材料。", act: true})
	end := p.g.cal.add(p.g.cal.dayOf(at), days)
	p.add(event{at: p.next(end), action: casework.ActSupplyFix, opinion: "已按要求补正材料。", act: true})
	if org != 0 {
		p.add(event{at: p.cur, action: casework.ActResume})
	}
	return days
}

// used draws the working days the review uses (the clock's "used days"):
// within the limit for most cases, beyond it for the region's overdue
// share. A planted overdue spike makes a Share of the region's other cases
// late too, those whose late conclusion falls inside the anomaly's window:
// 逾期率 counts concluded cases, so a case made late that would still be
// running at AsOf would not show in it (the first version of the spike
// lost most of its cases that way).
func (p *planner) used(start int) int {
	limit := p.it.limit
	x := (p.rng.Float64() + p.rng.Float64()) / 2
	u := int(math.Round(x * float64(limit)))
	overdue := p.rng.Float64() < p.r.profile.overdue
	late := limit + 1 + p.rng.IntN(max(limit/3, 2))
	if a := p.g.planted(p.r.code, AnomalyOverdue); a != nil && !overdue {
		end := p.g.cal.add(start, late)
		overdue = end >= a.fromDay && end < p.g.asOfDay && p.rng.Float64() < a.Share
	}
	if overdue {
		u = late
	}
	p.overdue = overdue
	return u
}

// review plans the departments' work after acceptance in "used day"
// offsets from the start day: an optional 补正 and 特别程序 (their working
// days stop the clock and push every later day back), the tasks'
// decisions, and the lead department's conclusion.
func (p *planner) review() {
	w, it := p.g.cal, p.it
	start := w.dayOf(p.cur)
	u := p.used(start)
	paused, from := 0, 0
	dayAt := func(o int) int { return w.add(start, o+paused) }
	var pauses [][2]int // used offset, working days
	fixAfter := p.r.profile.fix * (1 - pFixBeforeShare)
	if p.rng.Float64() < fixAfter {
		from = p.rng.IntN(u + 1)
		org := it.orgs[p.rng.IntN(len(it.orgs))]
		d := p.fix(p.next(dayAt(from)), org)
		pauses, paused = append(pauses, [2]int{from, d}), paused+d
	}
	if p.rng.Float64() < pSpecial {
		from += p.rng.IntN(u - from + 1)
		d := p.special(p.next(dayAt(from)))
		pauses, paused = append(pauses, [2]int{from, d}), paused+d
	}
	if p.rng.Float64() < pWithdraw {
		p.add(event{at: p.next(dayAt(from + p.rng.IntN(u-from+1))), action: casework.ActWithdraw,
			opinion: "建设方案调整，申请撤回。", act: true})
		p.warnings(start, pauses)
		return
	}
	p.decide(from, u, dayAt)
	p.warnings(start, pauses)
}

// special plans a 特别程序 and returns its working days.
func (p *planner) special(at int64) int {
	kinds := []string{"expert", "hearing", "testing", "appraisal", "tender"}
	days := 5 + p.rng.IntN(26)
	org := p.it.orgs[0]
	p.add(event{at: at, action: casework.ActStartSpecial, org: org, kind: kinds[p.rng.IntN(len(kinds))],
		days: days, opinion: "需组织专家评审，特别程序期间不计入审批时限。", act: true})
	end := p.g.cal.add(p.g.cal.dayOf(at), days)
	p.add(event{at: p.next(end), action: casework.ActEndSpecial, org: org, opinion: "特别程序已结束。", act: true})
	p.add(event{at: p.cur, action: casework.ActResume})
	return days
}

// decide plans each task's decision between offsets from and u, then the
// conclusion on offset u: denied (the lead department says no) for a few.
func (p *planner) decide(from, u int, dayAt func(int) int) {
	deny := p.rng.Float64() < pDeny
	offs := make([]int, len(p.it.orgs))
	for i := range offs {
		offs[i] = from + p.rng.IntN(u-from+1)
	}
	order := make([]int, len(offs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return offs[a] - offs[b] })
	for _, i := range order {
		e := event{at: p.next(dayAt(offs[i])), action: "task_approve", org: p.it.orgs[i], task: i,
			opinion: "经审查，符合要求，同意。", act: true}
		if deny && i == 0 {
			e.action, e.opinion = "task_deny", "经审查，不符合规划条件，不同意。"
		}
		p.add(e)
	}
	e := event{at: p.next(dayAt(u)), action: casework.ActApprove, org: p.it.orgs[0], opinion: "准予许可。", act: true}
	switch {
	case deny:
		e.action, e.opinion = casework.ActDeny, "不予许可。"
	case p.deficit:
		e.action, e.opinion = casework.ActApproveDeficit, "容缺材料尚未补齐，准予容缺通过。"
	}
	p.add(e)
}

// warnings merges in the deadline scan's raises: yellow when the used
// days reach 80 % of the limit, red when they exceed it, each shortly
// after midnight of the day it happens (a raise the case never lives to
// see is dropped by the replay).
func (p *planner) warnings(start int, pauses [][2]int) {
	limit := p.it.limit
	if limit <= 0 {
		return
	}
	for _, th := range []struct {
		used   int
		action casework.Action
	}{{int(math.Ceil(0.8 * float64(limit))), "warn_yellow"}, {limit + 1, "warn_red"}} {
		shift := 0
		for _, ps := range pauses {
			if ps[0] < th.used {
				shift += ps[1]
			}
		}
		day := p.g.cal.add(start, th.used+shift)
		if day < 0 {
			continue
		}
		p.events = append(p.events, event{at: p.g.cal.midnight[day] + scanAt, action: th.action})
	}
	slices.SortStableFunc(p.events, func(a, b event) int {
		switch {
		case a.at < b.at:
			return -1
		case a.at > b.at:
			return 1
		}
		return 0
	})
}
