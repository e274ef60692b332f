package project

import (
	"context"
	"database/sql"
	"encoding/json"
	"io/fs"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/idcode"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// FuzzRegisterAPI sends any body to POST /api/v1/projects, as a window
// clerk of every region, through the real router, service and database: the answer
// is 201, 400 or 409 and always JSON; an error body has the code of its
// status and Chinese messages; a 201 body is a project that is stored and
// obeys every registration rule (its 项目代码 for its region, the owner's
// 统一社会信用代码, the investment's range, each 工程代码, the site).
func FuzzRegisterAPI(f *testing.F) {
	db := testkit.NewDB(f)
	clock := time.Date(2026, 3, 9, 1, 0, 0, 0, time.UTC)
	now := func() time.Time { return clock }
	rec := audit.NewRecorder(now)
	orgs := org.NewService(db, rec, now)
	ctx := context.Background()
	if err := db.WithTx(ctx, func(tx *sql.Tx) error { return org.Seed(ctx, tx, rec, clock) }); err != nil {
		f.Fatal(err)
	}
	regions, err := orgs.Regions(ctx)
	if err != nil {
		f.Fatal(err)
	}
	svc := NewService(db, rec, orgs, now)
	clerk := &access.Principal{UserID: 1, Username: "chuangkou", Name: "测试综合窗口"}
	for _, r := range regions { // a clerk of every region, so that every region's rules are reached
		clerk.Assignments = append(clerk.Assignments, access.Assignment{Role: access.WindowClerk, RegionCode: r.Code})
	}
	rt := testkit.NewRouter(f, map[string]fs.FS{"project": Templates()}, func(rt *web.Router, rd *web.Renderer) {
		NewHTTP(svc, nil, rd).Routes(rt)
	})
	for _, s := range registerSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		res := testkit.Do(t, rt, as(clerk), http.MethodPost, "/api/v1/projects", string(body))
		if !strings.HasPrefix(res.Header().Get("Content-Type"), "application/json") {
			t.Fatalf("status %d, Content-Type %q: %s", res.Code, res.Header().Get("Content-Type"), res.Body)
		}
		switch res.Code {
		case http.StatusCreated:
			checkRegistered(t, as(clerk), svc, regions, res.Body.Bytes())
		case http.StatusBadRequest, http.StatusConflict:
			checkAPIError(t, res.Code, res.Body.Bytes())
		default:
			t.Fatalf("POST %q: status %d: %s", body, res.Code, res.Body)
		}
	})
}

var registerSeeds = []string{
	`{"code":"2026-511702-59-03-000008","name":"川东冷链仓库","region_code":"511702","flow_type":4,"owner_name":"达州川东建设有限公司",
		"owner_credit_code":"91511702MA6DH20267","investment":1250.5,"address":"通川区","site_geojson":` + square + `,
		"works":[{"code":"2026-511702-59-03-000008","name":"冷库","building_area_m2":3200}]}`,
	`{"code":"２０２６－511725-59-03-000009","name":"渠县项目","region_code":"511725","flow_type":1,"owner_name":"甲",
		"owner_credit_code":"91511702ma6dh20267","investment":"1,250.50万元","site_geojson":"` + strings.ReplaceAll(square, `"`, `\"`) + `",
		"works":[{"code":"2026-511725-59-03-000009-001","name":"一号楼"},{"code":"2026-511725-59-03-000009-001","name":"二号楼"}]}`,
	`{"code":"2026-511721-47-02-000010","name":"达县旧码","region_code":"511703","flow_type":10,"owner_name":"乙",
		"owner_credit_code":"91511702MA6DH20267","investment":99999999.99,"address":null,"site_geojson":null,"works":null}`,
	`{"code":"2026-511725-59-03-000008","name":"","region_code":"511702","flow_type":12,"owner_name":"甲",
		"owner_credit_code":"123","investment":"1.234","site_geojson":{"type":"Point","coordinates":[107.5,31.2]},"works":[{"code":"x"}]}`,
	`{"code":"2026-511702-59-03-000011","name":"x","region_code":"511702","flow_type":4,"owner_name":"x",
		"owner_credit_code":"91511702MA6DH20267","investment":1e400}`,
	`{"investment":-0.0}`, `{"investment":[1]}`, `{"investment":{"a":1}}`, `{"investment":true}`, `{"flow_type":"4"}`,
	`{"works":[{"building_area_m2":1e308}]}`, `{"site_geojson":{"type":"Feature","geometry":{"type":"Feature"}}}`,
	`{"cod":"x"}`, `{}`, `null`, ``, `[]`, `{}}`, `{"name":"a"} {"name":"b"}`, `{"name":"\ud800"}`, "{\"name\":\"\xff\"}",
}

func checkAPIError(t *testing.T, status int, body []byte) {
	t.Helper()
	var e web.APIError
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("status %d body %q is not an API error: %v", status, body, err)
	}
	want := map[int]string{http.StatusBadRequest: "invalid", http.StatusConflict: "conflict"}[status]
	if e.Code != want || !hasHan(e.Message) {
		t.Fatalf("status %d: code %q, message %q", status, e.Code, e.Message)
	}
	for k, m := range e.Fields {
		if !hasHan(m) {
			t.Fatalf("status %d: field %q message %q", status, k, m)
		}
	}
}

func checkRegistered(t *testing.T, ctx context.Context, svc *Service, regions []org.Region, body []byte) {
	t.Helper()
	var lc lifecycleJSON
	if err := json.Unmarshal(body, &lc); err != nil {
		t.Fatalf("201 body %q: %v", body, err)
	}
	p := lc.Project
	stored, err := svc.ByCode(ctx, p.Code)
	if err != nil || stored.ID != p.ID {
		t.Fatalf("registered %q is not stored: %v", p.Code, err)
	}
	r := findRegion(regions, p.RegionCode)
	inv, msg := ParseMoney(p.Investment)
	switch {
	case r == nil || CodeProblem(p.Code, *r, regions, fuzzMaxYear) != "":
		t.Fatalf("registered code %q for region %q", p.Code, p.RegionCode)
	case !idcode.ValidCreditCode(p.OwnerCreditCode) || FlowTypeName(p.FlowType) == "":
		t.Fatalf("registered owner code %q, flow type %d", p.OwnerCreditCode, p.FlowType)
	case msg != "" || inv != stored.Investment || strings.TrimSpace(p.Name) != p.Name || p.Name == "":
		t.Fatalf("registered investment %q (%q), name %q", p.Investment, msg, p.Name)
	}
	if p.Site != nil {
		if site, msg := ParseSite(p.Site.GeoJSON); msg != "" || *site != *stored.Site {
			t.Fatalf("registered site %q: %q", p.Site.GeoJSON, msg)
		}
	}
	seen := map[string]bool{}
	for _, w := range lc.Works {
		if workCodeProblem(p.Code, w.Code) != "" || seen[w.Code] || w.BuildingAreaM2 < 0 || w.BuildingAreaM2 > maxBuildingArea {
			t.Fatalf("registered work %+v of %q", w, p.Code)
		}
		seen[w.Code] = true
	}
}
