package identity

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// manage loads the account (checking UserAdmin scope) and runs fn in a
// transaction, then audits action on it.
func (s *Service) manage(ctx context.Context, id int64, action string, detail map[string]any,
	fn func(tx *sql.Tx, u User) error) error {
	u, err := s.GetUser(ctx, id)
	if err != nil {
		return err
	}
	region := ""
	if len(u.Assignments) > 0 {
		region = u.Assignments[0].RegionCode
	}
	return s.db.WithTx(ctx, func(tx *sql.Tx) error {
		if err := fn(tx, u); err != nil {
			return err
		}
		return s.rec.Record(ctx, tx, audit.Entry{Action: action, ObjectType: "user",
			ObjectID: strconv.FormatInt(id, 10), RegionCode: region, Detail: detail})
	})
}

func exec(ctx context.Context, tx *sql.Tx, q string, args ...any) error {
	_, err := tx.ExecContext(ctx, q, args...)
	return sqldb.Translate(err)
}

// Unlock clears a lockout and the failure count. Audited as user.unlock.
func (s *Service) Unlock(ctx context.Context, id int64) error {
	return s.manage(ctx, id, "user.unlock", nil, func(tx *sql.Tx, u User) error {
		return exec(ctx, tx, `UPDATE users SET failed_logins = 0, locked_until = NULL, updated_at = $2 WHERE id = $1`,
			id, sqldb.T(s.now()))
	})
}

// SetActive enables or disables an account; disabling ends its sessions.
// An administrator cannot disable themself.
func (s *Service) SetActive(ctx context.Context, id int64, active bool) error {
	if p := access.From(ctx); p != nil && p.UserID == id && !active {
		return errs.E(errs.Conflict, "不能停用自己的账户。")
	}
	action := "user.disable"
	if active {
		action = "user.enable"
	}
	return s.manage(ctx, id, action, nil, func(tx *sql.Tx, u User) error {
		if err := exec(ctx, tx, `UPDATE users SET active = $2, updated_at = $3 WHERE id = $1`,
			id, active, sqldb.T(s.now())); err != nil {
			return err
		}
		if active {
			return nil
		}
		return exec(ctx, tx, `DELETE FROM sessions WHERE user_id = $1`, id)
	})
}

// ResetPassword sets a temporary password that must be changed at the next
// login, and ends the account's sessions.
func (s *Service) ResetPassword(ctx context.Context, id int64, temp string) error {
	u, err := s.GetUser(ctx, id)
	if err != nil {
		return err
	}
	if err := CheckPolicy(temp, u.Username, "password"); err != nil {
		return err
	}
	return s.manage(ctx, id, "user.password_reset", nil, func(tx *sql.Tx, u User) error {
		return s.setPassword(ctx, tx, id, temp, true)
	})
}

func (s *Service) setPassword(ctx context.Context, tx *sql.Tx, id int64, pw string, mustChange bool) error {
	now := sqldb.T(s.now())
	if err := exec(ctx, tx, `UPDATE users SET password_hash = $2, password_changed_at = $3,
		must_change_password = $4, failed_logins = 0, locked_until = NULL, updated_at = $3 WHERE id = $1`,
		id, HashPassword(pw, s.policy.Hash), now, mustChange); err != nil {
		return err
	}
	return exec(ctx, tx, `DELETE FROM sessions WHERE user_id = $1`, id)
}

// AddAssignment gives an account another role. Requires UserAdmin in the
// target region. Audited as user.role_add.
func (s *Service) AddAssignment(ctx context.Context, id int64, role access.Role, regionCode string, unitID int64) error {
	if !role.Valid() {
		return errs.FieldErrors(map[string]string{"role": "请选择角色。"})
	}
	a, fields := s.resolveAssignment(ctx, role, regionCode, unitID)
	if len(fields) > 0 {
		return errs.FieldErrors(fields)
	}
	if _, err := access.Authorize(ctx, access.UserAdmin, a.RegionCode); err != nil {
		return err
	}
	detail := map[string]any{"role": role, "region": a.RegionCode, "org_unit_id": a.OrgUnitID}
	return s.manage(ctx, id, "user.role_add", detail, func(tx *sql.Tx, u User) error {
		if role.Enterprise() != (u.Kind == KindEnterprise) {
			return errs.FieldErrors(map[string]string{"role": "企业账户只能担任企业角色，政府工作人员不能担任企业角色。"})
		}
		_, err := insertAssignment(ctx, tx, id, a, sqldb.T(s.now()))
		if errs.Is(err, errs.Conflict) {
			return errs.FieldErrors(map[string]string{"role": "该账户已有此角色。"})
		}
		return err
	})
}

// RemoveAssignment takes a role away. The last role of an account cannot be
// removed (disable the account instead).
func (s *Service) RemoveAssignment(ctx context.Context, id, assignmentID int64) error {
	return s.manage(ctx, id, "user.role_remove", map[string]any{"assignment_id": assignmentID},
		func(tx *sql.Tx, u User) error {
			var target *Assignment
			for i := range u.Assignments {
				if u.Assignments[i].ID == assignmentID {
					target = &u.Assignments[i]
				}
			}
			if target == nil {
				return errs.E(errs.NotFound, "该角色分配不存在。")
			}
			if _, err := access.Authorize(ctx, access.UserAdmin, target.RegionCode); err != nil {
				return err
			}
			if len(u.Assignments) == 1 {
				return errs.E(errs.Conflict, "不能删除账户的最后一个角色；如需停止使用，请停用账户。")
			}
			return exec(ctx, tx, `DELETE FROM role_assignments WHERE id = $1 AND user_id = $2`, assignmentID, id)
		})
}

// ChangePassword changes the caller's own password after checking the
// current one, and ends all their sessions but keeps them signed in through
// a new one (returned). Audited as user.password_change.
func (s *Service) ChangePassword(ctx context.Context, current, next, confirm string, c Client) (string, error) {
	p, err := access.Require(ctx)
	if err != nil || p.UserID == 0 {
		return "", errs.E(errs.Unauthenticated, "")
	}
	u, hash, err := userForLogin(ctx, s.db, p.Username)
	if err != nil {
		return "", err
	}
	switch {
	case !CheckPassword(hash, current):
		return "", errs.FieldErrors(map[string]string{"current": "当前密码不正确。"})
	case next != confirm:
		return "", errs.FieldErrors(map[string]string{"confirm": "两次输入的新密码不一致。"})
	case next == current:
		return "", errs.FieldErrors(map[string]string{"password": "新密码不能与当前密码相同。"})
	}
	if err := CheckPolicy(next, u.Username, "password"); err != nil {
		return "", err
	}
	var token string
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		if err := s.setPassword(ctx, tx, u.ID, next, false); err != nil {
			return err
		}
		if token, err = s.openSession(ctx, tx, u, c, s.now()); err != nil {
			return err
		}
		return s.rec.Record(ctx, tx, audit.Entry{Action: "user.password_change", ObjectType: "user",
			ObjectID: strconv.FormatInt(u.ID, 10)})
	})
	return token, err
}
