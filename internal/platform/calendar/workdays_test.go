package calendar

import (
	"context"
	"slices"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

func TestAddWorkdays_OfficialHolidays(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name, from string
		n          int
		want       string
	}{
		// 2026 Spring Festival: 15–23 Feb off; Saturday 14 and 28 Feb worked.
		{"Friday before the Saturday make-up day", "2026-02-13", 1, "2026-02-14"},
		{"make-up Saturday to after the festival", "2026-02-14", 1, "2026-02-24"},
		{"two days across the festival", "2026-02-13", 2, "2026-02-24"},
		{"from inside the festival", "2026-02-18", 1, "2026-02-24"},
		{"Saturday 28 Feb is worked", "2026-02-27", 1, "2026-02-28"},
		{"Sunday 1 Mar is not", "2026-02-28", 1, "2026-03-02"},
		// 2026 Mid-Autumn (25–27 Sep) and National Day (1–7 Oct); 20 Sep and 10 Oct worked.
		{"20 working days after 25 Sep (lunar-go probe)", "2026-09-25", 20, "2026-10-29"},
		{"Sunday 20 Sep is worked", "2026-09-18", 1, "2026-09-20"},
		{"after 30 Sep comes 8 Oct", "2026-09-30", 1, "2026-10-08"},
		{"Saturday 10 Oct is worked", "2026-10-09", 1, "2026-10-10"},
		{"Sunday 11 Oct is not", "2026-10-10", 1, "2026-10-12"},
		// 2025 Spring Festival: 28 Jan–4 Feb off; Sunday 26 Jan and Saturday 8 Feb worked.
		{"Sunday 26 Jan 2025 is worked", "2025-01-24", 1, "2025-01-26"},
		{"27 Jan to after the festival", "2025-01-27", 1, "2025-02-05"},
		{"Saturday 8 Feb 2025 is worked", "2025-02-07", 1, "2025-02-08"},
		// 2025 National Day with Mid-Autumn: 1–8 Oct off; Sunday 28 Sep and Saturday 11 Oct worked.
		{"Sunday 28 Sep 2025 is worked", "2025-09-26", 1, "2025-09-28"},
		{"after 30 Sep 2025 comes 9 Oct", "2025-09-30", 1, "2025-10-09"},
		{"Saturday 11 Oct 2025 is worked", "2025-10-10", 1, "2025-10-11"},
		{"10 working days across 2025 National Day", "2025-09-26", 10, "2025-10-16"},
		// n = 0 is the from date itself, worked or not.
		{"zero days on a holiday", "2026-02-15", 0, "2026-02-15"},
		{"zero days on a workday", "2026-03-09", 0, "2026-03-09"},
		{"across New Year 2027 (1–3 Jan off)", "2026-12-31", 1, "2027-01-04"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := f.cal.AddWorkdays(context.Background(), d(t, tc.from), tc.n)
			if err != nil {
				t.Fatal(err)
			}
			if res.Date.String() != tc.want || res.Workdays != tc.n || res.Provisional || res.MissingYears != nil {
				t.Fatalf("AddWorkdays(%s, %d) = %+v, want %s (not provisional)", tc.from, tc.n, res, tc.want)
			}
		})
	}
}

func TestWorkdaysBetween(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		from, to string
		want     int
	}{
		{"2026-02-13", "2026-02-28", 6}, // 14, 24, 25, 26, 27, 28
		{"2026-02-14", "2026-02-23", 0},
		{"2026-09-25", "2026-10-29", 20},
		{"2025-12-31", "2026-12-31", 248}, // 261 weekdays − 19 weekday holidays + 6 make-up days
		{"2024-12-31", "2025-12-31", 248}, // 261 − 18 + 5
		{"2026-03-09", "2026-03-09", 0},
		{"2026-03-10", "2026-03-09", 0}, // to before from
	}
	for _, tc := range tests {
		res, err := f.cal.CountWorkdays(context.Background(), d(t, tc.from), d(t, tc.to))
		if err != nil {
			t.Fatal(err)
		}
		if res.Workdays != tc.want || res.Provisional || res.Date.String() != tc.to {
			t.Errorf("CountWorkdays(%s, %s) = %+v, want %d", tc.from, tc.to, res, tc.want)
		}
		if n, err := f.cal.WorkdaysBetween(context.Background(), d(t, tc.from), d(t, tc.to)); err != nil || n != tc.want {
			t.Errorf("WorkdaysBetween(%s, %s) = %d, %v; want %d", tc.from, tc.to, n, err, tc.want)
		}
	}
}

func TestProvisionalOutsideCoveredYears(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tests := []struct {
		from    string
		n       int
		want    string
		missing []int
	}{
		{"2027-12-31", 1, "2028-01-03", []int{2028}}, // Mon–Fri: 1 Jan 2028 is a Saturday
		{"2028-03-01", 5, "2028-03-08", []int{2028}},
		{"2028-12-28", 10, "2029-01-11", []int{2028, 2029}},
		{"2027-12-30", 1, "2027-12-31", nil}, // ends inside 2027: not provisional
	}
	for _, tc := range tests {
		res, err := f.cal.AddWorkdays(ctx, d(t, tc.from), tc.n)
		if err != nil {
			t.Fatal(err)
		}
		if res.Date.String() != tc.want || !slices.Equal(res.MissingYears, tc.missing) || res.Provisional != (tc.missing != nil) {
			t.Errorf("AddWorkdays(%s, %d) = %+v, want %s missing %v", tc.from, tc.n, res, tc.want, tc.missing)
		}
		back, err := f.cal.CountWorkdays(ctx, d(t, tc.from), res.Date)
		if err != nil || back.Workdays != tc.n || !slices.Equal(back.MissingYears, tc.missing) {
			t.Errorf("CountWorkdays(%s, %s) = %+v, %v", tc.from, res.Date, back, err)
		}
	}
}

func TestIsWorkday(t *testing.T) {
	f := newFixture(t)
	for s, want := range map[string]bool{
		"2026-02-14": true, "2026-02-15": false, "2026-02-23": false, "2026-02-24": true,
		"2026-09-25": false, "2026-10-10": true, "2026-10-11": false, "2026-03-09": true, "2026-03-08": false,
		"2028-01-03": true, "2028-01-01": false, // uncovered: Mon–Fri
	} {
		got, err := f.cal.IsWorkday(context.Background(), d(t, s))
		if err != nil || got != want {
			t.Errorf("IsWorkday(%s) = %v, %v; want %v", s, got, err, want)
		}
	}
}

// TestEveryDayAgainstOfficialList compares the calendar with a count made
// straight from the official list, for every day of 2025 and 2026.
func TestEveryDayAgainstOfficialList(t *testing.T) {
	f := newFixture(t)
	except := map[string]string{}
	for _, r := range officialList(t) {
		except[r.date] = r.kind
	}
	start := d(t, "2024-12-31")
	want := 0
	for day := start.AddDays(1); day.Year() <= 2026; day = day.AddDays(1) {
		kind, ok := except[day.String()]
		if kind == "workday" || (!ok && !day.IsWeekend()) {
			want++
		}
		got, err := f.cal.WorkdaysBetween(context.Background(), start, day)
		if err != nil || got != want {
			t.Fatalf("WorkdaysBetween(%s, %s) = %d, %v; want %d", start, day, got, err, want)
		}
	}
}

func TestComputationErrors(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for name, call := range map[string]func() error{
		"negative n":     func() error { _, err := f.cal.AddWorkdays(ctx, d(t, "2026-03-09"), -1); return err },
		"n too large":    func() error { _, err := f.cal.AddWorkdays(ctx, d(t, "2026-03-09"), MaxWorkdays+1); return err },
		"zero date":      func() error { _, err := f.cal.AddWorkdays(ctx, Date{}, 1); return err },
		"year too early": func() error { _, err := f.cal.AddWorkdays(ctx, d(t, "1999-12-31"), 1); return err },
		"year too late":  func() error { _, err := f.cal.IsWorkday(ctx, d(t, "2200-01-01")); return err },
		"span too long": func() error {
			_, err := f.cal.WorkdaysBetween(ctx, d(t, "2000-01-01"), d(t, "2020-01-02"))
			return err
		},
	} {
		if err := call(); !errs.Is(err, errs.Invalid) || errs.Message(err) == "" {
			t.Errorf("%s: %v, want Invalid with a message", name, err)
		}
	}
	if res, err := f.cal.AddWorkdays(ctx, d(t, "2026-03-09"), MaxWorkdays); err != nil || res.Workdays != MaxWorkdays {
		t.Fatalf("AddWorkdays(MaxWorkdays) = %+v, %v", res, err)
	}
}
