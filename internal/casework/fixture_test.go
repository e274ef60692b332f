package casework_test

import (
	"context"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/identity"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/blob"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/project"
	"github.com/dazhou-gongai/gongai/internal/testkit"
	"github.com/dazhou-gongai/gongai/internal/testkit/stack"
)

// beijing builds a Beijing-time instant.
func beijing(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, stack.CST)
}

// env is the engine stack (package stack) under the names the tests of
// this package use.
type env struct {
	*stack.Stack
	db       *sqldb.DB
	clock    *stack.Clock
	cases    *casework.Service
	cal      *calendar.Calendar
	catalog  *catalog.Service
	projects *project.Service
	ids      *identity.Service
	orgs     *org.Service
	blobs    *blob.Local
}

func newEnv(t testing.TB) *env {
	t.Helper()
	s := stack.New(t, testkit.NewDB(t), beijing(2026, 3, 9, 10, 0))
	return &env{Stack: s, db: s.DB, clock: s.Clock, cases: s.Cases, cal: s.Calendar, catalog: s.Catalog,
		projects: s.Projects, ids: s.Identity, orgs: s.Org, blobs: s.Blobs}
}

// as returns a context acting as a demo account.
func (e *env) as(t testing.TB, username string) context.Context { return e.As(t, username) }

// demoProject returns the demo enterprise's project of flowType in region.
func (e *env) demoProject(t testing.TB, region string, flowType int) project.Project {
	t.Helper()
	page, err := e.projects.List(e.as(t, "jianguan"), project.Filter{RegionCode: region, FlowType: flowType})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range page.Items {
		if p.EnterpriseID != 0 {
			return p
		}
	}
	t.Fatalf("no demo project of type %d in %s", flowType, region)
	return project.Project{}
}
