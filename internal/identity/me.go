package identity

import (
	"context"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// Me returns the caller's own account and their 10 most recent sign-in
// events (successes, failures, logouts), so that a person notices a login
// that was not theirs.
func (s *Service) Me(ctx context.Context) (User, []audit.Event, error) {
	p, err := access.Require(ctx)
	if err != nil {
		return User{}, nil, err
	}
	if p.UserID == 0 {
		return User{}, nil, errs.E(errs.Forbidden, "API 密钥没有个人账户。")
	}
	u, err := userByID(ctx, s.db, p.UserID)
	if err != nil {
		return User{}, nil, err
	}
	if u.Assignments, err = s.assignments(ctx, s.db, u.ID); err != nil {
		return User{}, nil, err
	}
	events, err := audit.List(ctx, s.db, audit.Filter{ObjectType: "user", ObjectID: itoa(u.ID), Action: "user.", Limit: 10})
	return u, events, err
}
