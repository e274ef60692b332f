package project

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Update changes the project's name, address, investment and site (see
// Update) and returns the project as stored. Who may: staff holding
// access.ProjectRegister in the project's region, or the owner enterprise's
// users. Errors: Unauthenticated; Forbidden; NotFound (no such project, or
// another enterprise's); Invalid with field messages keyed name, address,
// investment, site_geojson. Recorded as "project.update" with the before and
// after values of the changed fields (for the site: its area and a SHA-256
// digest of the GeoJSON); an update that changes nothing writes nothing.
func (s *Service) Update(ctx context.Context, id int64, u Update) (Project, error) {
	a, err := s.actorFor(ctx, access.ProjectRegister)
	if err != nil {
		return Project{}, err
	}
	var out Project
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		old, err := reload(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := a.reach(old); err != nil {
			return err
		}
		next, err := old.apply(u)
		if err != nil {
			return err
		}
		changes := projectChanges(old, next)
		if len(changes) == 0 {
			out = old
			return nil
		}
		if err := updateProjectRow(ctx, tx, next, old.Name != next.Name, s.now()); err != nil {
			return err
		}
		if err := s.rec.Record(ctx, tx, audit.Entry{Action: "project.update", ObjectType: "project",
			ObjectID: old.Code, RegionCode: old.RegionCode, Detail: map[string]any{"changes": changes}}); err != nil {
			return err
		}
		out, err = reload(ctx, tx, id)
		return err
	})
	return out, err
}

// apply returns p changed by u, or an Invalid error with field messages.
func (p Project) apply(u Update) (Project, error) {
	f := map[string]string{}
	if u.Name != nil {
		p.Name = strings.TrimSpace(*u.Name)
		checkText(f, "name", p.Name, "项目名称", maxNameLen)
	}
	if u.Address != nil {
		p.Address = strings.TrimSpace(*u.Address)
		checkAddress(f, p.Address)
	}
	if u.Investment != nil {
		p.Investment = *u.Investment
		checkInvestment(f, p.Investment)
	}
	if u.SiteGeoJSON != nil {
		site, msg := ParseSite(*u.SiteGeoJSON)
		if msg != "" {
			f["site_geojson"] = msg
		}
		p.Site = site
	}
	return p, fieldErrors(f)
}

// change is one changed field in an audit detail.
type change struct {
	Before any `json:"before"`
	After  any `json:"after"`
}

func projectChanges(a, b Project) map[string]change {
	c := map[string]change{}
	if a.Name != b.Name {
		c["name"] = change{a.Name, b.Name}
	}
	if a.Address != b.Address {
		c["address"] = change{a.Address, b.Address}
	}
	if a.Investment != b.Investment {
		c["investment"] = change{a.Investment.Decimal(), b.Investment.Decimal()}
	}
	if da, db := siteDigest(a.Site), siteDigest(b.Site); da != db {
		c["site"] = change{da, db}
	}
	return c
}

// siteDigest identifies a site in the audit trail without copying the
// whole polygon: its rounded area and the SHA-256 of its GeoJSON; nil for
// no site.
func siteDigest(s *Site) any {
	if s == nil {
		return nil
	}
	sum := sha256.Sum256([]byte(s.GeoJSON))
	return struct {
		AreaM2 string `json:"area_m2"`
		SHA256 string `json:"sha256"`
	}{strconv.FormatFloat(s.AreaM2, 'f', 2, 64), hex.EncodeToString(sum[:])}
}

// AddWork adds a 单项工程 to the project and returns it as stored. Who may:
// as for Update. Errors: as for Update; Invalid with field messages keyed
// code, name, building_area_m2 (see workCodeProblem for the code rule);
// Conflict with a field message when the work code is taken. Recorded as
// "project.work.add".
func (s *Service) AddWork(ctx context.Context, projectID int64, w Work) (Work, error) {
	a, err := s.actorFor(ctx, access.ProjectRegister)
	if err != nil {
		return Work{}, err
	}
	w = w.normalize()
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		pr, err := selectProject(ctx, tx, "p.id", projectID)
		if err != nil {
			return err
		}
		if err := a.reach(pr); err != nil {
			return err
		}
		if err := fieldErrors(w.problems(pr.Code)); err != nil {
			return err
		}
		now := s.now()
		if w.ID, err = s.insertWork(ctx, tx, pr.ID, w, now, ""); err != nil {
			return err
		}
		w.CreatedAt = sqldb.T(now).Time
		return s.rec.Record(ctx, tx, audit.Entry{Action: "project.work.add", ObjectType: "project",
			ObjectID: pr.Code, RegionCode: pr.RegionCode, Detail: map[string]any{
				"work_code": w.Code, "name": w.Name, "building_area_m2": w.BuildingArea}})
	})
	if err != nil {
		return Work{}, err
	}
	return w, nil
}
