package project

import (
	"context"
	"database/sql"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/idcode"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// demoProject is one project of the demo data set, owned by the enterprise
// passed to SeedDemo or else by demoCityOwner.
type demoProject struct {
	NewProject
	ownedByDemoEnterprise bool
}

// demoCityOwner is a made-up city-owned construction company for the
// government-investment demo project; its credit code is syntactically valid
// and belongs to no real organisation.
func demoCityOwner() (name, creditCode string) {
	const first = "91511700MA6DC2026"
	c, ok := idcode.CreditCheckChar(first)
	if !ok {
		panic("project: demo credit code uses a character outside GB 32100")
	}
	return "达州市城市建设投资有限公司（演示）", first + string(c)
}

// rect is a closed rectangular GeoJSON polygon from (lon0, lat0) to (lon1, lat1).
func rect(lon0, lat0, lon1, lat1 string) string {
	return `{"type":"Polygon","coordinates":[[[` + lon0 + `,` + lat0 + `],[` + lon1 + `,` + lat0 + `],[` +
		lon1 + `,` + lat1 + `],[` + lon0 + `,` + lat1 + `],[` + lon0 + `,` + lat0 + `]]]}`
}

// demoProjects is the demo data set: every name ends in （演示） and every
// serial starts with 9, so that no demo code can collide with a real one
// issued this year in sequence.
func demoProjects() []demoProject {
	return []demoProject{
		{NewProject{Code: "2026-511702-59-03-900101", Name: "川东智慧物流仓储中心（演示）", RegionCode: "511702",
			FlowType: 4, Investment: 3_800_00, Address: "达州市通川区复兴镇物流园区纬三路",
			SiteGeoJSON: rect("107.4550", "31.2620", "107.4562", "31.2630"),
			Works:       []Work{{Code: "2026-511702-59-03-900101", Name: "1#仓库", BuildingArea: 8600}}}, true},
		{NewProject{Code: "2026-511703-70-03-900102", Name: "达川滨江花园住宅小区（演示）", RegionCode: "511703",
			FlowType: 3, Investment: 68_500_00, Address: "达州市达川区三里坪街道滨江大道",
			SiteGeoJSON: rect("107.5100", "31.1900", "107.5120", "31.1915"),
			Works: []Work{{Code: "2026-511703-70-03-900102-001", Name: "1#住宅楼", BuildingArea: 12400},
				{Code: "2026-511703-70-03-900102-002", Name: "2#住宅楼", BuildingArea: 12400},
				{Code: "2026-511703-70-03-900102-003", Name: "地下车库", BuildingArea: 9800.5}}}, true},
		{NewProject{Code: "2026-511700-83-01-900103", Name: "达州市第一中学新校区教学楼（演示）", RegionCode: "511700",
			FlowType: 1, Investment: 21_000_00, Address: "达州市通川区西外镇金山北路",
			SiteGeoJSON: rect("107.4700", "31.2400", "107.4715", "31.2412"),
			Works:       []Work{{Code: "2026-511700-83-01-900103", Name: "教学楼", BuildingArea: 18500}}}, false},
		{NewProject{Code: "2026-511725-36-03-900104", Name: "渠县工业园区标准化厂房（演示）", RegionCode: "511725",
			FlowType: 6, Investment: 5_250_50, Address: "达州市渠县天星镇工业园区",
			Works: []Work{{Code: "2026-511725-36-03-900104", Name: "1#厂房", BuildingArea: 6200}}}, true},
	}
}

// SeedDemo creates the demo projects inside tx: three owned by the demo
// enterprise (id enterpriseID, credit code and name as given; in 通川区,
// 达川区 and 渠县) and a city government-investment school owned by a
// made-up city company. It is idempotent (a project whose code exists is
// skipped) and records one "project.seed_demo" event when it created any.
// Call it after org.Seed and after the demo accounts exist.
func SeedDemo(ctx context.Context, tx *sql.Tx, rec *audit.Recorder, now time.Time,
	enterpriseID int64, ownerCreditCode, ownerName string) error {
	cityName, cityCode := demoCityOwner()
	created := []string{}
	for _, d := range demoProjects() {
		pr := Project{Code: d.Code, Name: d.Name, RegionCode: d.RegionCode, FlowType: d.FlowType,
			OwnerName: cityName, OwnerCreditCode: cityCode, Investment: d.Investment, Address: d.Address,
			Works: d.Works}
		if d.ownedByDemoEnterprise {
			pr.OwnerName, pr.OwnerCreditCode, pr.EnterpriseID = ownerName, ownerCreditCode, enterpriseID
		}
		ok, err := seedOne(ctx, tx, pr, d.SiteGeoJSON, now)
		if err != nil {
			return err
		}
		if ok {
			created = append(created, pr.Code)
		}
	}
	if len(created) == 0 {
		return nil
	}
	return rec.Record(ctx, tx, audit.Entry{Action: "project.seed_demo", ObjectType: "project",
		ObjectID: "demo", Detail: map[string]any{"created": created}})
}

// seedOne inserts pr unless its code is taken and reports whether it did.
func seedOne(ctx context.Context, tx *sql.Tx, pr Project, site string, now time.Time) (bool, error) {
	if taken, err := projectCodeTaken(ctx, tx, pr.Code); err != nil || taken {
		return false, err
	}
	var regionID int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM regions WHERE code = $1`, pr.RegionCode).Scan(&regionID)
	if err != nil {
		return false, sqldb.Translate(err)
	}
	if site != "" {
		var msg string
		if pr.Site, msg = ParseSite(site); msg != "" {
			return false, errs.E(errs.Internal, "project: bad demo site: "+msg)
		}
	}
	if pr.ID, err = insertProject(ctx, tx, pr, regionID, now); err != nil {
		return false, err
	}
	for _, w := range pr.Works {
		if _, err := insertWork(ctx, tx, pr.ID, w, now); err != nil {
			return false, err
		}
	}
	return true, nil
}
