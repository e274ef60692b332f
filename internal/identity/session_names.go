package identity

import (
	"context"
	"sync"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// sessionRow is what Session reads of a session: its times, its user and
// the user's stored assignments (names not yet resolved).
type sessionRow struct {
	seen, expires time.Time
	user          User
	assignments   []Assignment
}

// sessionByHash reads the session of a token hash with its user and the
// user's assignments in one query (a row per assignment, one row with none).
// errs.Unauthenticated when there is no such session.
func sessionByHash(ctx context.Context, q sqldb.Querier, hash string) (sessionRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT s.last_seen_at, s.expires_at, `+userColumns+`,
		COALESCE(ra.id, 0), COALESCE(ra.role, ''), COALESCE(ra.region_id, 0), COALESCE(ra.org_unit_id, 0)
		FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN enterprises e ON e.id = u.enterprise_id
		LEFT JOIN role_assignments ra ON ra.user_id = u.id
		WHERE s.token_hash = $1 ORDER BY ra.id`, hash)
	if err != nil {
		return sessionRow{}, sqldb.Translate(err)
	}
	defer rows.Close()
	var out sessionRow
	found := false
	for rows.Next() {
		var seen, expires sqldb.Time
		var a Assignment
		var role string
		u, err := scanUser(around{rows, []any{&seen, &expires}, []any{&a.ID, &role, &a.RegionID, &a.OrgUnitID}})
		if err != nil {
			return sessionRow{}, sqldb.Translate(err)
		}
		out.seen, out.expires, out.user, found = seen.Time, expires.Time, u, true
		if a.ID != 0 {
			a.Role = access.Role(role)
			out.assignments = append(out.assignments, a)
		}
	}
	if err := rows.Err(); err != nil {
		return sessionRow{}, sqldb.Translate(err)
	}
	if !found {
		return sessionRow{}, errs.E(errs.Unauthenticated, "")
	}
	return out, nil
}

// around scans a row whose columns are before, then scanUser's, then after.
type around struct {
	sc            rowScanner
	before, after []any
}

func (a around) Scan(dest ...any) error {
	all := append(append(append([]any{}, a.before...), dest...), a.after...)
	return a.sc.Scan(all...)
}

// namesTTL is how long Session trusts the region and department names it
// read. Only names are kept: a region's code, which scopes what the user
// sees, never changes once the region exists (org updates its name,
// reporting code and note only), and the assignments themselves are read on
// every request, so a role granted or withdrawn applies at once. A renamed
// region or department shows its old name in the page header for at most
// this long.
const namesTTL = time.Minute

// sessionNames caches, for Session, the regions (all of them: a few dozen
// rows) and the departments of the principals seen, so that a page view
// does not read the regions table and the org units once more each time.
// Safe for concurrent use; the zero value is empty.
type sessionNames struct {
	mu      sync.Mutex
	read    time.Time // when regions was read; zero = never
	regions map[int64][2]string
	units   map[int64]string
}

// resolve fills the region code and name and the department name of as,
// from the cache when it is younger than namesTTL and knows every id;
// otherwise it reads the regions and these departments through the org
// service, keeps them, and fills from them.
func (c *sessionNames) resolve(ctx context.Context, s *Service, as []Assignment) ([]Assignment, error) {
	if len(as) == 0 {
		return as, nil
	}
	now := s.now()
	c.mu.Lock()
	ok := c.fill(as, now)
	c.mu.Unlock()
	if ok {
		return as, nil
	}
	regions, err := s.org.Regions(ctx)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, a := range as {
		if a.OrgUnitID != 0 {
			ids = append(ids, a.OrgUnitID)
		}
	}
	units, err := s.org.UnitsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.fresh(now) {
		c.read, c.units = now, map[int64]string{}
	}
	c.regions = make(map[int64][2]string, len(regions))
	for _, r := range regions {
		c.regions[r.ID] = [2]string{r.Code, r.Name}
	}
	for _, id := range ids {
		c.units[id] = units[id].Name
	}
	c.fill(as, now)
	return as, nil
}

// fresh reports whether the cache was read less than namesTTL before now.
func (c *sessionNames) fresh(now time.Time) bool {
	return !c.read.IsZero() && now.Sub(c.read) < namesTTL && !now.Before(c.read)
}

// fill resolves as from the cache and reports whether it could; c.mu held.
func (c *sessionNames) fill(as []Assignment, now time.Time) bool {
	if !c.fresh(now) {
		return false
	}
	for _, a := range as {
		if _, ok := c.regions[a.RegionID]; !ok {
			return false
		}
		if _, ok := c.units[a.OrgUnitID]; a.OrgUnitID != 0 && !ok {
			return false
		}
	}
	for i := range as {
		r := c.regions[as[i].RegionID]
		as[i].RegionCode, as[i].RegionName, as[i].OrgName = r[0], r[1], c.units[as[i].OrgUnitID]
	}
	return true
}
