package window

import (
	"context"
	"database/sql"
	"strings"
	"unicode/utf8"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// Assignment is a case with its current window (zero ID when the case is
// at no window yet) and the history of its moves, oldest first.
type Assignment struct {
	Case    CaseRef `json:"case"`
	Current Window  `json:"current"`
	Moves   []Move  `json:"moves"`
}

// TransferInput moves a case to ToWindowID. Reason is required for a
// transfer from another window and optional for the first assignment.
type TransferInput struct {
	ToWindowID int64  `json:"to_window_id" doc:"目标窗口 id（可为其他区县的窗口）"`
	Reason     string `json:"reason" doc:"转交原因，最多 200 字；首次分配窗口时可不填"`
}

// deskRegion is the region whose clerks handle the case now: the current
// window's, or the case's own when it is at no window.
func (a Assignment) deskRegion() string {
	if a.Current.ID != 0 {
		return a.Current.RegionCode
	}
	return a.Case.RegionCode
}

// CaseWindow returns case caseID's window assignment and history. Who:
// access.CaseAccept or access.WindowWork in the case's region or in the
// region of its current window. Errors: Unauthenticated; Forbidden;
// NotFound when there is no such case.
func (s *Service) CaseWindow(ctx context.Context, caseID int64) (Assignment, error) {
	p, err := access.Require(ctx)
	if err != nil {
		return Assignment{}, err
	}
	if !p.Can(access.CaseAccept) && !p.Can(access.WindowWork) {
		return Assignment{}, errs.E(errs.Forbidden, "")
	}
	a, err := s.assignment(ctx, caseID)
	if err != nil {
		return Assignment{}, err
	}
	for _, perm := range []access.Permission{access.CaseAccept, access.WindowWork} {
		sc := p.ScopeOf(perm)
		if sc.Contains(a.Case.RegionCode) || sc.Contains(a.deskRegion()) {
			return a, nil
		}
	}
	return Assignment{}, errs.E(errs.Forbidden, "您无权访问其他区县的办件。")
}

func (s *Service) assignment(ctx context.Context, caseID int64) (Assignment, error) {
	c, err := selectCase(ctx, s.db, caseID)
	if err != nil {
		return Assignment{}, err
	}
	a := Assignment{Case: c}
	cur, err := currentWindow(ctx, s.db, caseID)
	if err != nil {
		return Assignment{}, err
	}
	if cur != 0 {
		if a.Current, err = selectWindow(ctx, s.db, cur); err != nil {
			return Assignment{}, err
		}
		ws := []Window{a.Current}
		if err := s.names(ctx, ws); err != nil {
			return Assignment{}, err
		}
		a.Current = ws[0]
	}
	a.Moves, err = selectMoves(ctx, s.db, caseID)
	return a, err
}

// Transfer assigns case caseID to window in.ToWindowID — the first
// assignment when the case is at no window (e.g. a walk-in taken at the
// counter), otherwise a transfer from its current window, possibly to
// another region's window — recording the move in the history and
// "window.case.assign" or "window.case.transfer".
//
// Who: a window clerk (access.CaseAccept) of the region whose clerks hold
// the case now (the current window's, else the case's). Errors:
// Unauthenticated; Forbidden; NotFound (case); Invalid (fields
// to_window_id, reason); Conflict when the case has ended or another
// clerk moved it meanwhile.
func (s *Service) Transfer(ctx context.Context, caseID int64, in TransferInput) (Assignment, error) {
	if _, err := asUser(ctx, access.CaseAccept, ""); err != nil {
		return Assignment{}, err
	}
	a, err := s.assignment(ctx, caseID)
	if err != nil {
		return Assignment{}, err
	}
	p, err := asUser(ctx, access.CaseAccept, a.deskRegion())
	if err != nil {
		return Assignment{}, err
	}
	if a.Case.Status.Terminal() {
		return Assignment{}, errs.Ef(errs.Conflict, "办件已%s，不能再转交窗口。", a.Case.Status.Label())
	}
	to, err := s.checkTransfer(ctx, a, &in)
	if err != nil {
		return Assignment{}, err
	}
	m := Move{CaseID: caseID, FromWindowID: a.Current.ID, ToWindowID: to.ID, Reason: in.Reason,
		ByID: p.UserID, ByName: p.Name, At: s.now()}
	action := "window.case.transfer"
	if m.FromWindowID == 0 {
		action = "window.case.assign"
	}
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		var err error
		if m.ID, err = insertMove(ctx, tx, m); err != nil {
			return err
		}
		if ok, err := setCurrent(ctx, tx, m); err != nil || !ok {
			return orMoved(err)
		}
		return s.record(ctx, tx, action, "case", caseID, a.Case.RegionCode, map[string]any{"number": a.Case.Number,
			"from_window_id": m.FromWindowID, "to_window_id": m.ToWindowID, "reason": m.Reason})
	})
	if err != nil {
		return Assignment{}, err
	}
	return s.assignment(ctx, caseID)
}

func orMoved(err error) error {
	if err != nil {
		return err
	}
	return errs.E(errs.Conflict, "该办件刚刚已被其他人员转交，请刷新后查看。")
}

// checkTransfer validates in against a and returns the target window.
func (s *Service) checkTransfer(ctx context.Context, a Assignment, in *TransferInput) (Window, error) {
	in.Reason = strings.TrimSpace(in.Reason)
	f := map[string]string{}
	switch {
	case in.Reason == "" && a.Current.ID != 0:
		f["reason"] = "请填写转交原因。"
	case utf8.RuneCountInString(in.Reason) > 200:
		f["reason"] = "转交原因不能超过 200 字。"
	}
	var to Window
	var err error
	if in.ToWindowID > 0 {
		to, err = selectWindow(ctx, s.db, in.ToWindowID)
	}
	switch {
	case err != nil && !errs.Is(err, errs.NotFound):
		return Window{}, err
	case in.ToWindowID <= 0 || err != nil || !to.Active:
		f["to_window_id"] = "请选择一个在用的窗口。"
	case to.ID == a.Current.ID:
		f["to_window_id"] = "办件已在该窗口，请选择其他窗口。"
	}
	if len(f) > 0 {
		return Window{}, errs.FieldErrors(f)
	}
	return to, nil
}

// WindowCases lists the cases now at window id, newest arrival first (at
// most 200). Who: access.WindowWork in the window's region.
func (s *Service) WindowCases(ctx context.Context, id int64) ([]CaseRef, error) {
	if _, err := access.Authorize(ctx, access.WindowWork, ""); err != nil {
		return nil, err
	}
	w, err := selectWindow(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if _, err := access.Authorize(ctx, access.WindowWork, w.RegionCode); err != nil {
		return nil, err
	}
	return selectWindowCases(ctx, s.db, id)
}
