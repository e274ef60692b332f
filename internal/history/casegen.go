package history

import (
	"math/rand/v2"

	"github.com/dazhou-gongai/gongai/internal/casework"
)

// simulateCase plans and replays the case of item it in application appID
// and writes its rows: the case, its tasks, pauses and steps.
func (g *gen) simulateCase(rng *rand.Rand, pj *projectGen, stageNo int, it *itemInfo, appID int64,
	appNumber string, recv int64, recvDay string) *caseState {
	pl := planner{g: g, rng: rng, r: pj.region, it: it}
	pl.plan(recv)
	rp := &g.rp
	rp.g, rp.it, rp.steps = g, it, rp.steps[:0]
	if err := rp.replay(recv, pl.events); err != nil && g.err == nil {
		g.err = err
	}
	cs := &rp.cs
	if cs.accepted != 0 && cs.concluded == 0 && !cs.status.Paused() {
		g.openWarn(cs, it)
	}
	if g.recvLog != nil {
		g.recvLog = append(g.recvLog, g.cal.dayOf(recv))
	}
	id := g.ch.reserve(tCases)
	g.putCase(id, pj, stageNo, it, appID, appNumber, recvDay, cs)
	g.count(pj.region.code, cs)
	return cs
}

// openWarn sets the warning level of a case running at AsOf as the next
// deadline scan would, so that generated cases raise no burst of old
// warnings on the first scan.
func (g *gen) openWarn(cs *caseState, it *itemInfo) {
	if it.limit <= 0 {
		return
	}
	used := g.cal.between(cs.start, g.cal.dayOf(g.asOf-1)) - cs.pausedDays
	switch {
	case used > it.limit:
		cs.warn = "red"
	case used*5 >= it.limit*4 && cs.warn == "none":
		cs.warn = "yellow"
	}
}

func (g *gen) putCase(id int64, pj *projectGen, stageNo int, it *itemInfo, appID int64, appNumber, recvDay string,
	cs *caseState) {
	w := g.cal
	var lead any
	if len(cs.tasks) > 0 {
		lead = it.orgs[0]
	}
	deficiency := "[]"
	if cs.deficiency != "" {
		deficiency = `["` + cs.deficiency + `"]`
	}
	g.ch.put(tCases, id, g.number("", pj.region.code, recvDay), appID, appNumber, pj.id, pj.code, pj.name,
		pj.region.code, it.code, it.name, pj.flow.id, stageNo, int(cs.status), cs.version, lead, it.join,
		it.quorum, it.limit, it.statute, fmtTime(cs.received), timeOrNil(cs.accepted), nullable(w.day(cs.start)),
		timeOrNil(cs.concluded), nullable(w.day(cs.deadline)), cs.provisional, cs.pausedDays,
		timeOrNil(cs.pausedSince), cs.warn, deficiency, nullable(w.day(cs.defDeadline)), cs.ready, cs.conclusion,
		fmtTime(cs.updated))
	created := fmtTime(cs.accepted)
	for i, t := range cs.tasks {
		g.ch.add(tTasks, id, t.org, i == 0, t.status, t.opinion, timeOrNil(t.decided), created)
	}
	for _, p := range cs.pauses {
		var workdays any
		if p.ended != 0 {
			workdays = p.workdays
		}
		g.ch.add(tPauses, id, p.kind, p.reason, p.items, p.special, p.expected, fmtTime(p.started),
			timeOrNil(p.ended), workdays, p.outcome)
	}
	for _, st := range g.rp.steps {
		g.ch.add(tSteps, append([]any{id}, st...)...)
	}
}

func timeOrNil(t int64) any {
	if t == 0 {
		return nil
	}
	return fmtTime(t)
}

// count adds the case to the summary.
func (g *gen) count(region string, cs *caseState) {
	s := g.sum
	s.Cases++
	s.ByRegion[region]++
	s.ByStatus[int(cs.status)]++
	s.Steps += len(g.rp.steps)
	s.Tasks += len(cs.tasks)
	s.Pauses += len(cs.pauses)
	if cs.concluded != 0 && cs.accepted != 0 && cs.status.Concluded() && cs.deadline >= 0 &&
		g.cal.dayOf(cs.concluded) > cs.deadline {
		s.Overdue++
	}
	for _, p := range cs.pauses {
		if p.kind == casework.PauseCorrection {
			s.Corrected++
			break
		}
	}
}
