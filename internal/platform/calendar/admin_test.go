package calendar

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

func TestSetDay(t *testing.T) {
	f := newFixture(t)
	ctx := as(admin)
	tests := []struct {
		name   string
		day    Day
		fields map[string]string
	}{
		{"workday on a Monday", Day{Date: d(t, "2026-03-09"), Kind: Workday, Festival: "春节"},
			map[string]string{"kind": "2026-03-09 是星期一，本来就是工作日，不能登记为调休上班日；调休上班日只能是星期六或星期日。"}},
		{"no festival, bad kind", Day{Date: d(t, "2026-03-14"), Kind: "off"},
			map[string]string{"kind": "请选择类型：放假（holiday）或调休上班（workday）。", "festival": "请填写所属节日，例如“春节”。"}},
		{"no date", Day{Kind: Holiday, Festival: "春节"}, map[string]string{"date": "请填写日期。"}},
		{"festival too long", Day{Date: d(t, "2026-03-10"), Kind: Holiday, Festival: strings.Repeat("节", 21)},
			map[string]string{"festival": "节日名称不能超过20个字。"}},
		{"year not imported", Day{Date: d(t, "2028-01-03"), Kind: Holiday, Festival: "元旦"},
			map[string]string{"date": "2028年的节假日安排尚未导入。请先导入国务院办公厅的通知，再逐日修改。"}},
	}
	for _, tc := range tests {
		err := f.cal.SetDay(ctx, tc.day)
		got := errs.FieldsOf(err)
		if !errs.Is(err, errs.Invalid) || len(got) != len(tc.fields) {
			t.Errorf("%s: %v (fields %v)", tc.name, err, got)
			continue
		}
		for k, v := range tc.fields {
			if got[k] != v {
				t.Errorf("%s: field %s = %q, want %q", tc.name, k, got[k], v)
			}
		}
	}
	// A weekday holiday (e.g. a local correction) and a weekend holiday are both fine.
	if err := f.cal.SetDay(ctx, Day{Date: d(t, "2026-03-10"), Kind: Holiday, Festival: "测试"}); err != nil {
		t.Fatal(err)
	}
	if ok, _ := f.cal.IsWorkday(context.Background(), d(t, "2026-03-10")); ok {
		t.Fatal("2026-03-10 is still a workday")
	}
	// Changing an existing exception: 2026-02-28 from workday to holiday.
	if err := f.cal.SetDay(ctx, Day{Date: d(t, "2026-02-28"), Kind: Holiday, Festival: "春节", Source: "更正"}); err != nil {
		t.Fatal(err)
	}
	res, _ := f.cal.AddWorkdays(context.Background(), d(t, "2026-02-27"), 1)
	if res.Date.String() != "2026-03-02" {
		t.Fatalf("after the change, 1 working day after 2026-02-27 is %s", res.Date)
	}
	evs := f.events(t, "calendar.day.set")
	if len(evs) != 2 || evs[0].ObjectID != "2026-02-28" || !strings.Contains(evs[0].Detail, `"before":{"festival":"春节","kind":"workday"`) {
		t.Fatalf("audit events %+v", evs)
	}
	if days, _ := f.cal.Days(context.Background(), 2026); days[len(days)-1].Source == "" {
		t.Fatal("source not defaulted")
	}
	f.assertChainOK(t)
}

func TestDeleteDay(t *testing.T) {
	f := newFixture(t)
	if err := f.cal.DeleteDay(as(admin), d(t, "2026-03-09")); !errs.Is(err, errs.NotFound) {
		t.Fatalf("delete a day without exception: %v", err)
	}
	if err := f.cal.DeleteDay(as(admin), d(t, "2026-02-14")); err != nil {
		t.Fatal(err)
	}
	if ok, _ := f.cal.IsWorkday(context.Background(), d(t, "2026-02-14")); ok {
		t.Fatal("Saturday 2026-02-14 is still worked after deleting its exception")
	}
	if evs := f.events(t, "calendar.day.delete"); len(evs) != 1 || !strings.Contains(evs[0].Detail, "workday") {
		t.Fatalf("audit %+v", evs)
	}
	f.assertChainOK(t)
}

func TestAdminUseCases_Authorisation(t *testing.T) {
	f := newFixture(t)
	day := Day{Date: d(t, "2026-03-14"), Kind: Holiday, Festival: "测试"}
	csv := []byte("date,kind,festival,source\n2028-01-01,holiday,元旦,测试\n")
	for _, tc := range []struct {
		name string
		ctx  context.Context
		want errs.Kind
	}{
		{"window clerk", as(clerk), errs.Forbidden},
		{"anonymous", context.Background(), errs.Unauthenticated},
	} {
		calls := map[string]error{
			"SetDay":    f.cal.SetDay(tc.ctx, day),
			"DeleteDay": f.cal.DeleteDay(tc.ctx, d(t, "2026-02-14")),
		}
		_, calls["ImportYear"] = f.cal.ImportYear(tc.ctx, 2028, []Day{day}, "测试")
		_, calls["ImportData"] = f.cal.ImportData(tc.ctx, 2028, csv, "测试")
		for call, err := range calls {
			if !errs.Is(err, tc.want) {
				t.Errorf("%s %s: %v, want %v", tc.name, call, err, tc.want.Code())
			}
		}
	}
	if days, _ := f.cal.Days(context.Background(), 2026); len(days) != 39 {
		t.Fatalf("refused calls changed 2026: %d exceptions", len(days))
	}
	if y, _ := f.cal.Year(context.Background(), 2028); y.Covered {
		t.Fatal("refused import covered 2028")
	}
}

func TestMissingNextYear(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tests := []struct {
		now     time.Time
		year    int
		missing bool
	}{
		{time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), 2027, false},    // 2027 is seeded
		{time.Date(2027, 10, 31, 15, 59, 59, 0, time.UTC), 2028, false}, // 23:59:59 on 31 Oct in Dazhou
		{time.Date(2027, 10, 31, 16, 0, 0, 0, time.UTC), 2028, true},    // midnight, 1 Nov in Dazhou
		{time.Date(2027, 12, 31, 12, 0, 0, 0, time.UTC), 2028, true},
		{time.Date(2028, 6, 1, 0, 0, 0, 0, time.UTC), 2029, false}, // before November
	}
	for _, tc := range tests {
		year, missing, err := f.cal.MissingNextYear(ctx, tc.now)
		if err != nil || year != tc.year || missing != tc.missing {
			t.Errorf("MissingNextYear(%s) = %d, %v, %v; want %d, %v", tc.now, year, missing, err, tc.year, tc.missing)
		}
	}
	if _, err := f.cal.ImportData(as(admin), 2028, []byte("date,kind,festival\n2028-01-03,holiday,元旦\n"), "测试通知"); err != nil {
		t.Fatal(err)
	}
	if _, missing, _ := f.cal.MissingNextYear(ctx, time.Date(2027, 12, 1, 0, 0, 0, 0, time.UTC)); missing {
		t.Fatal("2028 still missing after its import")
	}
}
