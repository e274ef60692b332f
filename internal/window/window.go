// Package window is 综合受理's window management: the windows (窗口) of each
// region's 综合窗口 with their clerks and opening hours (窗口管理); 网上预约,
// bookable slots per window and working day with a capacity, booked and
// cancelled by enterprises and agents and checked in by the clerks; 综窗协同,
// the assignment of cases to windows and their transfer between windows,
// with history; and 办理统计 per window and clerk.
//
// Which days a window opens comes from the working-day calendar (make-up
// workdays open, statutory holidays closed), never from weekdays alone.
//
// Every use case authorises the principal in the context with
// access.Authorize, runs its writes in one transaction and records its
// audit event (and any notification) in that same transaction. The package
// reads the case engine's cases and case_steps tables and never writes them.
package window

import (
	"database/sql/driver"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// Limits of a window's booking configuration.
const (
	MaxCapacity  = 50 // bookings per slot
	DefaultSlot  = 30 // minutes
	DefaultSeats = 2  // bookings per slot
)

// SlotLengths are the allowed slot lengths in minutes.
var SlotLengths = []int{15, 20, 30, 60}

// Window is one service window of a region's 综合窗口 (OrgUnitID). Staff
// and Hours are filled by Service.Window, not by lists.
type Window struct {
	ID           int64     `json:"id"`
	RegionCode   string    `json:"region_code"`
	RegionName   string    `json:"region_name"`
	OrgUnitID    int64     `json:"org_unit_id" doc:"所属区县综合窗口机构"`
	OrgName      string    `json:"org_name"`
	Number       int       `json:"number" doc:"窗口编号，区县内唯一"`
	Name         string    `json:"name"`
	Location     string    `json:"location"`
	Phone        string    `json:"phone"`
	Active       bool      `json:"active"`
	SlotMinutes  int       `json:"slot_minutes" doc:"预约时段长度（分钟）：15、20、30 或 60"`
	SlotCapacity int       `json:"slot_capacity" doc:"每个时段可预约人数，1–50"`
	Staff        []Staff   `json:"staff,omitempty"`
	Hours        []Session `json:"hours,omitempty"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Title is how pages name the window: "1号窗口 综合受理".
func (w Window) Title() string { return fmt.Sprintf("%d号窗口 %s", w.Number, w.Name) }

// Staff is one clerk on a window.
type Staff struct {
	UserID     int64     `json:"user_id"`
	Name       string    `json:"name"`
	AssignedAt time.Time `json:"assigned_at"`
}

// Sessions of a day.
const (
	Morning   = "am"
	Afternoon = "pm"
)

// Session is one opening session of a weekday (1 = Monday … 7 = Sunday).
// Opens and Closes are minutes after midnight, Beijing time.
type Session struct {
	Weekday int    `json:"weekday" doc:"1（星期一）– 7（星期日）"`
	Session string `json:"session" doc:"am（上午）| pm（下午）"`
	Opens   Clock  `json:"opens" doc:"HH:MM"`
	Closes  Clock  `json:"closes" doc:"HH:MM"`
}

// Clock is a time of day in minutes after midnight; JSON and the database
// hold it as "HH:MM".
type Clock int

var clockRe = regexp.MustCompile(`^([01][0-9]|2[0-3]):([0-5][0-9])$`)

// ParseClock parses "HH:MM" (also "H:MM"); ok is false otherwise.
func ParseClock(s string) (Clock, bool) {
	s = strings.TrimSpace(s)
	if len(s) == 4 {
		s = "0" + s
	}
	m := clockRe.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	return Clock(int(m[1][0]-'0')*600 + int(m[1][1]-'0')*60 + int(m[2][0]-'0')*10 + int(m[2][1]-'0')), true
}

// String is "HH:MM".
func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

// MarshalText writes "HH:MM".
func (c Clock) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText reads "HH:MM" or refuses with an Invalid error.
func (c *Clock) UnmarshalText(b []byte) error {
	v, ok := ParseClock(string(b))
	if !ok {
		return errs.Ef(errs.Invalid, "时间“%s”格式不对，应为 HH:MM，例如 09:00。", string(b))
	}
	*c = v
	return nil
}

// Value stores c as TEXT 'HH:MM'.
func (c Clock) Value() (driver.Value, error) { return c.String(), nil }

// Scan reads TEXT 'HH:MM'.
func (c *Clock) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("window.Clock: cannot scan %T", src)
	}
	v, ok := ParseClock(s)
	if !ok {
		return fmt.Errorf("window.Clock: bad time %q", s)
	}
	*c = v
	return nil
}

var weekdayLabels = [8]string{"", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"}

// WeekdayLabel is the Chinese name of weekday 1–7.
func WeekdayLabel(d int) string {
	if d < 1 || d > 7 {
		return ""
	}
	return weekdayLabels[d]
}

// SessionLabel is 上午 or 下午.
func SessionLabel(s string) string {
	if s == Morning {
		return "上午"
	}
	return "下午"
}

// Input is what an administrator fills in to create or edit a window.
// RegionCode is fixed once the window exists (Update ignores it).
type Input struct {
	RegionCode   string `json:"region_code"`
	Number       int    `json:"number"`
	Name         string `json:"name"`
	Location     string `json:"location"`
	Phone        string `json:"phone"`
	Active       bool   `json:"active"`
	SlotMinutes  int    `json:"slot_minutes"`
	SlotCapacity int    `json:"slot_capacity"`
}

var phoneRe = regexp.MustCompile(`^[0-9+\- ]{7,20}$`)

// Validate trims the input and returns an Invalid error with a Chinese
// message per field: region_code, number, name, location, phone,
// slot_minutes, slot_capacity. Zero slot settings take the defaults.
func (in *Input) Validate() error {
	in.Name, in.Location, in.Phone = strings.TrimSpace(in.Name), strings.TrimSpace(in.Location), strings.TrimSpace(in.Phone)
	if in.SlotMinutes == 0 {
		in.SlotMinutes = DefaultSlot
	}
	if in.SlotCapacity == 0 {
		in.SlotCapacity = DefaultSeats
	}
	f := map[string]string{}
	if in.RegionCode == "" {
		f["region_code"] = "请选择区县。"
	}
	if in.Number < 1 || in.Number > 999 {
		f["number"] = "窗口编号应为 1 至 999 之间的整数。"
	}
	checkText(f, "name", in.Name, "窗口名称", 40, true)
	checkText(f, "location", in.Location, "窗口位置", 100, false)
	if in.Phone != "" && !phoneRe.MatchString(in.Phone) {
		f["phone"] = "咨询电话只能包含数字、空格、+ 和 -，7 至 20 位。"
	}
	if !validSlot(in.SlotMinutes) {
		f["slot_minutes"] = "预约时段长度应为 15、20、30 或 60 分钟。"
	}
	if in.SlotCapacity < 1 || in.SlotCapacity > MaxCapacity {
		f["slot_capacity"] = fmt.Sprintf("每个时段可预约人数应为 1 至 %d。", MaxCapacity)
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return nil
}

func validSlot(n int) bool {
	for _, v := range SlotLengths {
		if v == n {
			return true
		}
	}
	return false
}

// checkText requires (when required) and limits a free-text field.
func checkText(f map[string]string, field, v, label string, max int, required bool) {
	switch {
	case required && v == "":
		f[field] = "请填写" + label + "。"
	case utf8.RuneCountInString(v) > max:
		f[field] = fmt.Sprintf("%s不能超过 %d 字。", label, max)
	}
}

// ValidateHours checks a week of sessions: weekday 1–7, session am or pm,
// each at most once, opening before closing, the morning ending before the
// afternoon starts. Errors are Invalid with fields "h-<weekday>-<session>".
func ValidateHours(hours []Session) error {
	f := map[string]string{}
	seen := map[[2]int]Session{}
	for _, h := range hours {
		key := fmt.Sprintf("h-%d-%s", h.Weekday, h.Session)
		switch {
		case h.Weekday < 1 || h.Weekday > 7 || (h.Session != Morning && h.Session != Afternoon):
			f["hours"] = "开放时间中有无效的星期或时段。"
		case h.Opens >= h.Closes:
			f[key] = WeekdayLabel(h.Weekday) + SessionLabel(h.Session) + "的开始时间应早于结束时间。"
		}
		k := [2]int{h.Weekday, sessionIndex(h.Session)}
		if _, dup := seen[k]; dup {
			f["hours"] = "同一天的同一时段只能填写一次。"
		}
		seen[k] = h
	}
	for d := 1; d <= 7; d++ {
		am, okA := seen[[2]int{d, 0}]
		pm, okP := seen[[2]int{d, 1}]
		if okA && okP && am.Closes > pm.Opens {
			f[fmt.Sprintf("h-%d-pm", d)] = WeekdayLabel(d) + "下午的开始时间不能早于上午的结束时间。"
		}
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return nil
}

func sessionIndex(s string) int {
	if s == Morning {
		return 0
	}
	return 1
}

// StandardHours is the usual week: Monday–Friday 09:00–12:00 and
// 13:00–17:30.
func StandardHours() []Session {
	var out []Session
	for d := 1; d <= 5; d++ {
		out = append(out, Session{Weekday: d, Session: Morning, Opens: 9 * 60, Closes: 12 * 60},
			Session{Weekday: d, Session: Afternoon, Opens: 13 * 60, Closes: 17*60 + 30})
	}
	return out
}
