package supervision

import (
	"context"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/identity"
	"github.com/dazhou-gongai/gongai/internal/notify"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/blob"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/project"
	"github.com/dazhou-gongai/gongai/internal/testkit"
	"github.com/dazhou-gongai/gongai/internal/testkit/stack"
)

var cst = stack.CST

// at is a Beijing-time instant on day d at 10:00.
func at(d calendar.Date) time.Time { return d.Time().Add(10 * time.Hour).In(cst) }

// env is the engine stack (package stack) with the supervision service;
// the short field names are the stack's services under the names the
// tests of this package use.
type env struct {
	*stack.Stack
	db     *sqldb.DB
	clock  *stack.Clock
	rec    *audit.Recorder
	cases  *casework.Service
	ids    *identity.Service
	orgs   *org.Service
	notify *notify.Service
	sup    *Service
	blobs  *blob.Local
	cat    *catalog.Service
	projs  *project.Service
}

func newEnv(t testing.TB) *env { return newEnvOn(t, testkit.NewDB(t)) }

func newEnvOn(t testing.TB, db *sqldb.DB) *env {
	t.Helper()
	s := stack.New(t, db, time.Time{})
	e := &env{Stack: s, db: s.DB, clock: s.Clock, rec: s.Audit, cases: s.Cases, ids: s.Identity, orgs: s.Org,
		notify: s.Notify, blobs: s.Blobs, cat: s.Catalog, projs: s.Projects}
	e.sup = NewService(Deps{DB: db, Audit: s.Audit, Cases: s.Cases, Calendar: s.Calendar, Orgs: s.Org,
		Notify: s.Notify, Now: s.Clock.Now})
	return e
}

func (e *env) principal(t testing.TB, username string) *access.Principal {
	return e.Principal(t, username)
}
func (e *env) as(t testing.TB, username string) context.Context  { return e.As(t, username) }
func (e *env) unit(t testing.TB, regionCode, fn string) org.Unit { return e.Unit(t, regionCode, fn) }
func (e *env) inbox(t testing.TB, username string) []string      { return e.Inbox(t, username) }
func (e *env) assertChainOK(t testing.TB)                        { e.AssertChainOK(t) }
func countWith(titles []string, s string) int                    { return stack.CountWith(titles, s) }

// staff creates an account "name-x" holding role in the region's unit of
// function fn, and returns its user name.
func (e *env) staff(t testing.TB, name string, role access.Role, regionCode, fn string) string {
	return e.Staff(t, name, role, regionCode, fn)
}

// acceptedCase submits and accepts a stage-4 joint acceptance of the demo
// 小型社会投资 project in 通川区: 住建 leads, 自然资源和规划 and 消防审验
// review in parallel.
func (e *env) acceptedCase(t testing.TB, key string) casework.Case {
	t.Helper()
	c := e.Accepted(t, e.Submit(t, "qiye", key, 4, stack.JointAcceptance).ID)
	if len(c.Tasks) != 3 {
		t.Fatalf("accept: %+v", c.Tasks)
	}
	return c
}
