package identity

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/idcode"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// DemoPassword is the password of every demo account. It satisfies the
// policy; the demo accounts are not forced to change it so that a newcomer
// can try each role at once. Never enable demo data in production.
const DemoPassword = "Dazhou@2026"

// DemoAccount describes one demo account for the seed and the start-up banner.
type DemoAccount struct {
	Username, DisplayName string
	Role                  access.Role
	RegionCode            string
	Function              string // org unit function code; "" for enterprise roles
}

// DemoAccounts are the demo accounts, one or more per role. 通川区 and 渠县
// both have a window clerk so that county isolation can be tried.
var DemoAccounts = []DemoAccount{
	{"qiye", "达州川东建设有限公司（演示）", access.Applicant, "511702", ""},
	{"daiban", "李代办（演示）", access.Agent, "511702", "zwfw"},
	{"chuangkou", "王受理（演示·通川区）", access.WindowClerk, "511702", "window"},
	{"chuangkou.qx", "赵受理（演示·渠县）", access.WindowClerk, "511725", "window"},
	{"shenpi", "陈审批（演示）", access.Reviewer, "511702", "zrzy"},
	{"fuzeren", "刘科长（演示）", access.DeptHead, "511702", "zrzy"},
	{"shenpi.zj", "孙审批（演示·通川区住建局）", access.Reviewer, "511702", "zj"},
	{"kezhang.zj", "马科长（演示·通川区住建局）", access.DeptHead, "511702", "zj"},
	{"shenpi.xf", "郑审批（演示·消防审验）", access.Reviewer, "511702", "xfsy"},
	{"kezhang.xf", "黄科长（演示·消防审验）", access.DeptHead, "511702", "xfsy"},
	{"jianguan", "周监管（演示·市工改办）", access.Supervisor, "511700", "zj"},
	{"yunwei", "吴运维（演示）", access.OpsEngineer, "511700", "zwfw"},
	{"admin", "系统管理员（演示）", access.SysAdmin, "511700", "zwfw"},
}

// demoCreditCode is a syntactically valid 统一社会信用代码 made for the demo
// enterprise (registered in 通川区, 511702); it belongs to no real company.
func demoCreditCode() string {
	const first = "91511702MA6DH2026"
	c, ok := idcode.CreditCheckChar(first)
	if !ok {
		panic("identity: demo credit code uses a character outside GB 32100")
	}
	return first + string(c)
}

// SeedDemo creates the demo enterprise and accounts inside tx. It is meant
// to run once (the caller records that); existing user names are skipped.
func (s *Service) SeedDemo(ctx context.Context, tx *sql.Tx) (int, error) {
	now := sqldb.T(s.now())
	hash := HashPassword(DemoPassword, s.policy.Hash)
	created := 0
	for _, d := range DemoAccounts {
		var exists int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE username = $1`, d.Username).Scan(&exists); err != nil {
			return created, sqldb.Translate(err)
		}
		if exists > 0 {
			continue
		}
		if err := s.seedOne(ctx, tx, d, hash, now); err != nil {
			return created, fmt.Errorf("demo account %s: %w", d.Username, err)
		}
		created++
	}
	return created, s.rec.Record(ctx, tx, audit.Entry{Action: "seed.demo_accounts", ObjectType: "seed",
		ObjectID: "demo", Detail: map[string]any{"created": created}})
}

func (s *Service) seedOne(ctx context.Context, tx *sql.Tx, d DemoAccount, hash string, now sqldb.Time) error {
	region, err := s.org.RegionByCode(ctx, d.RegionCode)
	if err != nil {
		return err
	}
	a := access.Assignment{Role: d.Role, RegionID: region.ID, RegionCode: region.Code}
	u := User{Username: d.Username, DisplayName: d.DisplayName, Kind: KindStaff}
	if d.Role.Enterprise() {
		u.Kind = KindEnterprise
		if u.EnterpriseID, err = enterpriseID(ctx, tx, demoCreditCode(), d.DisplayName, region.ID, now); err != nil {
			return err
		}
	} else {
		unit, err := s.org.UnitByFunction(ctx, d.RegionCode, d.Function)
		if err != nil {
			return err
		}
		a.OrgUnitID = unit.ID
	}
	id, err := insertUser(ctx, tx, u, hash, now)
	if err != nil {
		return err
	}
	_, err = insertAssignment(ctx, tx, id, a, now)
	return err
}

// Enterprise is an enterprise account's organisation.
type Enterprise struct {
	ID         int64
	CreditCode string
	Name       string
}

// DemoEnterprise returns the demo applicant's enterprise (read inside tx so
// that a seed in the same transaction sees it).
func (s *Service) DemoEnterprise(ctx context.Context, tx *sql.Tx) (Enterprise, error) {
	var e Enterprise
	err := tx.QueryRowContext(ctx, `SELECT e.id, e.credit_code, e.name FROM enterprises e
		JOIN users u ON u.enterprise_id = e.id WHERE u.username = $1`, DemoAccounts[0].Username).Scan(&e.ID, &e.CreditCode, &e.Name)
	return e, sqldb.Translate(err)
}

// ActAs returns ctx acting as the named account, without a session or a
// login event: for seeds and jobs that must act as a person (the demo
// cases are submitted, accepted and reviewed by the demo accounts). It is
// not reachable from any request.
func (s *Service) ActAs(ctx context.Context, username string) (context.Context, error) {
	u, _, err := userForLogin(ctx, s.db, username)
	if err != nil {
		return nil, err
	}
	p, err := s.principalFor(ctx, s.db, u)
	if err != nil {
		return nil, err
	}
	return access.With(audit.WithActor(ctx, actorOf(p)), p), nil
}
