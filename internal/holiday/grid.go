package holiday

import (
	"strconv"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

// month is one month of the year page's grid, in weeks from Monday.
type month struct {
	Title string
	Weeks [][]cell
}

// cell is one day of the grid; Day 0 is a blank before the 1st or after
// the last day. Mark is 休 or 班 for an exception; Weekend marks an
// ordinary Saturday or Sunday.
type cell struct {
	Day     int
	Mark    string
	Title   string
	Weekend bool
}

// monthsOf lays out the twelve months of year with its exceptions.
func monthsOf(year int, days []calendar.Day) []month {
	byDate := map[calendar.Date]calendar.Day{}
	for _, d := range days {
		byDate[d.Date] = d
	}
	out := make([]month, 12)
	for m := time.January; m <= time.December; m++ {
		first := calendar.NewDate(year, m, 1)
		row := make([]cell, (int(first.Weekday())+6)%7) // blanks before Monday-first weeks
		for d := first; d.Month() == m; d = d.AddDays(1) {
			c := cell{Day: d.Day(), Weekend: d.IsWeekend()}
			if ex, ok := byDate[d]; ok {
				c.Mark, c.Title, c.Weekend = "休", "放假（"+ex.Festival+"）", false
				if ex.Kind == calendar.Workday {
					c.Mark, c.Title = "班", "调休上班（"+ex.Festival+"）"
				}
			}
			row = append(row, c)
		}
		for len(row)%7 != 0 {
			row = append(row, cell{})
		}
		mo := month{Title: strconv.Itoa(int(m)) + "月"}
		for i := 0; i < len(row); i += 7 {
			mo.Weeks = append(mo.Weeks, row[i:i+7])
		}
		out[m-1] = mo
	}
	return out
}
