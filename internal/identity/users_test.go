package identity

import (
	"context"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/idcode"
)

func (f *fixture) unit(t *testing.T, region, function string) org.Unit {
	t.Helper()
	u, err := f.org.UnitByFunction(context.Background(), region, function)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func validID() string {
	c, _ := idcode.IDCheckChar("51172519850612301")
	return "51172519850612301" + string(c)
}

func TestCreateUser_Validation(t *testing.T) {
	f := newFixture(t)
	admin := f.as(t, "admin")
	qx := f.unit(t, "511725", "zj")
	good := NewUser{Username: "zhang.san", DisplayName: "张三", Password: "Qu@xian2026", Role: access.Reviewer,
		RegionCode: "511725", OrgUnitID: qx.ID, IDNumber: validID()}
	tests := []struct {
		name  string
		edit  func(n *NewUser)
		field string
	}{
		{"bad username", func(n *NewUser) { n.Username = "张三" }, "username"},
		{"bad id number", func(n *NewUser) { n.IDNumber = "511725198506123010" }, "id_number"},
		{"weak password", func(n *NewUser) { n.Password = "password" }, "password"},
		{"unit of another region", func(n *NewUser) { n.OrgUnitID = f.unit(t, "511702", "zj").ID }, "org_unit_id"},
		{"enterprise without credit code", func(n *NewUser) { n.Role = access.Applicant; n.EnterpriseName = "某公司" }, "credit_code"},
		{"no role", func(n *NewUser) { n.Role = "" }, "role"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := good
			tc.edit(&n)
			_, err := f.svc.CreateUser(admin, n)
			if errs.FieldsOf(err)[tc.field] == "" {
				t.Fatalf("want a message for %s, got %v (%v)", tc.field, err, errs.FieldsOf(err))
			}
		})
	}
	id, err := f.svc.CreateUser(admin, good)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.CreateUser(admin, good); errs.FieldsOf(err)["username"] == "" {
		t.Fatalf("duplicate user name: %v", err)
	}
	u, err := f.svc.GetUser(admin, id)
	if err != nil || !u.MustChangePassword || u.IDNumber.String() != idcode.MaskID(validID()) {
		t.Fatalf("created user %+v %v", u, err)
	}
	f.verifyAudit(t)
}

func TestCreateUser_EnterpriseAccount(t *testing.T) {
	f := newFixture(t)
	admin := f.as(t, "admin")
	code := "91510100MA6CGUGA1W"
	id, err := f.svc.CreateUser(admin, NewUser{Username: "qiye2", DisplayName: "王经理", Password: "Qiye@2026x",
		Role: access.Applicant, RegionCode: "511781", CreditCode: code, EnterpriseName: "万源某建材有限公司"})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := f.svc.GetUser(admin, id)
	if u.Kind != KindEnterprise || u.CreditCode != code || u.EnterpriseName != "万源某建材有限公司" {
		t.Fatalf("%+v", u)
	}
	err = f.svc.AddAssignment(admin, id, access.Reviewer, "511781", f.unit(t, "511781", "zj").ID)
	if errs.FieldsOf(err)["role"] == "" {
		t.Fatalf("an enterprise account cannot take a staff role: %v", err)
	}
}

// countyAdmin creates a sys_admin scoped to 渠县 and returns its context.
func (f *fixture) countyAdmin(t *testing.T) context.Context {
	t.Helper()
	_, err := f.svc.CreateUser(f.as(t, "admin"), NewUser{Username: "admin.qx", DisplayName: "渠县管理员",
		Password: "Qu@xian2026", Role: access.SysAdmin, RegionCode: "511725", OrgUnitID: f.unit(t, "511725", "zwfw").ID})
	if err != nil {
		t.Fatal(err)
	}
	_, p, err := f.svc.Login(context.Background(), "admin.qx", "Qu@xian2026", Client{})
	if err != nil {
		t.Fatal(err)
	}
	return access.With(context.Background(), p)
}

func TestUserAdmin_CountyScope(t *testing.T) {
	f := newFixture(t)
	qx := f.countyAdmin(t)
	users, err := f.svc.ListUsers(qx, UserFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.Username == "chuangkou" || u.Username == "admin" {
			t.Fatalf("渠县 admin sees %s of another region", u.Username)
		}
	}
	if len(users) != 2 { // chuangkou.qx and admin.qx
		t.Fatalf("got %d users", len(users))
	}
	tc, _ := f.svc.ListUsers(f.as(t, "admin"), UserFilter{Query: "chuangkou"})
	var tongchuan int64
	for _, u := range tc {
		if u.Username == "chuangkou" {
			tongchuan = u.ID
		}
	}
	if _, err := f.svc.GetUser(qx, tongchuan); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("GetUser across counties: %v", err)
	}
	if err := f.svc.Unlock(qx, tongchuan); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("Unlock across counties: %v", err)
	}
	_, err = f.svc.CreateUser(qx, NewUser{Username: "x.tc", DisplayName: "某人", Password: "Qu@xian2026",
		Role: access.WindowClerk, RegionCode: "511702", OrgUnitID: f.unit(t, "511702", "window").ID})
	if !errs.Is(err, errs.Forbidden) {
		t.Fatalf("CreateUser in another county: %v", err)
	}
	if _, err := f.svc.ListUsers(f.as(t, "chuangkou"), UserFilter{}); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("a clerk cannot list users: %v", err)
	}
}

func TestChangePassword(t *testing.T) {
	f := newFixture(t)
	ctx := f.as(t, "shenpi")
	tests := []struct {
		cur, next, confirm, field string
	}{
		{"wrong", "New@pass2026", "New@pass2026", "current"},
		{DemoPassword, "New@pass2026", "Other@2026", "confirm"},
		{DemoPassword, DemoPassword, DemoPassword, "password"},
		{DemoPassword, "short", "short", "password"},
	}
	for _, tc := range tests {
		if _, err := f.svc.ChangePassword(ctx, tc.cur, tc.next, tc.confirm, Client{}); errs.FieldsOf(err)[tc.field] == "" {
			t.Errorf("%+v: %v", tc, err)
		}
	}
	if _, err := f.svc.ChangePassword(ctx, DemoPassword, "New@pass2026", "New@pass2026", Client{}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.Login(context.Background(), "shenpi", "New@pass2026", Client{}); err != nil {
		t.Fatalf("new password: %v", err)
	}
	if _, _, err := f.svc.Login(context.Background(), "shenpi", DemoPassword, Client{}); err == nil {
		t.Fatal("old password still works")
	}
}

func TestResetPassword_ForcesChange(t *testing.T) {
	f := newFixture(t)
	admin := f.as(t, "admin")
	users, _ := f.svc.ListUsers(admin, UserFilter{Query: "daiban"})
	if err := f.svc.ResetPassword(admin, users[0].ID, "Temp@2026x"); err != nil {
		t.Fatal(err)
	}
	_, p, err := f.svc.Login(context.Background(), "daiban", "Temp@2026x", Client{})
	if err != nil || !p.MustChangePassword {
		t.Fatalf("after reset: %+v %v", p, err)
	}
}
