package identity

import (
	"context"
	"database/sql"
	"regexp"
	"strconv"
	"unicode/utf8"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/idcode"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// NewUser is the input for creating an account with its first role.
type NewUser struct {
	Username       string
	DisplayName    string
	Phone          string
	IDNumber       string // optional resident ID number
	Password       string // temporary; the user must change it at first login
	Role           access.Role
	RegionCode     string
	OrgUnitID      int64  // staff roles
	CreditCode     string // enterprise roles
	EnterpriseName string // enterprise roles
}

var (
	usernameRe = regexp.MustCompile(`^[a-z][a-z0-9._-]{2,31}$`)
	phoneRe    = regexp.MustCompile(`^[0-9+\- ]{7,20}$`)
)

func (n NewUser) validate() map[string]string {
	f := map[string]string{}
	if !usernameRe.MatchString(n.Username) {
		f["username"] = "用户名须为 3–32 位小写字母、数字或 . _ -，并以字母开头。"
	}
	if n.DisplayName == "" || utf8.RuneCountInString(n.DisplayName) > 40 {
		f["display_name"] = "请填写姓名（40 字以内）。"
	}
	if n.Phone != "" && !phoneRe.MatchString(n.Phone) {
		f["phone"] = "电话号码只能包含数字、空格、+ 和 -。"
	}
	if n.IDNumber != "" && !idcode.ValidIDNumber(n.IDNumber) {
		f["id_number"] = "身份证号码无效：应为 18 位，最后一位校验码须正确（X 大写）。"
	}
	if !n.Role.Valid() {
		f["role"] = "请选择角色。"
	}
	if n.Role.Enterprise() {
		if msg := idcode.CreditCodeProblem(n.CreditCode); msg != "" {
			f["credit_code"] = msg
		}
		if n.EnterpriseName == "" || utf8.RuneCountInString(n.EnterpriseName) > 100 {
			f["enterprise_name"] = "请填写企业名称。"
		}
	}
	return f
}

// CreateUser creates an account with one role assignment. Requires
// UserAdmin in the target region. The password must satisfy the policy and
// is marked for change at first login. Audited as user.create.
func (s *Service) CreateUser(ctx context.Context, n NewUser) (int64, error) {
	fields := n.validate()
	if err := CheckPolicy(n.Password, n.Username, "password"); err != nil {
		for k, v := range errs.FieldsOf(err) {
			fields[k] = v
		}
	}
	a, ferr := s.resolveAssignment(ctx, n.Role, n.RegionCode, n.OrgUnitID)
	for k, v := range ferr {
		fields[k] = v
	}
	if len(fields) > 0 {
		return 0, errs.FieldErrors(fields)
	}
	if _, err := access.Authorize(ctx, access.UserAdmin, a.RegionCode); err != nil {
		return 0, err
	}
	u := User{Username: n.Username, DisplayName: n.DisplayName, Kind: KindStaff, Phone: n.Phone,
		IDNumber: idcode.IDNumber(n.IDNumber), MustChangePassword: true}
	if n.Role.Enterprise() {
		u.Kind = KindEnterprise
	}
	var id int64
	err := s.db.WithTx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = s.insertUserTx(ctx, tx, u, n, a)
		return err
	})
	if errs.Is(err, errs.Conflict) {
		return 0, errs.FieldErrors(map[string]string{"username": "该用户名已被使用。"})
	}
	return id, err
}

func (s *Service) insertUserTx(ctx context.Context, tx *sql.Tx, u User, n NewUser, a access.Assignment) (int64, error) {
	now := sqldb.T(s.now())
	if u.Kind == KindEnterprise {
		eid, err := enterpriseID(ctx, tx, n.CreditCode, n.EnterpriseName, a.RegionID, now)
		if err != nil {
			return 0, err
		}
		u.EnterpriseID = eid
	}
	id, err := insertUser(ctx, tx, u, HashPassword(n.Password, s.policy.Hash), now)
	if err != nil {
		return 0, err
	}
	if _, err := insertAssignment(ctx, tx, id, a, now); err != nil {
		return 0, err
	}
	return id, s.rec.Record(ctx, tx, audit.Entry{Action: "user.create", ObjectType: "user",
		ObjectID: strconv.FormatInt(id, 10), RegionCode: a.RegionCode, Detail: map[string]any{
			"username": u.Username, "kind": u.Kind, "role": a.Role, "org_unit_id": a.OrgUnitID}})
}

// resolveAssignment checks that the region exists and that the org unit
// belongs to it (staff) or is absent (enterprise roles).
func (s *Service) resolveAssignment(ctx context.Context, role access.Role, regionCode string, unitID int64) (access.Assignment, map[string]string) {
	region, err := s.org.RegionByCode(ctx, regionCode)
	if err != nil {
		return access.Assignment{}, map[string]string{"region_code": "请选择有效的区县。"}
	}
	a := access.Assignment{Role: role, RegionID: region.ID, RegionCode: region.Code, RegionName: region.Name}
	if role.Enterprise() {
		return a, nil
	}
	unit, err := s.org.Unit(ctx, unitID)
	if err != nil || unit.RegionID != region.ID {
		return a, map[string]string{"org_unit_id": "请选择该区县下的机构。"}
	}
	a.OrgUnitID, a.OrgName = unit.ID, unit.Name
	return a, nil
}

// ListUsers lists accounts in the caller's UserAdmin scope.
func (s *Service) ListUsers(ctx context.Context, f UserFilter) ([]User, error) {
	p, err := access.Authorize(ctx, access.UserAdmin, "")
	if err != nil {
		return nil, err
	}
	if scope := p.ScopeOf(access.UserAdmin); !scope.All {
		f.RegionIDs = []int64{}
		for _, a := range p.Assignments {
			if a.Role.Grants(access.UserAdmin) {
				f.RegionIDs = append(f.RegionIDs, a.RegionID)
			}
		}
	}
	return listUsers(ctx, s.db, f)
}

// GetUser returns an account with its assignments. Requires UserAdmin in a
// region where the account holds a role (Forbidden otherwise).
func (s *Service) GetUser(ctx context.Context, id int64) (User, error) {
	u, err := userByID(ctx, s.db, id)
	if err != nil {
		return User{}, err
	}
	if u.Assignments, err = s.assignments(ctx, s.db, id); err != nil {
		return User{}, err
	}
	p, err := access.Authorize(ctx, access.UserAdmin, "")
	if err != nil {
		return User{}, err
	}
	scope := p.ScopeOf(access.UserAdmin)
	for _, a := range u.Assignments {
		if scope.Contains(a.RegionCode) {
			return u, nil
		}
	}
	if scope.All {
		return u, nil
	}
	return User{}, errs.E(errs.Forbidden, "您无权管理其他区县的账户。")
}
