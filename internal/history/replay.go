package history

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/casework"
)

// caseState is a case as the engine would have stored it after the
// replayed events.
type caseState struct {
	status                 casework.Status
	accepted, concluded    int64
	received, updated      int64
	start, deadline        int // day indices; -1 when unset
	provisional            bool
	pausedDays             int
	pausedSince            int64
	warn                   string
	version                int
	ready                  bool
	conclusion, deficiency string
	defDeadline            int
	tasks                  []taskState
	pauses                 []pauseState
	open                   bool // a pause is open
}

type taskState struct {
	org     int64
	status  string
	opinion string
	decided int64
}

type pauseState struct {
	kind, reason, items, special, outcome string
	expected                              int
	started, ended                        int64
	workdays                              int
}

// replayer turns planned events into a case's rows; steps go straight to
// the chunk, the case, task and pause rows once the case is complete.
type replayer struct {
	g     *gen
	it    *itemInfo
	cs    caseState
	steps [][]any // step values after id and case_id
}

// replay applies events in order, stopping at the first one at or after
// AsOf. Each status change is computed with casework.Next, so a history
// the engine would refuse cannot be written (it is an error).
func (r *replayer) replay(recv int64, events []event) error {
	r.cs = caseState{status: casework.Received, received: recv, updated: recv, start: -1, deadline: -1,
		defDeadline: -1, warn: "none", version: 1}
	r.step("receive", 0, casework.Received, 0, actorApplicant, "", `{"item":"`+r.it.code+`"}`, recv)
	for _, e := range events {
		if e.at >= r.g.asOf {
			break
		}
		if err := r.apply(e); err != nil {
			return fmt.Errorf("history: item %s: %w", r.it.code, err)
		}
	}
	return nil
}

func (r *replayer) apply(e event) error {
	cs := &r.cs
	switch e.action {
	case "warn_yellow", "warn_red":
		if cs.status != casework.Accepted && cs.status != casework.InReview {
			return nil
		}
		level := strings.TrimPrefix(string(e.action), "warn_")
		label := map[string]string{"yellow": "预警", "red": "逾期"}[level]
		used := r.g.cal.between(cs.start, r.g.cal.dayOf(e.at)) - cs.pausedDays
		detail := `{"deadline":"` + r.g.cal.day(cs.deadline) + `","limit_days":` + strconv.Itoa(r.it.limit) +
			`,"used_days":` + strconv.Itoa(used) + `}`
		r.step(string(e.action), cs.status, cs.status, 0, actorSystem, label, detail, e.at)
		cs.warn = level
		return nil
	case "task_approve", "task_deny":
		return r.decideTask(e)
	}
	to, err := casework.Next(cs.status, cs.accepted != 0, e.action)
	if err != nil {
		return err
	}
	from := cs.status
	cs.status = to
	if e.act {
		cs.version++
		cs.updated = e.at
	}
	r.step(string(e.action), from, to, e.org, r.actor(e), e.opinion, r.detail(e), e.at)
	return r.effects(e)
}

// effects are what the engine does besides the status change.
func (r *replayer) effects(e event) error {
	cs, w := &r.cs, r.g.cal
	switch e.action {
	case casework.ActAccept:
		cs.accepted, cs.start = e.at, w.dayOf(e.at)
		if e.kind != "" { // 容缺受理: the material may follow within 5 working days
			cs.deficiency, cs.defDeadline = e.kind, w.add(cs.start, 5)
		}
		r.setDeadline()
	case casework.ActDispatch:
		for _, org := range r.it.orgs {
			cs.tasks = append(cs.tasks, taskState{org: org, status: casework.TaskPending})
		}
	case casework.ActRequestFix:
		r.openPause(pauseState{kind: casework.PauseCorrection, reason: e.opinion, started: e.at,
			items: fixItems(r.it)})
	case casework.ActStartSpecial:
		r.openPause(pauseState{kind: casework.PauseSpecial, reason: e.opinion, started: e.at, items: "[]",
			special: e.kind, expected: e.days})
	case casework.ActSupplyFix:
		r.closePause(e.at, "申请人已补正")
	case casework.ActEndSpecial:
		r.closePause(e.at, e.opinion)
	case casework.ActApprove, casework.ActApproveDeficit, casework.ActDeny, casework.ActWithdraw, casework.ActRefuse, casework.ActNotReceive:
		r.conclude(e)
	}
	return nil
}

func (r *replayer) conclude(e event) {
	cs := &r.cs
	for i := range cs.tasks {
		if cs.tasks[i].status == casework.TaskPending {
			cs.tasks[i].status = casework.TaskCancelled
		}
	}
	r.closePause(e.at, "办件终结")
	cs.concluded, cs.pausedSince, cs.ready = e.at, 0, false
	cs.conclusion = e.opinion
	if e.action == casework.ActWithdraw {
		cs.conclusion = "申请人撤回：" + e.opinion
	}
}

func (r *replayer) decideTask(e event) error {
	cs := &r.cs
	if cs.status != casework.InReview || e.task >= len(cs.tasks) || cs.tasks[e.task].status != casework.TaskPending {
		return fmt.Errorf("task decision in status %d", cs.status)
	}
	t := &cs.tasks[e.task]
	t.status, t.opinion, t.decided = casework.TaskApproved, e.opinion, e.at
	if e.action == "task_deny" {
		t.status = casework.TaskDenied
	}
	cs.version++
	cs.updated = e.at
	r.step(string(e.action), cs.status, cs.status, e.org, actorReviewer, e.opinion, "{}", e.at)
	tasks := make([]casework.Task, len(cs.tasks))
	for i, x := range cs.tasks {
		tasks[i] = casework.Task{Status: x.status}
	}
	cs.ready = casework.JoinComplete(r.it.join, r.it.quorum, tasks)
	return nil
}

func (r *replayer) openPause(p pauseState) {
	r.cs.pauses = append(r.cs.pauses, p)
	r.cs.open = true
	if r.cs.accepted != 0 {
		r.cs.pausedSince = p.started
	}
}

// closePause ends the open pause, counting its working days only after
// acceptance (as casework's closePause), and moves the deadline back.
func (r *replayer) closePause(at int64, outcome string) {
	cs, w := &r.cs, r.g.cal
	if !cs.open {
		return
	}
	p := &cs.pauses[len(cs.pauses)-1]
	days := 0
	if cs.accepted != 0 && p.started >= cs.accepted {
		days = w.between(w.dayOf(p.started), w.dayOf(at))
	}
	p.ended, p.workdays, p.outcome = at, days, outcome
	cs.open, cs.pausedSince = false, 0
	cs.pausedDays += days
	if cs.accepted != 0 {
		r.setDeadline()
	}
}

func (r *replayer) setDeadline() {
	cs, w := &r.cs, r.g.cal
	cs.deadline = w.add(cs.start, r.it.limit+cs.pausedDays)
	cs.provisional = w.provisional(cs.start, cs.deadline)
}

func (r *replayer) actor(e event) string {
	switch e.action {
	case casework.ActSupplyFix, casework.ActWithdraw:
		return actorApplicant
	case casework.ActResume:
		if r.cs.pauses[len(r.cs.pauses)-1].kind == casework.PauseCorrection {
			return actorApplicant
		}
		return actorReviewer
	}
	if e.org != 0 {
		return actorReviewer
	}
	return actorWindow
}

func (r *replayer) detail(e event) string {
	switch e.action {
	case casework.ActAccept:
		if e.kind != "" {
			return `{"deficiency":["` + e.kind + `"]}`
		}
		return `{"deficiency":null}`
	case casework.ActDispatch:
		var b strings.Builder
		for i, o := range r.it.orgs {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.FormatInt(o, 10))
		}
		return `{"org_units":[` + b.String() + `]}`
	case casework.ActRequestFix:
		return `{"items":` + fixItems(r.it) + `}`
	case casework.ActSupplyFix:
		return `{"materials":["` + r.it.material + `"]}`
	case casework.ActStartSpecial:
		return `{"expected_days":` + strconv.Itoa(e.days) + `,"kind":"` + e.kind + `"}`
	}
	return "{}"
}

// fixItems is the 一次性补正告知 of a generated 补正 (casework.FixItem JSON).
func fixItems(it *itemInfo) string {
	return `[{"material":"` + it.material + `","problem":"内容不完整，请补充后重新提交。"}]`
}

// step records one processing step (values after id and case_id).
func (r *replayer) step(action string, from, to casework.Status, org int64, actor, opinion, detail string, at int64) {
	r.steps = append(r.steps, []any{action, int(from), int(to), actor, nullable(org), opinion, detail, fmtTime(at)})
}
