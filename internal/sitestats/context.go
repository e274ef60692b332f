package sitestats

import (
	"context"
	"sync"
)

// note is what a handler tells the middleware about its request. The
// middleware puts one into the request's context before calling the
// handler and reads it after the handler returned.
type note struct {
	mu       sync.Mutex
	searched bool
	term     string
	results  int
	applied  bool
	items    []string
}

type noteKey struct{}

func withNote(ctx context.Context, n *note) context.Context {
	return context.WithValue(ctx, noteKey{}, n)
}

func noteFrom(ctx context.Context) *note {
	n, _ := ctx.Value(noteKey{}).(*note)
	return n
}

// Searched tells the statistics that the page being served is the result of
// a search for term, which found results matches (0: nothing found, the
// case worth acting on). Handlers of search pages call it with the raw term
// as typed, e.g. in the 办事指南 list (GET /guide/items?q=…) and the 办结公示
// list (GET /public/results?q=…):
//
//	sitestats.Searched(r.Context(), q.Get("q"), total)
//
// The term is normalised (NormaliseTerm) and recorded only when the page is
// counted (a 2xx HTML answer to GET of a counted page). Without this call a
// page with a q parameter still counts the search, with its result unknown.
// It does nothing outside the middleware, so it is safe to call anywhere.
func Searched(ctx context.Context, term string, results int) {
	n := noteFrom(ctx)
	if n == nil {
		return
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	n.searched, n.term, n.results = true, term, max(results, 0)
}

// Applied tells the statistics that the request submitted an online
// application for the catalog items with itemCodes (the items of the cases
// it created). The casework handler of POST /projects/{id}/apply calls it
// after a successful submission, before redirecting:
//
//	sitestats.Applied(r.Context(), codes...)
//
// A 303 answer by an enterprise user (or agent) then counts a conversion
// for each of these items whose 办事指南 page the same visitor viewed the
// same day. Without this call, the item of the form's ?item= parameter is
// used, or else every item page the visitor viewed that day. A repeated
// (idempotent) submission counts nothing new: a visitor converts once per
// item and day. It does nothing outside the middleware.
func Applied(ctx context.Context, itemCodes ...string) {
	n := noteFrom(ctx)
	if n == nil {
		return
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	n.applied = true
	n.items = append(n.items, itemCodes...)
}

// read returns a copy of what the handler said.
func (n *note) read() (searched bool, term string, results int, applied bool, items []string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.searched, n.term, n.results, n.applied, append([]string(nil), n.items...)
}
