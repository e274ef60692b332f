package sitestats

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// handCount is the expected report, counted in Go from the requests sent.
type handCount struct {
	dayViews map[string]int64
	dayUniq  map[string]map[string]bool            // day → visitors
	modViews map[string]int64                      // module → views
	modUniq  map[string]map[string]bool            // day|module → visitors
	regViews map[string]int64                      // region → views
	regUniq  map[string]map[string]bool            // day|region → visitors
	regDay   map[string]map[string]int64           // region → day → views
	regDayU  map[string]map[string]map[string]bool // region → day → visitors
}

func newHandCount() *handCount {
	return &handCount{dayViews: map[string]int64{}, dayUniq: map[string]map[string]bool{}, modViews: map[string]int64{},
		modUniq: map[string]map[string]bool{}, regViews: map[string]int64{}, regUniq: map[string]map[string]bool{},
		regDay: map[string]map[string]int64{}, regDayU: map[string]map[string]map[string]bool{}}
}

func addTo(m map[string]map[string]bool, k, who string) {
	if m[k] == nil {
		m[k] = map[string]bool{}
	}
	m[k][who] = true
}

// expect is the rule, written out for the test's few pages: which module
// and region a visitor's request to target counts under, if any.
func expect(v visitor, target string) (module, region string, counted bool) {
	ent := v.p != nil && v.p.Enterprise
	region = map[string]string{"/guide/flows/511725/1": "511725", "/public/results?region=511702": "511702"}[target]
	if v.p != nil {
		region = v.p.Primary().RegionCode
	}
	switch target {
	case "/guide/items", "/guide/flows/511725/1":
		return ModuleGuide, region, true
	case "/public/results?region=511702":
		return ModulePublic, region, true
	case "/verify/X":
		return ModuleVerify, region, true
	case "/cases":
		return ModuleHall, region, ent
	case "/":
		return ModuleHome, region, ent
	}
	return "", "", false
}

func (h *handCount) add(day string, who string, v visitor, target string) {
	m, r, ok := expect(v, target)
	if !ok {
		return
	}
	h.dayViews[day]++
	addTo(h.dayUniq, day, who)
	h.modViews[m]++
	addTo(h.modUniq, day+"|"+m, who)
	h.regViews[r]++
	addTo(h.regUniq, day+"|"+r, who)
	if h.regDay[r] == nil {
		h.regDay[r], h.regDayU[r] = map[string]int64{}, map[string]map[string]bool{}
	}
	h.regDay[r][day]++
	addTo(h.regDayU[r], day, who)
}

// sumUniq adds up the per-day unique visitors of the keys ending in suffix.
func sumUniq(m map[string]map[string]bool, suffix string) int64 {
	var n int64
	for k, set := range m {
		if len(k) >= len(suffix) && k[len(k)-len(suffix):] == suffix {
			n += int64(len(set))
		}
	}
	return n
}

var handTargets = []string{"/guide/items", "/guide/flows/511725/1", "/public/results?region=511702", "/verify/X",
	"/cases", "/", "/static/app.css", "/api/v1/things"}

// TestReport_AgainstHandCount sends three days of random traffic (two
// days closed and rolled up, one still open), then checks every figure of
// the report against a count kept in Go.
func TestReport_AgainstHandCount(t *testing.T) {
	e := newEnv(t, Deps{})
	hand := e.sendHandTraffic(t)
	rep, err := e.svc.Report(as(jianguan), Filter{From: day1, To: day1.AddDays(2)})
	if err != nil {
		t.Fatal(err)
	}
	checkDays(t, "city", rep.Days, hand.dayViews, hand.dayUniq)
	for _, m := range rep.Modules {
		if m.Views != hand.modViews[m.Key] || m.Visitors != sumUniq(hand.modUniq, "|"+m.Key) {
			t.Errorf("module %s = %d views %d visitors, want %d %d", m.Key, m.Views, m.Visitors,
				hand.modViews[m.Key], sumUniq(hand.modUniq, "|"+m.Key))
		}
	}
	if len(rep.Regions) != len(hand.regViews) {
		t.Errorf("regions = %+v, want %d rows", rep.Regions, len(hand.regViews))
	}
	for _, r := range rep.Regions {
		if r.Views != hand.regViews[r.Key] || r.Visitors != sumUniq(hand.regUniq, "|"+r.Key) {
			t.Errorf("region %q = %d views %d visitors, want %d %d", r.Key, r.Views, r.Visitors,
				hand.regViews[r.Key], sumUniq(hand.regUniq, "|"+r.Key))
		}
	}
	county, err := e.svc.Report(as(countySV), Filter{From: day1, To: day1.AddDays(2)})
	if err != nil {
		t.Fatal(err)
	}
	if county.SiteWide || county.Searches != nil || county.Items != nil {
		t.Errorf("a county user got site-wide figures: %+v", county)
	}
	checkDays(t, "渠县", county.Days, hand.regDay["511725"], hand.regDayU["511725"])
	if len(county.Regions) != 1 || county.Regions[0].Key != "511725" || county.Regions[0].Label != "渠县" {
		t.Errorf("county regions = %+v, want only 渠县", county.Regions)
	}
	if _, err := e.svc.Report(as(countySV), Filter{From: day1, To: day1, Region: "511702"}); errs.KindOf(err) != errs.Forbidden {
		t.Errorf("county user reading another county: %v, want Forbidden", err)
	}
	if _, err := e.svc.Report(as(qiye), Filter{From: day1, To: day1}); errs.KindOf(err) != errs.Forbidden {
		t.Errorf("enterprise user: %v, want Forbidden", err)
	}
}

// handVisitors are six anonymous visitors, three enterprise users of
// 通川区, two of 渠县 and a 通川区 window clerk.
func handVisitors() []visitor {
	var out []visitor
	for i := range 12 {
		v := visitor{ip: fmt.Sprintf("192.0.2.%d", i), ua: "UA"}
		switch {
		case i >= 6 && i <= 8:
			v.p = enterprise(fmt.Sprintf("ent%d", i), int64(100+i), "511702")
		case i >= 9 && i <= 10:
			v.p = enterprise(fmt.Sprintf("ent%d", i), int64(100+i), "511725")
		case i == 11:
			v.p = staff("clerk", access.WindowClerk, "511702")
		}
		out = append(out, v)
	}
	return out
}

// sendHandTraffic sends 150 random requests on each of three days, closing
// the first two before the third, and returns their hand count.
func (e *env) sendHandTraffic(t *testing.T) *handCount {
	visitors := handVisitors()
	rnd := rand.New(rand.NewPCG(7, 9))
	hand := newHandCount()
	for d := range 3 {
		day := day1.AddDays(d)
		e.clock.Set(noon(day))
		if d == 2 {
			if n, err := e.svc.CloseDays(context.Background()); err != nil || n != 2 {
				t.Fatalf("CloseDays = %d, %v", n, err)
			}
		}
		for range 150 {
			i := rnd.IntN(len(visitors))
			target := handTargets[rnd.IntN(len(handTargets))]
			e.do(t, visitors[i], http.MethodGet, target)
			hand.add(day.String(), fmt.Sprint(i), visitors[i], target)
		}
		e.flush(t)
	}
	return hand
}

func checkDays(t *testing.T, who string, days []DayRow, views map[string]int64, uniq map[string]map[string]bool) {
	t.Helper()
	if len(days) != 3 {
		t.Fatalf("%s: %d days, want 3", who, len(days))
	}
	var total int64
	for _, d := range days {
		k := d.Day.String()
		total += d.Views
		if d.Views != views[k] || d.Visitors != int64(len(uniq[k])) {
			t.Errorf("%s %s: %d views %d visitors, want %d %d", who, k, d.Views, d.Visitors, views[k], len(uniq[k]))
		}
	}
	if total == 0 {
		t.Errorf("%s: no views at all; the test sends nothing countable", who)
	}
}
