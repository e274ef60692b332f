package window

import (
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// Appointment statuses.
const (
	StatusBooked    = "booked"
	StatusCancelled = "cancelled"
	StatusArrived   = "arrived"
	StatusNoShow    = "no_show"
)

var statusLabels = map[string]string{StatusBooked: "已预约", StatusCancelled: "已取消",
	StatusArrived: "已到场", StatusNoShow: "未到场"}

// StatusLabel is the Chinese name of an appointment status.
func StatusLabel(s string) string { return statusLabels[s] }

// Matter kinds of an appointment.
const (
	MatterItem    = "item"    // an approval item, by code
	MatterProject = "project" // one of the booker's projects, by id
)

// Booking limits.
const (
	DefaultDays = 5  // working days listed when none is asked for
	MaxDays     = 10 // the furthest working day that may be booked
)

// Slot is one bookable period of a window on a working day. Free is what
// is left of Capacity.
type Slot struct {
	WindowID int64         `json:"window_id"`
	Day      calendar.Date `json:"day"`
	Starts   Clock         `json:"starts"`
	Ends     Clock         `json:"ends"`
	Capacity int           `json:"capacity"`
	Free     int           `json:"free"`
}

// Day is the slots of one working day.
type Day struct {
	Date  calendar.Date `json:"date"`
	Slots []Slot        `json:"slots"`
}

// Appointment is one booking of a slot.
type Appointment struct {
	ID          int64         `json:"id"`
	WindowID    int64         `json:"window_id"`
	WindowTitle string        `json:"window_title"`
	Location    string        `json:"location"`
	RegionCode  string        `json:"region_code"`
	Day         calendar.Date `json:"day"`
	Starts      Clock         `json:"starts"`
	Ends        Clock         `json:"ends"`
	StartsAt    time.Time     `json:"starts_at"`
	BookerID    int64         `json:"booker_id"`
	BookerName  string        `json:"booker_name"`
	MatterKind  string        `json:"matter_kind" doc:"item（事项）| project（项目）"`
	MatterRef   string        `json:"matter_ref" doc:"事项编码或项目 id"`
	MatterName  string        `json:"matter_name"`
	Phone       string        `json:"phone"`
	Status      string        `json:"status" doc:"booked | cancelled | arrived | no_show"`
	StatusLabel string        `json:"status_label"`
	RemindedAt  time.Time     `json:"reminded_at,omitzero"`
	CreatedAt   time.Time     `json:"created_at"`
	// CanCancel is set for the booker while the slot has not started.
	CanCancel bool `json:"can_cancel"`
}

// BookInput is a booking request.
type BookInput struct {
	WindowID   int64         `json:"window_id"`
	Day        calendar.Date `json:"day" doc:"YYYY-MM-DD，须为工作日"`
	Starts     Clock         `json:"starts" doc:"时段开始时间 HH:MM"`
	MatterKind string        `json:"matter_kind" doc:"item（事项）| project（项目）"`
	MatterRef  string        `json:"matter_ref" doc:"事项编码，或本人可见的项目 id"`
	Phone      string        `json:"phone" doc:"联系电话"`
}

// Validate checks the input on its own; the window, day and slot are
// checked by Book. Fields: window_id, day, matter_kind, matter_ref, phone.
func (in *BookInput) Validate() error {
	in.MatterRef, in.Phone = strings.TrimSpace(in.MatterRef), strings.TrimSpace(in.Phone)
	f := map[string]string{}
	if in.WindowID <= 0 {
		f["window_id"] = "请选择窗口。"
	}
	if in.Day.IsZero() {
		f["day"] = "请选择预约日期和时段。"
	}
	switch {
	case in.MatterKind != MatterItem && in.MatterKind != MatterProject:
		f["matter_kind"] = "请选择办理的事项或项目。"
	case in.MatterRef == "" && in.MatterKind == MatterItem:
		f["matter_ref"] = "请选择要办理的事项。"
	case in.MatterRef == "":
		f["matter_ref"] = "请选择要办理的项目。"
	}
	if !phoneRe.MatchString(in.Phone) {
		f["phone"] = "请填写联系电话（7 至 20 位数字，可含 +、- 和空格）。"
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return nil
}

// daySessions returns the sessions of a working day d: those of its
// weekday, or, for a make-up workday on a weekend without hours of its
// own, Monday's (调休 days work a normal weekday).
func daySessions(hours []Session, d calendar.Date) []Session {
	wd := isoWeekday(d)
	pick := func(day int) []Session {
		var out []Session
		for _, h := range hours {
			if h.Weekday == day {
				out = append(out, h)
			}
		}
		return out
	}
	if s := pick(wd); len(s) > 0 || wd <= 5 {
		return s
	}
	return pick(1)
}

func isoWeekday(d calendar.Date) int {
	if w := int(d.Weekday()); w != 0 {
		return w
	}
	return 7
}

// grid returns the slot start times of the sessions: every length minutes
// from each opening while a whole slot fits before closing.
func grid(sessions []Session, length int) []Clock {
	var out []Clock
	for _, s := range sessions {
		for t := s.Opens; t+Clock(length) <= s.Closes; t += Clock(length) {
			out = append(out, t)
		}
	}
	return out
}

// instant is the moment clock c on day d begins, Beijing time.
func instant(d calendar.Date, c Clock) time.Time {
	return d.Time().Add(time.Duration(c) * time.Minute)
}
