package history

import (
	"fmt"
	"math/rand/v2"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/platform/idcode"
	"github.com/dazhou-gongai/gongai/internal/project"
)

// projectGen is one generated project while its stages are simulated.
type projectGen struct {
	id         int64
	code, name string
	region     *regionInfo
	flow       *flowInfo
	stage      int
	created    int64
}

// project simulates one project starting on day: its stages one after
// another, each an application of the stage's required items and some
// optional ones, until a stage fails, the history ends or the project is
// complete. It writes the project row after its applications, with the
// stage the engine would have recorded.
func (g *gen) project(rng *rand.Rand, r *regionInfo, day int) {
	typ := pickFlow(rng, r)
	if typ == 0 {
		return
	}
	created := g.cal.midnight[day] + officeOpen + int64(rng.IntN(8*60))*minute
	pj := &projectGen{id: g.ch.reserve(tProjects), region: r, flow: r.flows[typ], created: created}
	pj.code = g.projectCode(rng, r, typ, g.cal.dates[day].Year())
	kinds := projectKinds[typ]
	pj.name = r.profile.name + kinds[rng.IntN(len(kinds))] + "（演示数据 " + pj.code[18:] + "）"
	at := g.cal.add(day, 2+rng.IntN(15))
	for i, st := range pj.flow.stages {
		if at < 0 || at >= g.asOfDay || g.silent(r.code, at) {
			break
		}
		ok, done := g.application(rng, pj, st, at)
		if !ok {
			break
		}
		pj.stage = nextStage(pj.flow, i)
		gap := stageGap[min(st.no, 3)]
		at = g.cal.nextWork(min(g.cal.dayOf(done)+gap[0]+rng.IntN(gap[1]-gap[0]), len(g.cal.dates)-1))
	}
	g.putProject(rng, pj, typ)
}

// nextStage is the project stage after stage i of f completes: the next
// stage's number, or completed after the last (casework's completeStage).
func nextStage(f *flowInfo, i int) int {
	if i+1 < len(f.stages) {
		return f.stages[i+1].no
	}
	return project.StageCompleted
}

func pickFlow(rng *rand.Rand, r *regionInfo) int {
	x, total := rng.Float64(), 0.0
	for i, typ := range flowTypes {
		if r.flows[typ] != nil {
			total += r.profile.flowMix[i]
		}
	}
	for i, typ := range flowTypes {
		if r.flows[typ] == nil {
			continue
		}
		x -= r.profile.flowMix[i] / total
		if x < 0 {
			return typ
		}
	}
	for _, typ := range flowTypes {
		if r.flows[typ] != nil {
			return typ
		}
	}
	return 0
}

// projectCode is a valid 项目代码 of the region (its code, or its reporting
// code when the region's own is internal) whose serial starts with 8:
// real codes are issued in sequence from 000001 and the demo projects use
// 9xxxxx, so generated codes stand apart.
func (g *gen) projectCode(rng *rand.Rand, r *regionInfo, typ, year int) string {
	key := strconv.Itoa(year) + "-" + r.codePart
	g.serials[key]++
	inds := industries[typ]
	return fmt.Sprintf("%s-%s-%s-%06d", key, inds[rng.IntN(len(inds))], codeKind(typ, rng.Float64()),
		800000+g.serials[key])
}

func (g *gen) putProject(rng *rand.Rand, pj *projectGen, typ int) {
	r := pj.region
	owner := rng.IntN(150)
	ownerName := fmt.Sprintf("%s%s有限公司（演示数据 %03d）", r.profile.name,
		[]string{"置业", "建设投资", "实业", "房地产开发", "产业发展"}[owner%5], owner)
	first := "91" + r.codePart + "MA6G" + fmt.Sprintf("%05d", owner+1000*int(r.id%90))
	check, _ := idcode.CreditCheckChar(first)
	investment := int64(50_00+rng.IntN(5000_00)) * int64(1+typ%2)
	address := fmt.Sprintf("达州市%s演示路%d号", r.profile.name, 1+rng.IntN(300))
	if r.code == "511700" {
		address = fmt.Sprintf("达州市通川区演示大道%d号", 1+rng.IntN(300))
	}
	at := fmtTime(pj.created)
	g.ch.put(tProjects, pj.id, pj.code, pj.name, r.id, typ, ownerName, first+string(check), investment, address,
		pj.stage, at, at)
	g.sum.Projects++
}

// application submits one stage of pj on day and simulates its cases. ok
// reports whether the stage completed (every case concluded, none refused
// or denied, at least one approved), done when the last one concluded.
func (g *gen) application(rng *rand.Rand, pj *projectGen, st stageInfo, day int) (ok bool, done int64) {
	online := rng.Float64() < pj.region.profile.online
	var submit int64
	if online {
		submit = g.cal.midnight[day] + 7*hour + int64(rng.IntN(16*60))*minute
	} else {
		day = g.cal.nextWork(day)
		submit = g.cal.midnight[day] + officeOpen + int64(rng.IntN(8*60))*minute
	}
	if submit >= g.asOf || g.cal.dayOf(submit) >= g.asOfDay {
		return false, 0
	}
	channel := "window"
	if online {
		channel = "online"
	}
	var items []*itemInfo
	for i := range st.items {
		if !st.items[i].optional || rng.Float64() < pOptional {
			items = append(items, &st.items[i])
		}
	}
	if len(items) == 0 {
		items = append(items, &st.items[0])
	}
	dayStr := g.cal.day(g.cal.dayOf(submit))
	number := g.number("SB", pj.region.code, dayStr)
	g.apps++
	appID := g.ch.add(tApplications, number, pj.id, pj.code, pj.name, pj.region.code, pj.flow.id, st.no, "stage",
		"history:"+strconv.FormatInt(g.batch, 10)+":"+strconv.FormatInt(g.apps, 10), channel, fmtTime(submit))
	g.sum.Applications++
	passed, failed, open := 0, 0, 0
	for _, it := range items {
		cs := g.simulateCase(rng, pj, st.no, it, appID, number, submit, dayStr)
		switch {
		case cs.status == casework.Approved || cs.status == casework.ApprovedDeficiency:
			passed++
		case !cs.status.Terminal():
			open++
		case cs.status != casework.WithdrawnEarly && cs.status != casework.Withdrawn:
			failed++
		}
		if cs.accepted != 0 {
			pj.stage = max(pj.stage, st.no)
		}
		done = max(done, cs.concluded)
	}
	return open == 0 && failed == 0 && passed > 0, done
}

// number issues the next 办件编号 (prefix "") or 申报编号 ("SB") of the
// region and day, continuing the engine's counter for that day.
func (g *gen) number(prefix, region, day string) string {
	name := prefix + ":" + region + ":" + day
	g.counters[name]++
	g.ch.counters[name] = g.counters[name]
	return fmt.Sprintf("%s%s-%s%s%s-%05d", prefix, region, day[0:4], day[5:7], day[8:10], g.counters[name])
}
