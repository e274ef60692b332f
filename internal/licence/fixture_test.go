package licence

import (
	"context"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/identity"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/blob"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/project"
	"github.com/dazhou-gongai/gongai/internal/testkit"
	"github.com/dazhou-gongai/gongai/internal/testkit/stack"
)

const testBase = "https://gongai.example.cn"

var testMaster = []byte("0123456789abcdef0123456789abcdef")

// env is the engine stack (package stack) with the licence service; the
// short field names are the stack's services under the names the tests of
// this package use.
type env struct {
	*stack.Stack
	db    *sqldb.DB
	clock *stack.Clock
	rec   *audit.Recorder
	cases *casework.Service
	ids   *identity.Service
	orgs  *org.Service
	blobs *blob.Local
	cat   *catalog.Service
	projs *project.Service
	lic   *Service
}

func newEnv(t testing.TB) *env {
	t.Helper()
	s := stack.New(t, testkit.NewDB(t), stack.Monday)
	e := &env{Stack: s, db: s.DB, clock: s.Clock, rec: s.Audit, cases: s.Cases, ids: s.Identity, orgs: s.Org,
		blobs: s.Blobs, cat: s.Catalog, projs: s.Projects}
	e.lic = e.newService(t)
	return e
}

// newService is another licence service on the same database, as a second
// server would run.
func (e *env) newService(t testing.TB) *Service {
	t.Helper()
	s, err := NewService(Deps{DB: e.db, Audit: e.rec, Catalog: e.cat, MasterKey: testMaster, BaseURL: testBase + "/",
		Now: e.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (e *env) principal(t testing.TB, username string) *access.Principal {
	return e.Principal(t, username)
}
func (e *env) as(t testing.TB, username string) context.Context { return e.As(t, username) }
func (e *env) demoProject(t testing.TB) project.Project         { return e.DemoProject(t, "511702", 4) }

// submitted submits a 建筑工程施工许可证（简易低风险） application of the
// demo enterprise's type-4 project in 通川区 (住建 leads alone).
func (e *env) submitted(t testing.TB, key string) casework.Case {
	t.Helper()
	return e.Submit(t, "qiye", key, 3, stack.ConstructionPermit)
}

// approved submits a case and takes it to 办结（通过）: 受理, 住建 review,
// 住建 head's conclusion.
func (e *env) approved(t testing.TB, key string) casework.Case {
	t.Helper()
	c := e.submitted(t, key)
	if _, err := e.cases.Accept(e.as(t, "chuangkou"), c.ID, casework.AcceptInput{}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.cases.Review(e.as(t, "shenpi.zj"), c.ID, casework.TaskInput{Opinion: "材料齐全", Decision: "approve"}); err != nil {
		t.Fatal(err)
	}
	c, err := e.cases.Conclude(e.as(t, "kezhang.zj"), c.ID, casework.ConcludeInput{Approve: true, Opinion: "准予许可"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != casework.Approved {
		t.Fatalf("case status %d, want 11", c.Status)
	}
	return c
}

// mustIssue issues the licence of case id.
func (e *env) mustIssue(t testing.TB, id int64) Licence {
	t.Helper()
	l, err := e.lic.Issue(context.Background(), id)
	if err != nil {
		t.Fatalf("Issue(%d): %v", id, err)
	}
	return l
}

// verifyState verifies number and returns its state.
func (e *env) verifyState(t testing.TB, number string) Verification {
	t.Helper()
	v, err := e.lic.Verify(context.Background(), number)
	if err != nil {
		t.Fatalf("Verify(%s): %v", number, err)
	}
	return v
}
