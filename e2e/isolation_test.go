//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// orgUnit is the part of GET /api/v1/orgs that the tests read.
type orgUnit struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	RegionName string `json:"region_name"`
}

// unitsOf lists the units of a region through the JSON API, with the
// session of whoever is logged in on the tab.
func (b *tab) unitsOf(regionCode string) []orgUnit {
	b.t.Helper()
	if status := b.open("/api/v1/orgs?region=" + regionCode); status != 200 {
		b.t.Fatalf("GET /api/v1/orgs?region=%s: status %d", regionCode, status)
	}
	var list struct {
		Items []orgUnit `json:"items"`
	}
	body := eval[string](b, `document.body.innerText`)
	if err := json.Unmarshal([]byte(body), &list); err != nil {
		b.t.Fatalf("GET /api/v1/orgs?region=%s: %v in %q", regionCode, err, body)
	}
	if len(list.Items) == 0 {
		b.t.Fatalf("GET /api/v1/orgs?region=%s: no units", regionCode)
	}
	return list.Items
}

// TestCountyIsolation: the 通川区 window clerk sees only 通川区 in the unit
// directory, and opening a 渠县 unit by its URL shows the Chinese 403 page.
func TestCountyIsolation(t *testing.T) {
	admin := newTab(t)
	admin.loginAs("admin")
	quxian := admin.unitsOf("511725")[0]
	if quxian.RegionName != "渠县" {
		t.Fatalf("unit %d of 511725 is in %q, want 渠县", quxian.ID, quxian.RegionName)
	}

	clerk := newTab(t)
	clerk.loginAs("chuangkou")
	clerk.open("/org/units")
	clerk.expectText("main h1", "机构目录")
	clerk.expectOnlyRegion("通川区")

	if status := clerk.open("/org/units?region=511725"); status != 403 { // another county, by hand
		t.Errorf("GET /org/units?region=511725 as the 通川区 clerk: status %d, want 403", status)
	}
	clerk.expectText("main h1", "无权访问")
	if body := eval[string](clerk, `document.body.innerText`); strings.Contains(body, quxian.Name) {
		t.Fatalf("the 通川区 clerk sees the 渠县 unit %q via ?region=511725", quxian.Name)
	}

	status := clerk.open(fmt.Sprintf("/org/units/%d", quxian.ID))
	if status != 403 {
		t.Errorf("GET /org/units/%d (渠县) as the 通川区 clerk: status %d, want 403", quxian.ID, status)
	}
	clerk.expectText("main h1", "无权访问")
	clerk.expectText("main .lead", "无权访问其他区县")
	if body := eval[string](clerk, `document.body.innerText`); strings.Contains(body, quxian.Name) {
		t.Fatalf("the 403 page reveals the 渠县 unit name %q", quxian.Name)
	}
}

// expectOnlyRegion checks that every row of the unit directory, and every
// choice of its region filter, is the region name.
func (b *tab) expectOnlyRegion(name string) {
	b.t.Helper()
	regions := eval[[]string](b, `Array.from(document.querySelectorAll('main table tbody tr td:nth-child(4)'), td => td.innerText.trim())`)
	if len(regions) == 0 {
		b.t.Fatalf("the directory shows no units at all; want those of %s", name)
	}
	for i, r := range regions {
		if r != name {
			b.t.Fatalf("row %d of the directory is in %q; want only %s", i+1, r, name)
		}
	}
	options := eval[[]string](b, `Array.from(document.querySelectorAll('#f-region option'), o => o.textContent.trim())`)
	if strings.Join(options, ",") != name {
		b.t.Fatalf("the region filter offers %q, want only %s", options, name)
	}
}

// TestOwnCountyUnitOpens: the same clerk can open a unit of 通川区 from the
// directory (so the 403 above is about the county, not about the page).
func TestOwnCountyUnitOpens(t *testing.T) {
	clerk := newTab(t)
	clerk.loginAs("chuangkou")
	clerk.open("/org/units")
	name := clerk.textOf("main table tbody tr td:first-child a")
	if status := clerk.press("main table tbody tr td:first-child a"); status != 200 {
		t.Fatalf("opening %s: status %d", name, status)
	}
	clerk.expectText("main h1", name)
	clerk.expectText("main", "通川区")
}
