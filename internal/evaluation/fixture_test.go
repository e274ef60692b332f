package evaluation

import (
	"context"
	"testing"
	"time"

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

// env is the engine stack (package stack) with the evaluation service;
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
	ev     *Service
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
	e.ev = NewService(Deps{DB: db, Audit: s.Audit, Cases: s.Cases, Calendar: s.Calendar, Orgs: s.Org,
		Notify: s.Notify, Now: s.Clock.Now})
	return e
}

func (e *env) as(t testing.TB, username string) context.Context  { return e.As(t, username) }
func (e *env) unit(t testing.TB, regionCode, fn string) org.Unit { return e.Unit(t, regionCode, fn) }
func (e *env) inbox(t testing.TB, username string) []string      { return e.Inbox(t, username) }
func (e *env) assertChainOK(t testing.TB)                        { e.AssertChainOK(t) }
func countWith(titles []string, s string) int                    { return stack.CountWith(titles, s) }

// acceptedCase submits and accepts a stage-4 joint acceptance of the demo
// 小型社会投资 project in 通川区: 住建 leads, 自然资源和规划 and 消防审验
// review in parallel.
func (e *env) acceptedCase(t testing.TB, key string) casework.Case {
	t.Helper()
	return e.acceptedCaseBy(t, "qiye", key)
}

// submitted submits the joint acceptance as user (qiye or daiban).
func (e *env) submitted(t testing.TB, user, key string) casework.Case {
	t.Helper()
	return e.Submit(t, user, key, 4, stack.JointAcceptance)
}

// acceptedCaseBy is acceptedCase submitted by user.
func (e *env) acceptedCaseBy(t testing.TB, user, key string) casework.Case {
	t.Helper()
	c := e.Accepted(t, e.submitted(t, user, key).ID)
	if len(c.Tasks) != 3 {
		t.Fatalf("accept: %+v", c.Tasks)
	}
	return c
}

// concludedCase takes a case submitted by user through review by the three
// departments to 办结 by the head of 住建 (approve: 11, else 13).
func (e *env) concludedCase(t testing.TB, user, key string, approve bool) casework.Case {
	t.Helper()
	c := e.acceptedCaseBy(t, user, key)
	decision := "approve"
	if !approve {
		decision = "deny"
	}
	for _, reviewer := range []string{"shenpi.zj", "shenpi", "shenpi.xf"} {
		if _, err := e.cases.Review(e.as(t, reviewer), c.ID, casework.TaskInput{Opinion: "审查意见", Decision: decision}); err != nil {
			t.Fatalf("review by %s: %v", reviewer, err)
		}
	}
	c, err := e.cases.Get(e.as(t, "kezhang.zj"), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	c, err = e.cases.Conclude(e.as(t, "kezhang.zj"), c.ID, casework.ConcludeInput{Version: c.Version, Approve: approve,
		Opinion: "办结意见"})
	if err != nil {
		t.Fatalf("conclude: %v", err)
	}
	return c
}

// refusedCase submits a case as qiye and has the window refuse it (BLZT 5).
func (e *env) refusedCase(t testing.TB, key string) casework.Case {
	t.Helper()
	c := e.submitted(t, "qiye", key)
	c, err := e.cases.Refuse(e.as(t, "chuangkou"), c.ID, casework.RefuseInput{Version: c.Version, Reason: "不属于本窗口受理范围"})
	if err != nil {
		t.Fatalf("refuse: %v", err)
	}
	return c
}
