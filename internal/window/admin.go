package window

import (
	"context"
	"database/sql"
	"slices"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/identity"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// readers are the permissions that may see the active windows of every
// region: bookers choose one, clerks transfer cases to one, supervisors
// and administrators manage or measure them.
var readers = []access.Permission{access.Book, access.CaseAccept, access.WindowWork, access.WindowAdmin}

// reader returns the principal when it may read windows.
func reader(ctx context.Context) (*access.Principal, error) {
	p, err := access.Require(ctx)
	if err != nil {
		return nil, err
	}
	for _, perm := range readers {
		if p.Can(perm) {
			return p, nil
		}
	}
	return nil, errs.E(errs.Forbidden, "")
}

// Windows lists windows by region and number: the active windows of
// regionCode ("" = every region), plus inactive ones when inactive is set
// and the principal holds access.WindowAdmin (only in its scope).
// Errors: Unauthenticated; Forbidden without any of Book, CaseAccept,
// WindowWork or WindowAdmin.
func (s *Service) Windows(ctx context.Context, regionCode string, inactive bool) ([]Window, error) {
	p, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	var regions []string
	if regionCode != "" {
		regions = []string{regionCode}
	}
	admin := p.ScopeOf(access.WindowAdmin)
	ws, err := selectWindows(ctx, s.db, regions, inactive && p.Can(access.WindowAdmin))
	if err != nil {
		return nil, err
	}
	ws = slices.DeleteFunc(ws, func(w Window) bool { return !w.Active && !admin.Contains(w.RegionCode) })
	return ws, s.names(ctx, ws)
}

// Window returns window id with its staff and opening hours. An inactive
// window is NotFound except to its administrators. Errors as Windows, and
// NotFound.
func (s *Service) Window(ctx context.Context, id int64) (Window, error) {
	p, err := reader(ctx)
	if err != nil {
		return Window{}, err
	}
	w, err := selectWindow(ctx, s.db, id)
	if err != nil {
		return Window{}, err
	}
	if !w.Active && !p.ScopeOf(access.WindowAdmin).Contains(w.RegionCode) {
		return Window{}, errs.E(errs.NotFound, "窗口不存在或已停用。")
	}
	if w.Staff, err = selectStaff(ctx, s.db, id); err != nil {
		return Window{}, err
	}
	if w.Hours, err = selectHours(ctx, s.db, id); err != nil {
		return Window{}, err
	}
	ws := []Window{w}
	err = s.names(ctx, ws)
	return ws[0], err
}

// Create adds a window to in.RegionCode's 综合窗口 with no staff and the
// standard opening hours (StandardHours), recording "window.create".
// Who: access.WindowAdmin in the region. Errors: Unauthenticated,
// Forbidden, Invalid (fields of Input.Validate; region_code when the
// region has no active 综合窗口 unit; number when taken).
func (s *Service) Create(ctx context.Context, in Input) (Window, error) {
	if _, err := asUser(ctx, access.WindowAdmin, ""); err != nil {
		return Window{}, err
	}
	if err := in.Validate(); err != nil {
		return Window{}, err
	}
	if _, err := asUser(ctx, access.WindowAdmin, in.RegionCode); err != nil {
		return Window{}, err
	}
	unit, err := s.orgs.UnitByFunction(ctx, in.RegionCode, WindowFunction)
	if errs.Is(err, errs.NotFound) {
		return Window{}, errs.FieldErrors(map[string]string{"region_code": "该区县没有启用的综合窗口机构，请先在机构管理中设置。"})
	} else if err != nil {
		return Window{}, err
	}
	w := fromInput(Window{RegionCode: in.RegionCode, OrgUnitID: unit.ID}, in)
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		id, err := insertWindow(ctx, tx, w, s.now())
		if err != nil {
			return err
		}
		w.ID = id
		if err := replaceHours(ctx, tx, id, StandardHours()); err != nil {
			return err
		}
		return s.record(ctx, tx, "window.create", "window", id, w.RegionCode, in)
	})
	if err != nil {
		return Window{}, err
	}
	return s.Window(ctx, w.ID)
}

func fromInput(w Window, in Input) Window {
	w.Number, w.Name, w.Location, w.Phone, w.Active = in.Number, in.Name, in.Location, in.Phone, in.Active
	w.SlotMinutes, w.SlotCapacity = in.SlotMinutes, in.SlotCapacity
	return w
}

// Update changes window id (its region stays), recording "window.update".
// A new capacity applies to the slots from today on, never below their
// bookings; existing bookings keep their times when the slot length
// changes. Who and errors as Create, plus NotFound.
func (s *Service) Update(ctx context.Context, id int64, in Input) (Window, error) {
	old, err := s.forAdmin(ctx, id)
	if err != nil {
		return Window{}, err
	}
	in.RegionCode = old.RegionCode
	if err := in.Validate(); err != nil {
		return Window{}, err
	}
	w := fromInput(old, in)
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		if err := updateWindow(ctx, tx, w, s.now()); err != nil {
			return err
		}
		if err := resizeFutureSlots(ctx, tx, id, s.today().String(), w.SlotCapacity); err != nil {
			return err
		}
		return s.record(ctx, tx, "window.update", "window", id, w.RegionCode, in)
	})
	if err != nil {
		return Window{}, err
	}
	return s.Window(ctx, id)
}

// forAdmin loads window id for a WindowAdmin holder in its region.
func (s *Service) forAdmin(ctx context.Context, id int64) (Window, error) {
	if _, err := asUser(ctx, access.WindowAdmin, ""); err != nil {
		return Window{}, err
	}
	w, err := selectWindow(ctx, s.db, id)
	if err != nil {
		return Window{}, err
	}
	if _, err := asUser(ctx, access.WindowAdmin, w.RegionCode); err != nil {
		return Window{}, err
	}
	return w, nil
}

// SetHours replaces the window's opening hours, recording "window.hours".
// Who as Update. Errors: as Update, Invalid from ValidateHours.
func (s *Service) SetHours(ctx context.Context, id int64, hours []Session) (Window, error) {
	w, err := s.forAdmin(ctx, id)
	if err != nil {
		return Window{}, err
	}
	if err := ValidateHours(hours); err != nil {
		return Window{}, err
	}
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		if err := replaceHours(ctx, tx, id, hours); err != nil {
			return err
		}
		return s.record(ctx, tx, "window.hours", "window", id, w.RegionCode, hours)
	})
	if err != nil {
		return Window{}, err
	}
	return s.Window(ctx, id)
}

// Candidates lists the active accounts holding access.WindowClerk in the
// window's region, the people AddStaff accepts. Who as Update.
func (s *Service) Candidates(ctx context.Context, id int64) ([]identity.User, error) {
	w, err := s.forAdmin(ctx, id)
	if err != nil {
		return nil, err
	}
	regionID, err := s.regionID(ctx, w.RegionCode)
	if err != nil {
		return nil, err
	}
	users, err := s.users.ListUsers(ctx, identity.UserFilter{Role: string(access.WindowClerk),
		RegionIDs: []int64{regionID}, Limit: 500})
	if err != nil {
		return nil, err
	}
	var out []identity.User
	for _, u := range users {
		// The list carries no assignments: the role and the region may
		// belong to different assignments until GetUser says otherwise.
		full, err := s.users.GetUser(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		if full.Active && clerkIn(full, w.RegionCode) {
			out = append(out, full)
		}
	}
	return out, nil
}

func (s *Service) regionID(ctx context.Context, code string) (int64, error) {
	regions, err := s.orgs.Regions(ctx)
	if err != nil {
		return 0, err
	}
	for _, r := range regions {
		if r.Code == code {
			return r.ID, nil
		}
	}
	return 0, errs.Ef(errs.NotFound, "区县 %s 不存在。", code)
}

func clerkIn(u identity.User, regionCode string) bool {
	for _, a := range u.Assignments {
		if a.Role == access.WindowClerk && a.RegionCode == regionCode {
			return true
		}
	}
	return false
}

// AddStaff puts user userID on window id, recording "window.staff.add".
// The user must hold the window_clerk role in the window's region. Who as
// Update. Errors: as Update; Invalid (field user_id) for any other user;
// Conflict when the clerk is already on the window.
func (s *Service) AddStaff(ctx context.Context, id, userID int64) (Window, error) {
	w, err := s.forAdmin(ctx, id)
	if err != nil {
		return Window{}, err
	}
	u, err := s.users.GetUser(ctx, userID)
	if err != nil && !errs.Is(err, errs.NotFound) && !errs.Is(err, errs.Forbidden) {
		return Window{}, err
	}
	if err != nil || !u.Active || !clerkIn(u, w.RegionCode) {
		return Window{}, errs.FieldErrors(map[string]string{"user_id": "只能安排本区县在用的综合窗口受理人员。"})
	}
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		added, err := insertStaff(ctx, tx, id, u.ID, u.DisplayName, s.now())
		if err != nil {
			return err
		}
		if !added {
			return errs.Ef(errs.Conflict, "%s已在该窗口。", u.DisplayName)
		}
		return s.record(ctx, tx, "window.staff.add", "window", id, w.RegionCode,
			map[string]any{"user_id": u.ID, "name": u.DisplayName})
	})
	if err != nil {
		return Window{}, err
	}
	return s.Window(ctx, id)
}

// RemoveStaff takes user userID off window id, recording
// "window.staff.remove". Who as Update. Errors: as Update; NotFound when the
// user is not on the window.
func (s *Service) RemoveStaff(ctx context.Context, id, userID int64) (Window, error) {
	w, err := s.forAdmin(ctx, id)
	if err != nil {
		return Window{}, err
	}
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		gone, err := deleteStaff(ctx, tx, id, userID)
		if err != nil {
			return err
		}
		if !gone {
			return errs.E(errs.NotFound, "该人员不在此窗口。")
		}
		return s.record(ctx, tx, "window.staff.remove", "window", id, w.RegionCode, map[string]any{"user_id": userID})
	})
	if err != nil {
		return Window{}, err
	}
	return s.Window(ctx, id)
}
