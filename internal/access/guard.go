package access

import (
	"net/http"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// Guard is the route-level check declared with every route. It is a first
// line only: services still authorise against the object's region and org.
type Guard struct {
	public bool
	perm   Permission
	desc   string
}

// Public lets anyone in, signed in or not.
var Public = Guard{public: true, desc: "public"}

// SignedIn admits any authenticated principal.
var SignedIn = Guard{desc: "signed-in"}

// Need admits principals holding perm somewhere.
func Need(perm Permission) Guard { return Guard{perm: perm, desc: string(perm)} }

// Check implements web.Guard.
func (g Guard) Check(r *http.Request) error {
	if g.public {
		return nil
	}
	p := From(r.Context())
	if p == nil {
		return errs.E(errs.Unauthenticated, "")
	}
	if g.perm != "" && !p.Can(g.perm) {
		return errs.E(errs.Forbidden, "")
	}
	return nil
}

// String implements web.Guard.
func (g Guard) String() string { return g.desc }

// IsPublic implements web.Guard.
func (g Guard) IsPublic() bool { return g.public }
