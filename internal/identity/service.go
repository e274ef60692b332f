package identity

import (
	"context"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Service is the identity capability.
type Service struct {
	db     *sqldb.DB
	rec    *audit.Recorder
	org    *org.Service
	now    func() time.Time
	policy Policy
	// names caches the region and department names of Session's principals.
	names sessionNames
	// dummyHash is checked for unknown user names so that a failed login
	// takes as long whether or not the account exists.
	dummyHash string
}

// NewService returns the identity service.
func NewService(db *sqldb.DB, rec *audit.Recorder, orgs *org.Service, now func() time.Time, p Policy) *Service {
	return &Service{db: db, rec: rec, org: orgs, now: now, policy: p,
		dummyHash: HashPassword("not a password", p.Hash)}
}

// Now is the service's clock (injected; tests move it).
func (s *Service) Now() time.Time { return s.now() }

// Policy returns the login policy in force.
func (s *Service) Policy() Policy { return s.policy }

// principalFor builds the principal of a user from its stored assignments,
// resolving region and org names through the org service.
func (s *Service) principalFor(ctx context.Context, q sqldb.Querier, u User) (*access.Principal, error) {
	as, err := s.assignments(ctx, q, u.ID)
	if err != nil {
		return nil, err
	}
	return principalOf(u, as), nil
}

// principalOf is the principal of u with the assignments as (names resolved).
func principalOf(u User, as []Assignment) *access.Principal {
	p := &access.Principal{UserID: u.ID, Username: u.Username, Name: u.DisplayName,
		Enterprise: u.Kind == KindEnterprise, EnterpriseID: u.EnterpriseID,
		MustChangePassword: u.MustChangePassword}
	for _, a := range as {
		p.Assignments = append(p.Assignments, a.Assignment)
	}
	return p
}

// assignments loads a user's assignments with region and org names.
func (s *Service) assignments(ctx context.Context, q sqldb.Querier, userID int64) ([]Assignment, error) {
	rows, err := loadAssignments(ctx, q, userID)
	if err != nil {
		return nil, err
	}
	return s.resolveNames(ctx, rows)
}

func (s *Service) resolveNames(ctx context.Context, as []Assignment) ([]Assignment, error) {
	if len(as) == 0 {
		return as, nil
	}
	regions, err := s.org.Regions(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]org.Region, len(regions))
	for _, r := range regions {
		byID[r.ID] = r
	}
	var unitIDs []int64
	for _, a := range as {
		if a.OrgUnitID != 0 {
			unitIDs = append(unitIDs, a.OrgUnitID)
		}
	}
	units, err := s.org.UnitsByIDs(ctx, unitIDs)
	if err != nil {
		return nil, err
	}
	for i := range as {
		r := byID[as[i].RegionID]
		as[i].RegionCode, as[i].RegionName = r.Code, r.Name
		as[i].OrgName = units[as[i].OrgUnitID].Name
	}
	return as, nil
}
