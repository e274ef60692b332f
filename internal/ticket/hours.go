package ticket

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sla"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// UnitHours is the working day of an org unit's 5x8 clocks. Tickets copy
// the hours when they open, so a change applies to new tickets only.
type UnitHours struct {
	OrgUnitID   int64     `json:"org_unit_id"`
	OrgUnitName string    `json:"org_unit_name"`
	RegionCode  string    `json:"region_code"`
	Hours       string    `json:"hours" doc:"如 09:00-12:00,13:00-18:00"`
	Default     bool      `json:"default" doc:"未单独设置，使用默认工作时间"`
	DayMinutes  int       `json:"day_minutes" doc:"每个工作日的业务分钟数"`
	UpdatedAt   time.Time `json:"updated_at,omitzero"`
}

// HoursInput is a new working day; an empty Hours restores the default.
type HoursInput struct {
	Hours string `json:"hours" doc:"工作时段，逗号分隔，按时间先后、互不重叠，如 08:30-12:00,14:00-17:30；留空恢复默认"`
}

// UnitHoursOf returns the working day of org unit id. Who: TicketWork in
// the unit's region. Errors: Unauthenticated; Forbidden; NotFound.
func (s *Service) UnitHoursOf(ctx context.Context, id int64) (UnitHours, error) {
	h, err := s.hoursUnit(ctx, id)
	if err != nil {
		return h, err
	}
	var updated sqldb.Time
	err = s.db.QueryRowContext(ctx, `SELECT hours, updated_at FROM ticket_hours WHERE org_unit_id = $1`, id).
		Scan(&h.Hours, &updated)
	if err != nil && !sqldb.NotFoundIf(err) {
		return h, sqldb.Translate(err)
	}
	h.UpdatedAt = updated.Time
	h.fill()
	return h, nil
}

// hoursUnit authorises TicketWork for unit id and names it.
func (s *Service) hoursUnit(ctx context.Context, id int64) (UnitHours, error) {
	if _, err := access.Authorize(ctx, access.TicketWork, ""); err != nil {
		return UnitHours{}, err
	}
	u, err := s.orgs.Unit(ctx, id)
	if err != nil {
		return UnitHours{}, errs.E(errs.NotFound, "机构不存在。")
	}
	if _, err := access.Authorize(ctx, access.TicketWork, u.RegionCode); err != nil {
		return UnitHours{}, err
	}
	return UnitHours{OrgUnitID: u.ID, OrgUnitName: u.Name, RegionCode: u.RegionCode}, nil
}

func (h *UnitHours) fill() {
	h.Default = h.Hours == ""
	segs := parseHoursOrDefault(h.Hours)
	h.DayMinutes = sla.WorkingHours(segs...).DayMinutes()
	if h.Default {
		h.Hours = sla.FormatHours(sla.DefaultHours)
	}
}

// SetUnitHours sets (or, with empty hours, resets) the working day of org
// unit id, with the audit event "ticket.hours", in one transaction. The
// segments must be "HH:MM-HH:MM" within 00:00–24:00, in order and not
// overlapping. Who: TicketWork in the unit's region. Errors:
// Unauthenticated; Forbidden; NotFound; Invalid (field "hours").
func (s *Service) SetUnitHours(ctx context.Context, id int64, in HoursInput) (UnitHours, error) {
	h, err := s.hoursUnit(ctx, id)
	if err != nil {
		return h, err
	}
	text := strings.TrimSpace(in.Hours)
	if text != "" {
		segs, err := sla.ParseHours(text)
		if err != nil {
			return h, errs.FieldErrors(map[string]string{"hours": errs.Message(err)})
		}
		text = sla.FormatHours(segs)
	}
	now := s.instant()
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		var err error
		if text == "" {
			_, err = tx.ExecContext(ctx, `DELETE FROM ticket_hours WHERE org_unit_id = $1`, id)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO ticket_hours (org_unit_id, hours, updated_at) VALUES ($1, $2, $3)
				ON CONFLICT (org_unit_id) DO UPDATE SET hours = excluded.hours, updated_at = excluded.updated_at`,
				id, text, sqldb.T(now))
		}
		if err != nil {
			return sqldb.Translate(err)
		}
		return s.rec.Record(ctx, tx, audit.Entry{Action: "ticket.hours", ObjectType: "org_unit",
			ObjectID: strconv.FormatInt(id, 10), RegionCode: h.RegionCode, Detail: map[string]any{"hours": text}})
	})
	if err != nil {
		return h, err
	}
	h.Hours = text
	if text != "" {
		h.UpdatedAt = now
	}
	h.fill()
	return h, nil
}

// UnitHoursList returns the org units with their own working day, within
// the caller's regions. Who: TicketWork. Errors: Unauthenticated;
// Forbidden; Unavailable/Internal.
func (s *Service) UnitHoursList(ctx context.Context) ([]UnitHours, error) {
	p, err := access.Authorize(ctx, access.TicketWork, "")
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT org_unit_id, hours, updated_at FROM ticket_hours ORDER BY org_unit_id`)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	var all []UnitHours
	for rows.Next() {
		var h UnitHours
		var updated sqldb.Time
		if err := rows.Scan(&h.OrgUnitID, &h.Hours, &updated); err != nil {
			rows.Close()
			return nil, sqldb.Translate(err)
		}
		h.UpdatedAt = updated.Time
		all = append(all, h)
	}
	rows.Close()
	out := []UnitHours{}
	for _, h := range all {
		u, err := s.orgs.Unit(ctx, h.OrgUnitID)
		if err != nil || !p.ScopeOf(access.TicketWork).Contains(u.RegionCode) {
			continue
		}
		h.OrgUnitName, h.RegionCode = u.Name, u.RegionCode
		h.fill()
		out = append(out, h)
	}
	return out, nil
}
