package org

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// CreateUnit creates an active unit in the region named by u.RegionCode (or
// u.RegionID) and returns it as stored; u.ID and u.Active are ignored. The
// principal in ctx needs access.OrgAdmin in that region. Errors: Forbidden;
// Invalid with per-field Chinese messages (see Unit.Validate; also an
// unknown region or a parent outside the region); Conflict with field
// messages when the region already has a unit of that name or an active
// department with that function. Records "org.unit.create".
func (s *Service) CreateUnit(ctx context.Context, u Unit) (Unit, error) {
	if _, err := access.Authorize(ctx, access.OrgAdmin, ""); err != nil {
		return Unit{}, err
	}
	u = normalizeUnit(u)
	u.ID, u.Active = 0, true
	var out Unit
	err := s.db.WithTx(ctx, func(tx *sql.Tx) error {
		fields := map[string]string{}
		if reg, ok, err := resolveRegion(ctx, tx, u); err != nil {
			return err
		} else if ok {
			if _, err := access.Authorize(ctx, access.OrgAdmin, reg.Code); err != nil {
				return err
			}
			u.RegionID, u.RegionCode, u.RegionName = reg.ID, reg.Code, reg.Name
		} else if u.RegionCode != "" || u.RegionID != 0 {
			fields["region_code"] = "所选区县不存在，请从列表中选择。"
		}
		if err := checkUnit(ctx, tx, u, fields); err != nil {
			return err
		}
		id, err := insertUnit(ctx, tx, u, s.now())
		if err != nil {
			return err
		}
		if out, err = selectUnit(ctx, tx, id); err != nil {
			return err
		}
		return s.recordUnit(ctx, tx, "org.unit.create", out, out)
	})
	return out, err
}

// UpdateUnit replaces the editable fields of unit u.ID (ParentID, Kind,
// FunctionCode, Name, ShortName, CreditCode, Phone, SortOrder) and returns
// the unit as stored. The region cannot change (u.RegionCode / u.RegionID
// must be empty or the current one) and Active is ignored (use
// SetUnitActive). The principal needs access.OrgAdmin in the unit's region.
// Errors as CreateUnit, plus NotFound. A change is recorded as
// "org.unit.update" with the before and after values of the changed fields;
// an update that changes nothing writes nothing.
func (s *Service) UpdateUnit(ctx context.Context, u Unit) (Unit, error) {
	u = normalizeUnit(u)
	var out Unit
	err := s.db.WithTx(ctx, func(tx *sql.Tx) error {
		old, err := authorizedUnit(ctx, tx, access.OrgAdmin, u.ID)
		if err != nil {
			return err
		}
		fields := map[string]string{}
		if (u.RegionCode != "" && u.RegionCode != old.RegionCode) || (u.RegionID != 0 && u.RegionID != old.RegionID) {
			fields["region_code"] = "机构所属区县不能修改；如需调整，请停用本机构并在新区县新建。"
		}
		u.RegionID, u.RegionCode, u.RegionName, u.Active = old.RegionID, old.RegionCode, old.RegionName, old.Active
		if err := checkUnit(ctx, tx, u, fields); err != nil {
			return err
		}
		changes := unitChanges(old, u)
		if len(changes) == 0 {
			out = old
			return nil
		}
		if err := updateUnitRow(ctx, tx, u, s.now()); err != nil {
			return err
		}
		if out, err = selectUnit(ctx, tx, u.ID); err != nil {
			return err
		}
		return s.recordUnit(ctx, tx, "org.unit.update", out, map[string]any{"changes": changes})
	})
	return out, err
}

// SetUnitActive activates or deactivates unit id. The principal needs
// access.OrgAdmin in the unit's region. Activating a department fails with
// Conflict when another active department of the region holds its function.
// Records "org.unit.activate" or "org.unit.deactivate"; setting the current
// state again writes nothing.
func (s *Service) SetUnitActive(ctx context.Context, id int64, active bool) error {
	return s.db.WithTx(ctx, func(tx *sql.Tx) error {
		u, err := authorizedUnit(ctx, tx, access.OrgAdmin, id)
		if err != nil || u.Active == active {
			return err
		}
		if active && u.Kind == KindDepartment && u.FunctionCode != "" {
			taken, holder, err := activeDepartment(ctx, tx, u.RegionID, u.FunctionCode, u.ID)
			if err != nil {
				return err
			}
			if taken != 0 {
				return errs.Ef(errs.Conflict, "本区县已有该职能的启用部门“%s”，请先停用它。", holder)
			}
		}
		if err := setUnitActiveRow(ctx, tx, id, active, s.now()); err != nil {
			return err
		}
		action := "org.unit.deactivate"
		if active {
			action = "org.unit.activate"
		}
		u.Active = active
		return s.recordUnit(ctx, tx, action, u, map[string]any{"name": u.Name, "active": active})
	})
}

func (s *Service) recordUnit(ctx context.Context, tx *sql.Tx, action string, u Unit, detail any) error {
	return s.rec.Record(ctx, tx, audit.Entry{Action: action, ObjectType: "org_unit",
		ObjectID: strconv.FormatInt(u.ID, 10), RegionCode: u.RegionCode, Detail: detail})
}

func normalizeUnit(u Unit) Unit {
	u.RegionCode = strings.TrimSpace(u.RegionCode)
	u.Kind = strings.TrimSpace(u.Kind)
	u.FunctionCode = strings.ToLower(strings.TrimSpace(u.FunctionCode))
	if u.Kind == KindWindow && u.FunctionCode == "" {
		u.FunctionCode = "window"
	}
	u.Name = strings.TrimSpace(u.Name)
	u.ShortName = strings.TrimSpace(u.ShortName)
	u.CreditCode = strings.ToUpper(strings.TrimSpace(u.CreditCode))
	u.Phone = strings.TrimSpace(u.Phone)
	return u
}

// resolveRegion finds the region u names by code, else by id.
func resolveRegion(ctx context.Context, q sqldb.Querier, u Unit) (Region, bool, error) {
	var r Region
	var err error
	switch {
	case u.RegionCode != "":
		r, err = selectRegion(ctx, q, "code", u.RegionCode)
	case u.RegionID != 0:
		r, err = selectRegion(ctx, q, "id", u.RegionID)
	default:
		return Region{}, false, nil
	}
	if errs.Is(err, errs.NotFound) {
		return Region{}, false, nil
	}
	return r, err == nil, err
}

// checkUnit adds to fields the problems of u, its own (Validate) and those
// that need the database: parent, unique name, unique active department
// function. It returns Conflict when only uniqueness failed, else Invalid.
func checkUnit(ctx context.Context, q sqldb.Querier, u Unit, fields map[string]string) error {
	for k, v := range errs.FieldsOf(u.Validate()) {
		if _, set := fields[k]; !set {
			fields[k] = v
		}
	}
	if u.RegionID == 0 {
		return fieldErrors(fields)
	}
	if err := checkParent(ctx, q, u, fields); err != nil {
		return err
	}
	invalid := len(fields) > 0
	if id, err := unitNamed(ctx, q, u.RegionID, u.Name); err != nil {
		return err
	} else if id != 0 && id != u.ID && fields["name"] == "" {
		fields["name"] = "本区县已有名为“" + u.Name + "”的机构。"
	}
	if u.Kind == KindDepartment && u.Active && fields["function_code"] == "" {
		taken, holder, err := activeDepartment(ctx, q, u.RegionID, u.FunctionCode, u.ID)
		if err != nil {
			return err
		}
		if taken != 0 {
			fields["function_code"] = "本区县已有该职能的启用部门“" + holder + "”；请先停用它，或选择其他职能。"
		}
	}
	if !invalid && len(fields) > 0 {
		return &errs.Error{Kind: errs.Conflict, Message: "与已有机构重复，请修改后重试。", Fields: fields}
	}
	return fieldErrors(fields)
}

// checkParent requires u's parent to exist in u's region and not to be u or
// one of u's descendants.
func checkParent(ctx context.Context, q sqldb.Querier, u Unit, fields map[string]string) error {
	for id, depth := u.ParentID, 0; id != 0 && fields["parent_id"] == ""; depth++ {
		p, err := selectUnit(ctx, q, id)
		switch {
		case errs.Is(err, errs.NotFound):
			fields["parent_id"] = "所选上级机构不存在，请从列表中选择。"
		case err != nil:
			return err
		case p.RegionID != u.RegionID:
			fields["parent_id"] = "上级机构必须与本机构属于同一区县。"
		case u.ID != 0 && p.ID == u.ID, depth > 20:
			fields["parent_id"] = "不能把本机构的下级机构设为上级机构。"
		}
		id = p.ParentID
	}
	return nil
}

// change is the before and after value of one field in an audit detail.
type change struct {
	Before any `json:"before"`
	After  any `json:"after"`
}

func diff[T comparable](c map[string]change, field string, before, after T) {
	if before != after {
		c[field] = change{Before: before, After: after}
	}
}

func unitChanges(a, b Unit) map[string]change {
	c := map[string]change{}
	diff(c, "parent_id", a.ParentID, b.ParentID)
	diff(c, "kind", a.Kind, b.Kind)
	diff(c, "function_code", a.FunctionCode, b.FunctionCode)
	diff(c, "name", a.Name, b.Name)
	diff(c, "short_name", a.ShortName, b.ShortName)
	diff(c, "credit_code", a.CreditCode, b.CreditCode)
	diff(c, "phone", a.Phone, b.Phone)
	diff(c, "sort_order", a.SortOrder, b.SortOrder)
	return c
}
