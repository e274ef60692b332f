package project

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// chinaTime is UTC+8 (China has had no DST since 1991); the project code's
// year is a Chinese calendar year.
var chinaTime = time.FixedZone("CST", 8*3600)

// Register creates a project (and the works given with it) and returns it
// as stored. Who may: staff holding access.ProjectRegister in the project's
// region; an enterprise user for any Dazhou region (an enterprise builds
// wherever it has land; the region decides who reviews), but only with its
// own enterprise's credit code as owner — its registered name replaces
// OwnerName. Errors: Unauthenticated; Forbidden (no permission, another
// region, another enterprise's credit code); Invalid with Chinese field
// messages (see NewProject.check); Conflict with a field message when the
// project code or a work code is taken. Recorded as "project.register".
func (s *Service) Register(ctx context.Context, n NewProject) (Project, error) {
	a, err := s.actorFor(ctx, access.ProjectRegister)
	if err != nil {
		return Project{}, err
	}
	n = n.normalize()
	if err := a.ownOwner(&n); err != nil {
		return Project{}, err
	}
	regions, err := s.orgs.Regions(ctx)
	if err != nil {
		return Project{}, err
	}
	region := findRegion(regions, n.RegionCode)
	if region != nil && a.ent == nil && !a.scope.Contains(region.Code) {
		return Project{}, errs.E(errs.Forbidden, "您无权为其他区县登记项目。")
	}
	fields, site := n.check(region, regions, s.now().In(chinaTime).Year()+1)
	if err := fieldErrors(fields); err != nil {
		return Project{}, err
	}
	pr := Project{Code: n.Code, Name: n.Name, RegionCode: region.Code, FlowType: n.FlowType,
		OwnerName: n.OwnerName, OwnerCreditCode: n.OwnerCreditCode, Investment: n.Investment,
		Address: n.Address, Site: site, Works: n.Works}
	var out Project
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		out, err = s.insert(ctx, tx, pr, region.ID)
		return err
	})
	return out, err
}

// ownOwner holds an enterprise user to its own credit code and name.
func (a actor) ownOwner(n *NewProject) error {
	if a.ent == nil {
		return nil
	}
	if a.ent.CreditCode == "" || n.OwnerCreditCode != a.ent.CreditCode {
		msg := "企业账户只能登记本单位为建设单位的项目。"
		return &errs.Error{Kind: errs.Forbidden, Message: msg, Fields: map[string]string{"owner_credit_code": msg}}
	}
	n.OwnerName = a.ent.Name
	return nil
}

func findRegion(regions []org.Region, code string) *org.Region {
	for i := range regions {
		if regions[i].Code == code {
			return &regions[i]
		}
	}
	return nil
}

// insert stores pr and its works in tx after checking that their codes are
// free, records "project.register" and returns the project as stored.
func (s *Service) insert(ctx context.Context, tx *sql.Tx, pr Project, regionID int64) (Project, error) {
	if taken, err := projectCodeTaken(ctx, tx, pr.Code); err != nil {
		return Project{}, err
	} else if taken {
		return Project{}, conflict("code", "项目代码 "+pr.Code+" 已登记，请在项目列表中查找该项目。")
	}
	var err error
	if pr.EnterpriseID, err = enterpriseIDByCreditCode(ctx, tx, pr.OwnerCreditCode); err != nil {
		return Project{}, err
	}
	now := s.now()
	if pr.ID, err = insertProject(ctx, tx, pr, regionID, now); err != nil {
		return Project{}, err
	}
	codes := []string{}
	for i, w := range pr.Works {
		if _, err := s.insertWork(ctx, tx, pr.ID, w, now, "works["+strconv.Itoa(i)+"]."); err != nil {
			return Project{}, err
		}
		codes = append(codes, w.Code)
	}
	err = s.rec.Record(ctx, tx, audit.Entry{Action: "project.register", ObjectType: "project",
		ObjectID: pr.Code, RegionCode: pr.RegionCode, Detail: map[string]any{
			"id": pr.ID, "name": pr.Name, "flow_type": pr.FlowType, "owner_name": pr.OwnerName,
			"owner_credit_code": pr.OwnerCreditCode, "investment": pr.Investment.Decimal(),
			"address": pr.Address, "site": siteDigest(pr.Site), "works": codes}})
	if err != nil {
		return Project{}, err
	}
	return reload(ctx, tx, pr.ID)
}

// insertWork stores w after checking that its code is free; prefix names
// the field of a conflict ("" or "works[i].").
func (s *Service) insertWork(ctx context.Context, tx *sql.Tx, projectID int64, w Work, now time.Time, prefix string) (int64, error) {
	if taken, err := workCodeTaken(ctx, tx, w.Code); err != nil {
		return 0, err
	} else if taken {
		return 0, conflict(prefix+"code", "工程代码 "+w.Code+" 已被使用。")
	}
	return insertWork(ctx, tx, projectID, w, now)
}

// reload reads a project with its works inside tx.
func reload(ctx context.Context, tx *sql.Tx, id int64) (Project, error) {
	pr, err := selectProject(ctx, tx, "p.id", id)
	if err != nil {
		return Project{}, err
	}
	pr.Works, err = selectWorks(ctx, tx, id)
	return pr, err
}

func conflict(field, msg string) error {
	return &errs.Error{Kind: errs.Conflict, Message: msg, Fields: map[string]string{field: msg}}
}
