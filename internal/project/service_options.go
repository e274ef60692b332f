package project

import (
	"context"
	"slices"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/org"
)

// viewRegions returns the regions the principal in ctx may filter the list
// by: every region for an enterprise user (its projects may lie anywhere),
// otherwise those of its access.ProjectView scope.
func (s *Service) viewRegions(ctx context.Context) ([]org.Region, error) {
	regions, _, err := s.regionsFor(ctx, access.ProjectView)
	return regions, err
}

// regionsFor returns every region for an enterprise user, otherwise the
// regions where the principal holds perm; it also returns the actor.
func (s *Service) regionsFor(ctx context.Context, perm access.Permission) ([]org.Region, actor, error) {
	a, err := s.actorFor(ctx, perm)
	if err != nil {
		return nil, actor{}, err
	}
	all, err := s.orgs.Regions(ctx)
	if err != nil || a.ent != nil {
		return all, a, err
	}
	return slices.DeleteFunc(all, func(r org.Region) bool { return !a.scope.Contains(r.Code) }), a, nil
}

// registerChoices are what the registration form offers the principal in
// ctx: the regions it may register in and, for an enterprise user, its
// enterprise as the fixed owner with its region as the default.
type registerChoices struct {
	Regions []org.Region
	// Owner is set for an enterprise user: the owner fields are prefilled
	// and locked.
	Owner         *enterprise
	DefaultRegion string
}

func (s *Service) registerChoices(ctx context.Context) (registerChoices, error) {
	regions, a, err := s.regionsFor(ctx, access.ProjectRegister)
	if err != nil {
		return registerChoices{}, err
	}
	c := registerChoices{Regions: regions}
	if len(regions) == 1 {
		c.DefaultRegion = regions[0].Code
	}
	if a.ent == nil {
		return c, nil
	}
	c.Owner = a.ent
	for _, r := range regions {
		if r.ID == a.ent.RegionID {
			c.DefaultRegion = r.Code
		}
	}
	return c, nil
}

// newProblems validates n without authorising or writing anything and
// returns its field messages; a form handler uses it to report every
// problem at once when a value (such as the investment) did not even parse.
func (s *Service) newProblems(ctx context.Context, n NewProject) (map[string]string, error) {
	regions, err := s.orgs.Regions(ctx)
	if err != nil {
		return nil, err
	}
	n = n.normalize()
	fields, _ := n.check(findRegion(regions, n.RegionCode), regions, s.now().In(chinaTime).Year()+1)
	return fields, nil
}
