package window

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/notify"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// MyWindows returns the active windows the principal is on (none for
// someone who is on no window). Who: access.WindowWork.
func (s *Service) MyWindows(ctx context.Context) ([]Window, error) {
	p, err := access.Authorize(ctx, access.WindowWork, "")
	if err != nil {
		return nil, err
	}
	ws, err := staffWindows(ctx, s.db, p.UserID)
	if err != nil {
		return nil, err
	}
	return ws, s.names(ctx, ws)
}

// WorkWindows returns the active windows whose desk the principal may see:
// those of the regions where it holds access.WindowWork.
func (s *Service) WorkWindows(ctx context.Context) ([]Window, error) {
	p, err := access.Authorize(ctx, access.WindowWork, "")
	if err != nil {
		return nil, err
	}
	ws, err := selectWindows(ctx, s.db, p.ScopeOf(access.WindowWork).Filter(), false)
	if err != nil {
		return nil, err
	}
	return ws, s.names(ctx, ws)
}

// DayBookings returns the live and checked bookings of window id on day
// (cancelled ones left out), by time. Who: access.WindowWork in the
// window's region (its clerks, supervisors, administrators). Errors:
// Unauthenticated, Forbidden, NotFound.
func (s *Service) DayBookings(ctx context.Context, id int64, day calendar.Date) (Window, []Appointment, error) {
	if _, err := access.Authorize(ctx, access.WindowWork, ""); err != nil {
		return Window{}, nil, err
	}
	w, err := selectWindow(ctx, s.db, id)
	if err != nil {
		return Window{}, nil, err
	}
	if _, err := access.Authorize(ctx, access.WindowWork, w.RegionCode); err != nil {
		return Window{}, nil, err
	}
	out, err := queryAppointments(ctx, s.db, `a.window_id = $1 AND a.day = $2 AND a.status <> 'cancelled'
		ORDER BY a.starts, a.id`, id, day.String())
	return w, out, err
}

// Mark records that the booker of appointment id arrived (StatusArrived)
// or did not come (StatusNoShow), recording "window.appointment.mark". A
// mark may be corrected; a cancelled booking cannot be marked. Arrival can
// be marked from the booked day on, no-show once the slot has started.
//
// Who: a window clerk (access.CaseAccept) of the window's region. Errors:
// Unauthenticated, Forbidden, NotFound; Invalid for another status;
// Conflict when cancelled or too early.
func (s *Service) Mark(ctx context.Context, id int64, status string) (Appointment, error) {
	if _, err := asUser(ctx, access.CaseAccept, ""); err != nil {
		return Appointment{}, err
	}
	a, _, err := selectAppointment(ctx, s.db, id)
	if err != nil {
		return Appointment{}, err
	}
	p, err := asUser(ctx, access.CaseAccept, a.RegionCode)
	if err != nil {
		return Appointment{}, err
	}
	if err := s.checkMark(a, status); err != nil {
		return Appointment{}, err
	}
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		ok, err := markRow(ctx, tx, id, status, p.UserID, s.now())
		if err != nil {
			return err
		}
		if !ok {
			return errs.E(errs.Conflict, "该预约已取消。")
		}
		return s.record(ctx, tx, "window.appointment.mark", "appointment", id, a.RegionCode,
			map[string]any{"status": status, "was": a.Status})
	})
	if err != nil {
		return Appointment{}, err
	}
	a.Status, a.StatusLabel = status, StatusLabel(status)
	return a, nil
}

func (s *Service) checkMark(a Appointment, status string) error {
	switch {
	case status != StatusArrived && status != StatusNoShow:
		return errs.FieldErrors(map[string]string{"status": "请选择“已到场”或“未到场”。"})
	case a.Status == StatusCancelled:
		return errs.E(errs.Conflict, "该预约已取消。")
	case status == StatusArrived && s.today().Before(a.Day):
		return errs.E(errs.Conflict, "预约日期未到，不能登记到场。")
	case status == StatusNoShow && s.now().Before(a.StartsAt):
		return errs.E(errs.Conflict, "预约时段尚未开始，不能登记未到场。")
	}
	return nil
}

// RemindDue sends, once per booking, an in-app reminder to each booker
// whose live booking falls on the next working day (or on today, for one
// booked after the last run), and records "window.appointment.remind" by
// the system actor. A conditional update claims each reminder in the
// transaction that sends it, so several servers running at once still
// remind once. It returns how many it sent. The app runs it every
// RemindEvery.
func (s *Service) RemindDue(ctx context.Context) (int, error) {
	today := s.today()
	next, err := s.cal.AddWorkdays(ctx, today, 1)
	if err != nil {
		return 0, err
	}
	due, err := queryAppointments(ctx, s.db, `a.status = 'booked' AND a.reminded_at IS NULL AND a.day >= $1
		AND a.day <= $2 AND a.starts_at > $3 ORDER BY a.id LIMIT 500`, today.String(), next.Date.String(), sqldb.T(s.now()))
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, a := range due {
		claimed := false
		err := s.db.WithTx(ctx, func(tx *sql.Tx) error {
			ok, err := claimReminder(ctx, tx, a.ID, s.now())
			if err != nil || !ok {
				return err
			}
			claimed = true
			if err := s.notify.Send(ctx, tx, reminder(a)); err != nil {
				return err
			}
			return s.record(ctx, tx, "window.appointment.remind", "appointment", a.ID, a.RegionCode,
				map[string]any{"day": a.Day.String(), "starts": a.Starts.String()})
		})
		if err != nil {
			return sent, fmt.Errorf("remind appointment %d: %w", a.ID, err)
		}
		if claimed {
			sent++
		}
	}
	return sent, nil
}

func reminder(a Appointment) notify.Notification {
	return notify.Notification{Kind: "appointment.reminder", ToUserID: a.BookerID,
		Title: fmt.Sprintf("预约提醒：%s %s 到%s办理", a.Day.Label(), a.Starts, a.WindowTitle),
		Body: fmt.Sprintf("您预约了 %s（%s）%s–%s 在%s办理“%s”。地点：%s。如不能前往，请在时段开始前取消预约。",
			a.Day.Label(), a.Day.WeekdayLabel(), a.Starts, a.Ends, a.WindowTitle, a.MatterName, orDash(a.Location)),
		Link: "/appointments"}
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
