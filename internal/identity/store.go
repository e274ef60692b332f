package identity

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/idcode"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

const userColumns = `u.id, u.username, u.display_name, u.kind, COALESCE(u.enterprise_id, 0),
	COALESCE(e.name, ''), COALESCE(e.credit_code, ''), u.id_number, u.phone, u.must_change_password,
	u.failed_logins, u.locked_until, u.last_login_at, u.active, u.created_at`

const userFrom = ` FROM users u LEFT JOIN enterprises e ON e.id = u.enterprise_id`

type rowScanner interface{ Scan(dest ...any) error }

func scanUser(sc rowScanner) (User, error) {
	var u User
	var idNum string
	var locked, last sqldb.NullTime
	var created sqldb.Time
	err := sc.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Kind, &u.EnterpriseID, &u.EnterpriseName,
		&u.CreditCode, &idNum, &u.Phone, &u.MustChangePassword, &u.FailedLogins, &locked, &last,
		&u.Active, &created)
	u.IDNumber = idcode.IDNumber(idNum)
	u.LockedUntil, u.LastLoginAt, u.CreatedAt = locked.Time, last.Time, created.Time
	return u, err
}

func userByID(ctx context.Context, q sqldb.Querier, id int64) (User, error) {
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+userFrom+` WHERE u.id = $1`, id))
	return u, sqldb.Translate(err)
}

// userForLogin returns the user and its password hash.
func userForLogin(ctx context.Context, q sqldb.Querier, username string) (User, string, error) {
	var hash string
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+userFrom+` WHERE u.username = $1`, username))
	if err == nil {
		err = q.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = $1`, u.ID).Scan(&hash)
	}
	return u, hash, sqldb.Translate(err)
}

func loadAssignments(ctx context.Context, q sqldb.Querier, userID int64) ([]Assignment, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, role, region_id, COALESCE(org_unit_id, 0)
		FROM role_assignments WHERE user_id = $1 ORDER BY id`, userID)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Assignment
	for rows.Next() {
		var a Assignment
		var role string
		if err := rows.Scan(&a.ID, &role, &a.RegionID, &a.OrgUnitID); err != nil {
			return nil, sqldb.Translate(err)
		}
		a.Role = access.Role(role)
		out = append(out, a)
	}
	return out, sqldb.Translate(rows.Err())
}

// UserFilter selects users in the admin list.
type UserFilter struct {
	RegionIDs []int64 // nil = all regions
	Role      string
	Query     string // matches user name or display name
	Limit     int
}

func listUsers(ctx context.Context, q sqldb.Querier, f UserFilter) ([]User, error) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if f.RegionIDs != nil {
		ids := []string{"0"}
		for _, id := range f.RegionIDs {
			ids = append(ids, arg(id))
		}
		in := strings.Join(ids, ",")
		where = append(where, `(EXISTS (SELECT 1 FROM role_assignments ra WHERE ra.user_id = u.id
			AND ra.region_id IN (`+in+`)) OR e.region_id IN (`+in+`))`)
	}
	if f.Role != "" {
		where = append(where, `EXISTS (SELECT 1 FROM role_assignments ra WHERE ra.user_id = u.id AND ra.role = `+arg(f.Role)+`)`)
	}
	if f.Query != "" {
		p := arg("%" + f.Query + "%")
		where = append(where, `(u.username LIKE `+p+` OR u.display_name LIKE `+p+`)`)
	}
	text := `SELECT ` + userColumns + userFrom
	if len(where) > 0 {
		text += ` WHERE ` + strings.Join(where, " AND ")
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	rows, err := q.QueryContext(ctx, text+fmt.Sprintf(` ORDER BY u.id LIMIT %d`, limit), args...)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, sqldb.Translate(err)
		}
		out = append(out, u)
	}
	return out, sqldb.Translate(rows.Err())
}

func insertUser(ctx context.Context, q sqldb.Querier, u User, hash string, now sqldb.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO users (username, display_name, kind, enterprise_id,
		id_number, phone, password_hash, password_changed_at, must_change_password, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$8,$8) RETURNING id`,
		u.Username, u.DisplayName, u.Kind, nullInt(u.EnterpriseID), u.IDNumber.Full(), u.Phone, hash,
		now, u.MustChangePassword).Scan(&id)
	return id, sqldb.Translate(err)
}

func insertAssignment(ctx context.Context, q sqldb.Querier, userID int64, a access.Assignment, now sqldb.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO role_assignments (user_id, role, region_id, org_unit_id, created_at)
		VALUES ($1,$2,$3,$4,$5) RETURNING id`, userID, string(a.Role), a.RegionID, nullInt(a.OrgUnitID), now).Scan(&id)
	return id, sqldb.Translate(err)
}

// enterpriseID finds the enterprise by credit code or creates it.
func enterpriseID(ctx context.Context, q sqldb.Querier, code, name string, regionID int64, now sqldb.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM enterprises WHERE credit_code = $1`, code).Scan(&id)
	if err == sql.ErrNoRows {
		err = q.QueryRowContext(ctx, `INSERT INTO enterprises (credit_code, name, region_id, created_at, updated_at)
			VALUES ($1,$2,$3,$4,$4) RETURNING id`, code, name, regionID, now).Scan(&id)
	}
	return id, sqldb.Translate(err)
}

func nullInt(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

func itoa(id int64) string { return fmt.Sprint(id) }
