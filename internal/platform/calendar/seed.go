package calendar

import (
	"context"
	"database/sql"
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"

	"github.com/dazhou-gongai/gongai/internal/platform/audit"
)

// Seed years: lunar-go v1.4.7 carries the State Council arrangements up to
// 2027 (published 2026-11); 2028 will come by import.
const (
	seedFirstYear = 2024
	seedLastYear  = 2027
)

// seedSourceGeneric names the source of seeded years without an official
// notice number on file.
const seedSourceGeneric = "国务院办公厅通知（lunar-go 数据）"

// seedSources are the notices of the years checked line by line against the
// official list (testdata/cn-holidays-2025-2026.csv).
var seedSources = map[int]string{
	2025: "国办发明电〔2024〕12号",
	2026: "国务院办公厅关于2026年部分节假日安排的通知(2025-11-04)",
}

// festivalNames maps lunar-go's festival names to the notices' wording;
// names not listed are already the same.
var festivalNames = map[string]string{
	"元旦节":  "元旦",
	"国庆中秋": "国庆节、中秋节",
}

// Seed loads the arrangements of 2024–2027 from lunar-go's HolidayUtil
// (make-up workdays are its entries with IsWork()) and marks those years
// covered. It runs in the caller's transaction tx. It is idempotent and
// never overrides an administrator: a year that is already covered is left
// as it is, and otherwise only dates without an exception are inserted.
// When it inserted anything it records one "calendar.seed" audit event with
// the years and counts. Errors: from the database or the audit chain.
func Seed(ctx context.Context, tx *sql.Tx, rec *audit.Recorder, now time.Time) error {
	var years []int
	added := 0
	for y := seedFirstYear; y <= seedLastYear; y++ {
		n, marked, err := seedYear(ctx, tx, y, now)
		if err != nil {
			return err
		}
		added += n
		if marked {
			years = append(years, y)
		}
	}
	if len(years) == 0 {
		return nil
	}
	return rec.Record(ctx, tx, audit.Entry{Action: "calendar.seed", ObjectType: "calendar", ObjectID: "seed",
		Detail: map[string]any{"years": years, "days_added": added}})
}

// seedYear inserts the missing exceptions of an uncovered year and marks it
// covered. marked is true only for the transaction whose insert marked the
// year, so that servers starting together on one PostgreSQL audit the seed
// once.
func seedYear(ctx context.Context, tx *sql.Tx, y int, now time.Time) (added int, marked bool, err error) {
	covered, err := yearCovered(ctx, tx, y)
	if err != nil || covered {
		return 0, false, err
	}
	for _, d := range seedDays(y) {
		ok, err := insertDayIfMissing(ctx, tx, d, now)
		if err != nil {
			return added, false, err
		}
		if ok {
			added++
		}
	}
	marked, err = insertYearIfMissing(ctx, tx, y, seedSource(y), now)
	return added, marked, err
}

func seedSource(year int) string {
	if s, ok := seedSources[year]; ok {
		return s
	}
	return seedSourceGeneric
}

// seedDays returns lunar-go's exceptions of year in date order. It asks
// day by day (GetHolidayByYmd) rather than by year, because the by-year
// lookup scans the packed data for the first textual match of the year.
// It only reads lunar-go's data; HolidayUtil.Fix, which rewrites
// package-level state, is never called.
func seedDays(year int) []Day {
	var out []Day
	for d := yearStart(year); d.Year() == year; d = d.AddDays(1) {
		h := HolidayUtil.GetHolidayByYmd(d.Year(), int(d.Month()), d.Day())
		if h == nil {
			continue
		}
		kind := Holiday
		if h.IsWork() {
			kind = Workday
		}
		name := h.GetName()
		if official, ok := festivalNames[name]; ok {
			name = official
		}
		out = append(out, Day{Date: d, Kind: kind, Festival: name, Source: seedSource(year)})
	}
	return out
}
