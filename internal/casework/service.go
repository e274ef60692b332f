package casework

import (
	"context"
	"sync"
	"time"

	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/blob"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/project"
)

// Catalog is what the engine reads from the item and flow catalog.
type Catalog interface {
	PublishedFlow(ctx context.Context, regionCode string, flowType int) (catalog.Flow, error)
	FlowVersion(ctx context.Context, flowID int64) (catalog.Flow, error)
	Items(ctx context.Context, f catalog.ItemFilter) ([]catalog.Item, error)
}

// Projects is what the engine reads of projects (authorised by the caller's principal).
type Projects interface {
	Get(ctx context.Context, id int64) (project.Project, error)
	List(ctx context.Context, f project.Filter) (project.Page, error)
}

// Orgs resolves a department function in a region to its org unit.
type Orgs interface {
	UnitByFunction(ctx context.Context, regionCode, functionCode string) (org.Unit, error)
	UnitsByIDs(ctx context.Context, ids []int64) (map[int64]org.Unit, error)
	ListUnits(ctx context.Context, f org.UnitFilter) ([]org.Unit, error)
}

// Service is the approval engine.
type Service struct {
	db        *sqldb.DB
	rec       *audit.Recorder
	cal       Calendar
	catalog   Catalog
	projects  Projects
	orgs      Orgs
	blobs     blob.Store
	now       func() time.Time
	policy    ClockPolicy
	afterHook func(ctx context.Context, c Case)
	// flushed, when set (by tests only, export_test.go), sees the
	// statements each action's flush writes, for the write-cost bound.
	flushed func(stmts []sqldb.Stmt)
	// flows caches flow versions by id. Safe because a flow version is
	// immutable once published and cases only ever reference published
	// versions; several instances each keep their own copy of the same data.
	flows sync.Map // int64 → catalog.Flow
}

// Deps are the collaborators of the engine.
type Deps struct {
	DB       *sqldb.DB
	Audit    *audit.Recorder
	Calendar Calendar
	Catalog  Catalog
	Projects Projects
	Orgs     Orgs
	Blobs    blob.Store
	Now      func() time.Time
	Policy   ClockPolicy
	// After, when set, is called with the case row after every committed
	// action and for each case of a new application, in the caller's
	// context (its principal did the action): capabilities built on the
	// engine react at once — the licence is issued on approval, a case is
	// placed at the clerk's window. It must not fail the caller's request:
	// what it misses, a periodic job must catch up.
	After func(ctx context.Context, c Case)
}

// NewService returns the engine.
func NewService(d Deps) *Service {
	if d.Policy == (ClockPolicy{}) {
		d.Policy = DefaultClockPolicy
	}
	return &Service{db: d.DB, rec: d.Audit, cal: d.Calendar, catalog: d.Catalog, projects: d.Projects,
		orgs: d.Orgs, blobs: d.Blobs, now: d.Now, policy: d.Policy, afterHook: d.After}
}

// flow returns the flow version a case runs on.
func (s *Service) flow(ctx context.Context, id int64) (catalog.Flow, error) {
	if f, ok := s.flows.Load(id); ok {
		return f.(catalog.Flow), nil
	}
	f, err := s.catalog.FlowVersion(ctx, id)
	if err != nil {
		return f, err
	}
	if f.Status != catalog.StatusDraft {
		s.flows.Store(id, f)
	}
	return f, nil
}

// Policy returns the clock policy in force.
func (s *Service) Policy() ClockPolicy { return s.policy }
