package history

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"sort"
)

// Summary describes what a Generate call wrote.
type Summary struct {
	Batch        int64          `json:"batch"`
	Projects     int            `json:"projects"`
	Applications int            `json:"applications"`
	Cases        int            `json:"cases"`
	Tasks        int            `json:"tasks"`
	Steps        int            `json:"steps"`
	Pauses       int            `json:"pauses"`
	Overdue      int            `json:"overdue"`   // concluded after their deadline
	Corrected    int            `json:"corrected"` // with at least one 补正
	ByRegion     map[string]int `json:"by_region"`
	ByStatus     map[int]int    `json:"by_status"`
}

// gen holds the state of one generation run.
type gen struct {
	p        Params
	w        *world
	cal      *workdays
	asOf     int64 // Unix time
	asOfDay  int
	batch    int64
	plants   []plant
	counters map[string]int // the engine's number counters, name → last issued
	serials  map[string]int // "YYYY-RRRRRR" → last generated 项目代码 serial
	apps     int64
	ch       *chunk
	sum      *Summary
	rp       replayer
	err      error
	// recvLog, when not nil, collects each case's day of receipt (pilot).
	recvLog []int
}

type plant struct {
	Anomaly
	fromDay int // the first day of the anomaly's window
}

// planted returns the anomaly of kind planted in region, or nil.
func (g *gen) planted(region, kind string) *plant {
	for i := range g.plants {
		if g.plants[i].Region == region && g.plants[i].Kind == kind {
			return &g.plants[i]
		}
	}
	return nil
}

// silent reports whether region receives nothing on day (AnomalySilence).
func (g *gen) silent(region string, day int) bool {
	a := g.planted(region, AnomalySilence)
	return a != nil && day >= a.fromDay
}

// reserve takes the next local id of table; put writes its row later.
func (c *chunk) reserve(table int) int64 {
	c.rows[table]++
	return c.rows[table]
}

func (c *chunk) put(table int, id int64, values ...any) {
	c.args[table] = append(c.args[table], id)
	c.args[table] = append(c.args[table], values...)
}

// rngFor is the random source of one (region, month, project) slot, so
// that a slot's project does not depend on any other slot's draws.
func (g *gen) rngFor(parts ...int) *rand.Rand {
	h := fnv.New64a()
	for _, p := range parts {
		var b [8]byte
		for i := range b {
			b[i] = byte(uint64(p) >> (8 * i))
		}
		h.Write(b[:])
	}
	return rand.New(rand.NewPCG(g.p.Seed, h.Sum64()))
}

// month generates the projects starting in month m into g.ch.
func (g *gen) month(m Month, mi int, perProject func(region string, days int) float64) {
	first := g.cal.index(m.first())
	days := g.cal.index(m.next().first()) - first
	// Only the days before AsOf receive projects; the month's target
	// shrinks with them, so a partial month keeps the daily rate.
	open := min(days, g.asOfDay-first)
	if open <= 0 {
		return
	}
	for ri, code := range g.p.Regions {
		r := g.w.regions[code]
		target := g.target(code, m) * float64(open) / float64(days)
		rng := g.rngFor(ri, mi, -1)
		n := 0
		if e := perProject(code, g.asOfDay-first-open/2); e > 0 {
			x := target / e
			n = int(x)
			if rng.Float64() < x-float64(n) {
				n++
			}
		}
		for k := range n {
			prng := g.rngFor(ri, mi, k)
			g.project(prng, r, first+prng.IntN(open))
		}
	}
}

// target is the number of cases aimed at for region in month m: the total
// spread by region weight and season.
func (g *gen) target(region string, m Month) float64 {
	wsum, ssum := 0.0, 0.0
	for _, r := range g.p.Regions {
		wsum += profiles[r].weight
	}
	for x := g.p.From; !x.first().After(g.p.To.first()); x = x.next() {
		ssum += seasonal[x.Month]
	}
	return float64(g.p.Total) * profiles[region].weight / wsum * seasonal[m.Month] / ssum
}

// pilot estimates, per region, how many cases a project yields within a
// given number of days of its start: it simulates sample projects into a
// throw-away chunk and records when each case was received.
func (g *gen) pilot(samples int) func(region string, days int) float64 {
	saved, savedSum, savedCounters, savedSerials := g.ch, g.sum, g.counters, g.serials
	savedAsOf, savedAsOfDay := g.asOf, g.asOfDay
	g.asOfDay = len(g.cal.dates) - 365
	g.asOf = g.cal.midnight[g.asOfDay]
	offsets := map[string][]int{}
	g.recvLog = make([]int, 0, 64)
	for ri, code := range g.p.Regions {
		for k := range samples {
			g.ch, g.counters, g.serials = newChunk(), map[string]int{}, map[string]int{}
			g.sum = &Summary{ByRegion: map[string]int{}, ByStatus: map[int]int{}}
			rng := g.rngFor(ri, -1, k)
			g.recvLog = g.recvLog[:0]
			g.project(rng, g.w.regions[code], 0)
			offsets[code] = append(offsets[code], g.recvLog...)
		}
		sort.Ints(offsets[code])
	}
	g.ch, g.sum, g.counters, g.serials = saved, savedSum, savedCounters, savedSerials
	g.asOf, g.asOfDay, g.recvLog = savedAsOf, savedAsOfDay, nil
	return func(region string, days int) float64 {
		o := offsets[region]
		n := sort.SearchInts(o, max(days, 0))
		return math.Max(float64(n)/float64(samples), 0)
	}
}
