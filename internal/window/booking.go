package window

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// workdays returns the first n working days from today on (today included
// when worked), as the calendar says: make-up workdays count, statutory
// holidays do not.
func (s *Service) workdays(ctx context.Context, n int) ([]calendar.Date, error) {
	var out []calendar.Date
	d := s.today()
	for i := 0; len(out) < n && i < n*3+30; i++ {
		ok, err := s.cal.IsWorkday(ctx, d)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, d)
		}
		d = d.AddDays(1)
	}
	return out, nil
}

// Slots returns the bookable slots of window id over the next n working
// days (DefaultDays when n ≤ 0, at most MaxDays), with the seats left in
// each; slots that have started are left out, and a day with no opening
// hours has no slots. Who: as Windows. Errors: as Window.
func (s *Service) Slots(ctx context.Context, id int64, n int) ([]Day, error) {
	w, err := s.Window(ctx, id)
	if err != nil {
		return nil, err
	}
	if n <= 0 {
		n = DefaultDays
	}
	days, err := s.workdays(ctx, min(n, MaxDays))
	if err != nil || len(days) == 0 {
		return nil, err
	}
	use, err := selectSlotUse(ctx, s.db, id, days[0], days[len(days)-1])
	if err != nil {
		return nil, err
	}
	now := s.now()
	out := make([]Day, 0, len(days))
	for _, d := range days {
		day := Day{Date: d, Slots: []Slot{}}
		for _, t := range grid(daySessions(w.Hours, d), w.SlotMinutes) {
			if !instant(d, t).After(now) {
				continue
			}
			sl := Slot{WindowID: id, Day: d, Starts: t, Ends: t + Clock(w.SlotMinutes), Capacity: w.SlotCapacity}
			if u, ok := use[slotKey{d.String(), t}]; ok {
				sl.Capacity = u.Capacity
				sl.Free = max(u.Capacity-u.Booked, 0)
			} else {
				sl.Free = sl.Capacity
			}
			day.Slots = append(day.Slots, sl)
		}
		out = append(out, day)
	}
	return out, nil
}

// Book books a seat for the principal in ctx, recording
// "window.appointment.book". The day must be one of the next MaxDays
// working days and the time a slot of the window's hours that has not
// started. The capacity holds under any number of concurrent bookers, and
// one person holds at most one booking per slot.
//
// Who: a person holding access.Book (enterprises and agents; any region's
// window). Errors: Unauthenticated; Forbidden (no Book, or an API key);
// Invalid with fields window_id, day, starts, matter_kind, matter_ref,
// phone; NotFound for an unknown or inactive window; Conflict when the slot
// is full or the person already booked it.
func (s *Service) Book(ctx context.Context, in BookInput) (Appointment, error) {
	p, err := asUser(ctx, access.Book, "")
	if err != nil {
		return Appointment{}, err
	}
	if err := in.Validate(); err != nil {
		return Appointment{}, err
	}
	w, err := s.Window(ctx, in.WindowID)
	if err != nil {
		return Appointment{}, err
	}
	if err := s.checkSlot(ctx, w, in.Day, in.Starts); err != nil {
		return Appointment{}, err
	}
	name, err := s.matterName(ctx, in.MatterKind, in.MatterRef)
	if err != nil {
		return Appointment{}, err
	}
	a := Appointment{WindowID: w.ID, WindowTitle: w.Title(), Location: w.Location, RegionCode: w.RegionCode,
		Day: in.Day, Starts: in.Starts, Ends: in.Starts + Clock(w.SlotMinutes), StartsAt: instant(in.Day, in.Starts),
		BookerID: p.UserID, BookerName: p.Name, MatterKind: in.MatterKind, MatterRef: in.MatterRef,
		MatterName: name, Phone: in.Phone, Status: StatusBooked, CreatedAt: s.now()}
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		slotID, err := ensureSlot(ctx, tx, w.ID, in.Day, in.Starts, w.SlotCapacity)
		if err != nil {
			return err
		}
		if a.ID, err = insertAppointment(ctx, tx, a, slotID); err != nil {
			return err
		}
		if ok, err := takeSeat(ctx, tx, slotID); err != nil || !ok {
			return orFull(err)
		}
		return s.record(ctx, tx, "window.appointment.book", "appointment", a.ID, a.RegionCode, map[string]any{
			"window_id": w.ID, "day": a.Day.String(), "starts": a.Starts.String(), "matter": a.MatterName})
	})
	if err != nil {
		return Appointment{}, err
	}
	a.StatusLabel, a.CanCancel = StatusLabel(a.Status), true
	return a, nil
}

func orFull(err error) error {
	if err != nil {
		return err
	}
	return errs.E(errs.Conflict, "该时段已约满，请选择其他时段。")
}

// checkSlot refuses a day that is not among the next MaxDays working days
// and a time that is not a future slot of the window's hours that day.
func (s *Service) checkSlot(ctx context.Context, w Window, day calendar.Date, starts Clock) error {
	days, err := s.workdays(ctx, MaxDays)
	if err != nil {
		return err
	}
	bookable := false
	for _, d := range days {
		bookable = bookable || d == day
	}
	if !bookable {
		return errs.FieldErrors(map[string]string{"day": "只能预约今后 10 个工作日内的时段，节假日不开放预约。"})
	}
	for _, t := range grid(daySessions(w.Hours, day), w.SlotMinutes) {
		if t == starts && instant(day, t).After(s.now()) {
			return nil
		}
	}
	return errs.FieldErrors(map[string]string{"starts": "所选时段不在窗口开放时间内或已经开始，请重新选择。"})
}

// matterName resolves the item or project an appointment is for; a
// project must be visible to the booker.
func (s *Service) matterName(ctx context.Context, kind, ref string) (string, error) {
	if kind == MatterItem {
		it, err := s.catalog.Item(ctx, ref)
		if errs.Is(err, errs.NotFound) || (err == nil && !it.Active) {
			return "", errs.FieldErrors(map[string]string{"matter_ref": "所选事项不存在或已停用。"})
		}
		return it.Name, err
	}
	id, _ := strconv.ParseInt(ref, 10, 64)
	pr, err := s.projects.Get(ctx, id)
	if errs.Is(err, errs.NotFound) || errs.Is(err, errs.Forbidden) || id <= 0 {
		return "", errs.FieldErrors(map[string]string{"matter_ref": "所选项目不存在或不是您的项目。"})
	}
	return pr.Name, err
}

// Cancel cancels the principal's own booking id until its slot starts,
// recording "window.appointment.cancel" and freeing the seat. Who: the
// booker (access.Book). Errors: Unauthenticated, Forbidden; NotFound when
// it does not exist or is someone else's; Conflict when it is no longer
// booked or its slot has started.
func (s *Service) Cancel(ctx context.Context, id int64) (Appointment, error) {
	p, err := asUser(ctx, access.Book, "")
	if err != nil {
		return Appointment{}, err
	}
	a, slotID, err := selectAppointment(ctx, s.db, id)
	if err != nil {
		return Appointment{}, err
	}
	if a.BookerID != p.UserID {
		return Appointment{}, errs.E(errs.NotFound, "预约不存在。")
	}
	if !s.now().Before(a.StartsAt) {
		return Appointment{}, errs.E(errs.Conflict, "预约时段已经开始，不能再取消。")
	}
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		ok, err := cancelRow(ctx, tx, id, s.now())
		if err != nil {
			return err
		}
		if !ok {
			return errs.E(errs.Conflict, "该预约已取消或已办理，不能再取消。")
		}
		if err := freeSeat(ctx, tx, slotID); err != nil {
			return err
		}
		return s.record(ctx, tx, "window.appointment.cancel", "appointment", id, a.RegionCode,
			map[string]any{"day": a.Day.String(), "starts": a.Starts.String()})
	})
	if err != nil {
		return Appointment{}, err
	}
	a.Status, a.StatusLabel = StatusCancelled, StatusLabel(StatusCancelled)
	return a, nil
}

// Mine returns the principal's bookings, latest slot first (at most 200),
// CanCancel set on those still cancellable. Who: access.Book.
func (s *Service) Mine(ctx context.Context) ([]Appointment, error) {
	p, err := asUser(ctx, access.Book, "")
	if err != nil {
		return nil, err
	}
	out, err := queryAppointments(ctx, s.db, `a.booker_id = $1 ORDER BY a.starts_at DESC, a.id DESC LIMIT 200`, p.UserID)
	now := s.now()
	for i := range out {
		out[i].CanCancel = out[i].Status == StatusBooked && now.Before(out[i].StartsAt)
	}
	return out, err
}
