package ticket

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

func (e *env) unitIn(t testing.TB, region string) int64 {
	t.Helper()
	var id int64
	err := e.db.QueryRowContext(context.Background(), `SELECT u.id FROM org_units u JOIN regions r ON r.id = u.region_id
		WHERE r.code = $1 ORDER BY u.id LIMIT 1`, region).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestHours_SetValidateAndClock: Chinese errors for bad segments, the
// unit's day used by a ticket opened afterwards, reset to the default.
func TestHours_SetValidateAndClock(t *testing.T) {
	e := newEnv(t)
	ctx := e.as(t, "yunwei")
	unit := e.unitIn(t, "511702")
	for in, want := range map[string]string{
		"09:00-12:00,11:00-18:00": "重叠",
		"09:00-25:00":             "格式不对",
		"12:00-09:00":             "晚于开始",
		"9点到12点":                  "格式不对",
		"09:00-12:00,":            "格式不对",
	} {
		_, err := e.svc.SetUnitHours(ctx, unit, HoursInput{Hours: in})
		if msg := errs.FieldsOf(err)["hours"]; !contains(msg, want) {
			t.Errorf("%q: %q, want %q", in, msg, want)
		}
	}
	h, err := e.svc.SetUnitHours(ctx, unit, HoursInput{Hours: "08:00-12:00，14:00-16:00"})
	if err != nil || h.Hours != "08:00-12:00,14:00-16:00" || h.DayMinutes != 360 || h.Default {
		t.Fatalf("set = %+v, %v", h, err)
	}
	// Monday 15:00, general (240 business minutes): 60 today, 180 on Tuesday from 08:00 → 11:00.
	e.clock.Set(at(t, "2025-11-17 15:00"))
	tk, err := e.svc.Open(ctx, OpenInput{Kind: Fault, Severity: General, Title: "甲", Content: "乙", Channel: "phone",
		ReporterName: "丙", RegionCode: "511702", OrgUnitID: unit})
	if err != nil {
		t.Fatal(err)
	}
	sameTime(t, "due on the unit's hours", clockOf(t, tk, MetricResponse).DueAt, at(t, "2025-11-18 11:00"))
	if h, err = e.svc.SetUnitHours(ctx, unit, HoursInput{}); err != nil || !h.Default || h.DayMinutes != 480 {
		t.Errorf("reset = %+v, %v", h, err)
	}
	if _, err := e.svc.SetUnitHours(e.as(t, "jianguan"), unit, HoursInput{Hours: "09:00-17:00"}); !errs.Is(err, errs.Forbidden) {
		t.Errorf("supervisor sets hours: %v", err)
	}
	testkit.AuditChainOK(t, e.db)
}

func contains(s, sub string) bool { return sub != "" && strings.Contains(s, sub) }

// TestHours_HTTP: the page with its error summary, and the API.
func TestHours_HTTP(t *testing.T) {
	e := newEnv(t)
	rt := newRouter(t, e)
	path := "/ops/hours/" + strconv.FormatInt(e.unitIn(t, "511702"), 10)
	testkit.Expect(t, call(t, e, rt, "yunwei", "GET", path, nil), 200, "09:00-12:00,13:00-18:00", "（默认）")
	testkit.Expect(t, call(t, e, rt, "yunwei", "POST", path, url.Values{"hours": {"09:00-12:00,11:00-13:00"}}), 400,
		"请修改以下问题", "重叠", "09:00-12:00,11:00-13:00")
	testkit.Check(t, "save", call(t, e, rt, "yunwei", "POST", path, url.Values{"hours": {"08:30-17:30"}}),
		testkit.Want{Status: 303, Location: path})
	testkit.Expect(t, call(t, e, rt, "yunwei", "GET", "/ops/hours", nil), 200, "08:30-17:30", "540")
	testkit.Expect(t, call(t, e, rt, "jianguan", "GET", path, nil), 403)
	window, _ := e.orgs.UnitByFunction(t.Context(), "511725", "window")
	testkit.Check(t, "pick a unit", call(t, e, rt, "yunwei", "GET", "/ops/hours?region=511725&function=window", nil),
		testkit.Want{Status: 303, Location: "/ops/hours/" + strconv.FormatInt(window.ID, 10)})
	testkit.Expect(t, call(t, e, rt, "yunwei", "GET", "/ops/hours?region=511725&function=nope", nil), 404, "没有这个单位")
	api := "/api/v1/ops/hours/" + path[len("/ops/hours/"):]
	testkit.Expect(t, call(t, e, rt, "yunwei", "PUT", api, `{"hours":"18:00-09:00"}`), 400, `"hours"`)
	testkit.Expect(t, call(t, e, rt, "yunwei", "PUT", api, `{"hours":""}`), 200, `"default":true`)
	testkit.Expect(t, call(t, e, rt, "yunwei", "GET", "/api/v1/ops/hours/999999", nil), 404)
}
