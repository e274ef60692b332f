// Package calendar is gongai's working-day calendar. Statutory time limits
// are counted in working days (行政许可法 art. 82), and which days are
// worked is decided each year by the State Council: holidays that fall on
// weekdays and make-up working days (调休) that fall on weekends. The
// calendar stores those dated exceptions to the Monday–Friday week in
// calendar_days and the years whose official arrangement is loaded in
// calendar_years, and answers "N working days after D" and "how many
// working days between D1 and D2".
//
// It never silently derives working days from weekdays alone: a computation
// that crosses a year with no loaded arrangement uses Monday–Friday for that
// year and says so (Result.Provisional, Result.MissingYears).
//
// The calendar is kept in memory and checked against a revision counter in
// the database (advanced by trigger on every change) before each
// computation — once per request where the request carries a memo
// (WithMemo) — because several server instances share one PostgreSQL and an
// administrator may edit the calendar on any of them.
package calendar

import (
	"sync/atomic"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Limits of the computations, so that no request can make the server walk
// an unbounded number of days.
const (
	MaxWorkdays = 3650 // AddWorkdays refuses a larger n
	MaxSpanDays = 7305 // WorkdaysBetween refuses from/to more than 20 years apart
	MinYear     = 2000 // dates before MinYear-01-01 are refused
	MaxYear     = 2199 // dates after MaxYear-12-31 are refused
)

// Kind says whether an exception is a day off or a day worked.
type Kind string

// The kinds of exception.
const (
	Holiday Kind = "holiday" // a day off: a weekday holiday, or a weekend inside a holiday period
	Workday Kind = "workday" // a make-up working day (调休) on a Saturday or Sunday
)

// Label is the Chinese name of the kind.
func (k Kind) Label() string {
	switch k {
	case Holiday:
		return "放假"
	case Workday:
		return "调休上班"
	}
	return string(k)
}

// Valid reports whether k is one of the kinds.
func (k Kind) Valid() bool { return k == Holiday || k == Workday }

// Day is one exception to the Monday–Friday week.
type Day struct {
	Date     Date   `json:"date"`
	Kind     Kind   `json:"kind"`
	Festival string `json:"festival"` // e.g. 春节, 国庆节、中秋节
	Source   string `json:"source"`   // the notice, e.g. 国办发明电〔2024〕12号
	// Line is the input line the day was read from by ParseDays (0
	// otherwise); import errors are numbered with it.
	Line int `json:"-"`
}

// YearInfo describes one year of the calendar.
type YearInfo struct {
	Year       int
	Covered    bool // the official arrangement is loaded
	Source     string
	ImportedAt time.Time
	Holidays   int // exceptions of kind Holiday
	Workdays   int // exceptions of kind Workday
}

// Result is the outcome of a working-day computation over the span
// (from, Date]: Workdays working days end on Date. AddWorkdays computes
// Date, CountWorkdays computes Workdays; both fill the other field too.
type Result struct {
	Date     Date
	Workdays int
	// Provisional is true when the span touches a year whose official
	// arrangement is not loaded; that year was counted Monday–Friday and
	// callers must show a warning.
	Provisional  bool
	MissingYears []int // the years counted Monday–Friday, ascending
}

// Calendar answers working-day questions and maintains the exceptions.
type Calendar struct {
	db    *sqldb.DB
	rec   *audit.Recorder
	now   func() time.Time
	cache atomic.Pointer[snapshot] // see current
}

// New returns a Calendar over db that audits with rec and reads the time
// from now.
func New(db *sqldb.DB, rec *audit.Recorder, now func() time.Time) *Calendar {
	return &Calendar{db: db, rec: rec, now: now}
}

// Now returns the calendar's current time (its injected clock).
func (c *Calendar) Now() time.Time { return c.now() }

// Today returns today's date in Asia/Shanghai by the calendar's clock.
func (c *Calendar) Today() Date { return DateOf(c.now()) }
