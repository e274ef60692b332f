package licence

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/pdfdoc"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

func TestService_Issue(t *testing.T) {
	e := newEnv(t)
	c := e.approved(t, "issue")
	l := e.mustIssue(t, c.ID)
	zj, err := e.orgs.UnitByFunction(context.Background(), "511702", "zj")
	if err != nil {
		t.Fatal(err)
	}
	proj := e.demoProject(t)
	if l.Number != "511702-SGXK-2026-000001" || l.Kind != ConstructionPermit || l.Title != "建筑工程施工许可证" ||
		l.IssuerOrgID != zj.ID || l.IssuerName != zj.Name || l.IssueDate.String() != "2026-03-09" ||
		l.HolderName != proj.OwnerName || l.HolderCreditCode != proj.OwnerCreditCode || l.CaseNumber != c.Number {
		t.Fatalf("issued %+v", l)
	}
	if l.Digest != Digest(Canonical(&l)) || !VerifySignature(l.PublicKeyPEM, Canonical(&l), l.Signature) {
		t.Fatal("the issued licence does not verify")
	}
	if v := e.verifyState(t, l.Number); v.State != StateValid || v.StateLabel != "有效" {
		t.Fatalf("Verify = %+v", v)
	}

	t.Run("Idempotent", func(t *testing.T) {
		again := e.mustIssue(t, c.ID)
		if again.Number != l.Number || again.ID != l.ID {
			t.Fatalf("second issue gave %s, first %s", again.Number, l.Number)
		}
		var serial int
		if err := e.db.QueryRow(`SELECT value FROM licence_serials`).Scan(&serial); err != nil || serial != 1 {
			t.Fatalf("serial = %d, %v", serial, err)
		}
		if n := len(testkit.AuditEvents(t, e.db, "licence.issue")); n != 1 {
			t.Fatalf("%d licence.issue events", n)
		}
		if n := len(testkit.AuditEvents(t, e.db, "licence.key_create")); n != 1 {
			t.Fatalf("%d licence.key_create events", n)
		}
		testkit.AuditChainOK(t, e.db)
	})
	t.Run("PrivateKeySealed", func(t *testing.T) {
		var sealed []byte
		if err := e.db.QueryRow(`SELECT private_key_enc FROM licence_keys`).Scan(&sealed); err != nil {
			t.Fatal(err)
		}
		der, err := e.lic.keys.open(zj.ID, sealed)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(sealed, der[len(der)-32:]) || bytes.Contains(sealed, []byte("PRIVATE KEY")) {
			t.Fatal("the private key is stored in the clear")
		}
	})
	t.Run("ErrNotApproved", func(t *testing.T) {
		open := e.submitted(t, "open")
		if _, err := e.lic.Issue(context.Background(), open.ID); !errs.Is(err, errs.Conflict) {
			t.Fatalf("Issue of a running case: %v", err)
		}
	})
	t.Run("ErrNoCase", func(t *testing.T) {
		if _, err := e.lic.Issue(context.Background(), 999999); !errs.Is(err, errs.NotFound) {
			t.Fatalf("Issue of no case: %v", err)
		}
	})
	t.Run("ErrWrongMasterKey", func(t *testing.T) {
		other, err := NewService(Deps{DB: e.db, Audit: e.rec, Catalog: e.cat, BaseURL: testBase,
			MasterKey: []byte("a different master key of 32 b.."), Now: e.clock.Now})
		if err != nil {
			t.Fatal(err)
		}
		c2 := e.approved(t, "other-master")
		if _, err := other.Issue(context.Background(), c2.ID); err == nil {
			t.Fatal("issued with a key that the master key cannot open")
		}
	})
}

func TestNewService_Errors(t *testing.T) {
	for _, d := range []Deps{{MasterKey: []byte("short"), BaseURL: testBase}, {MasterKey: testMaster, BaseURL: "gongai.local"}} {
		if _, err := NewService(d); err == nil {
			t.Errorf("NewService(%q, %q) succeeded", d.MasterKey, d.BaseURL)
		}
	}
}

// TestService_IssuePending runs the job on two "servers" at once: every
// approved case gets exactly one licence and the serials have no gaps.
func TestService_IssuePending(t *testing.T) {
	e := newEnv(t)
	for _, key := range []string{"p1", "p2", "p3", "p4"} {
		e.approved(t, key)
	}
	e.submitted(t, "still-open")
	servers := []*Service{e.lic, e.newService(t)}
	counts := make([]int, len(servers))
	var wg sync.WaitGroup
	for i, s := range servers {
		wg.Go(func() {
			n, err := s.IssuePending(context.Background())
			if err != nil {
				t.Error(err)
			}
			counts[i] = n
		})
	}
	wg.Wait()
	if counts[0]+counts[1] != 4 {
		t.Fatalf("issued %v, want 4 in all", counts)
	}
	rows, err := e.db.Query(`SELECT number FROM licences ORDER BY number`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var numbers []string
	for rows.Next() {
		var n string
		_ = rows.Scan(&n)
		numbers = append(numbers, n)
	}
	want := "511702-SGXK-2026-000001 511702-SGXK-2026-000002 511702-SGXK-2026-000003 511702-SGXK-2026-000004"
	if strings.Join(numbers, " ") != want {
		t.Fatalf("numbers %v", numbers)
	}
	if n, err := e.lic.IssuePending(context.Background()); n != 0 || err != nil {
		t.Fatalf("second run issued %d, %v", n, err)
	}
	testkit.AuditChainOK(t, e.db)
}

// TestService_Tampered changes one stored column at a time, behind
// gongai's back, and expects the verification to say 已被篡改.
func TestService_Tampered(t *testing.T) {
	e := newEnv(t)
	l := e.mustIssue(t, e.approved(t, "tamper").ID)
	other, _ := newKeyring(testMaster)
	_, foreignPEM, _ := other.newKeyPair(1)
	for _, tc := range []struct{ name, set string }{
		{"holder", `holder_name = '另一家公司'`},
		{"project", `project_name = project_name || '（扩建）'`},
		{"content", `content = '["审批结论：准予许可。","建设规模：十万平方米"]'`},
		{"issue_date", `issue_date = '2025-01-01'`},
		{"digest", `digest = '` + strings.Repeat("0", 64) + `'`},
		{"public_key", `public_key_pem = '` + foreignPEM + `'`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tx, err := e.db.Begin()
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			if _, err := tx.Exec(`UPDATE licences SET ` + tc.set); err != nil {
				t.Fatal(err)
			}
			// Verify reads outside the transaction; commit, check, restore.
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			defer e.restore(t, l)
			v := e.verifyState(t, l.Number)
			if v.State != StateTampered || v.StateLabel != "已被篡改" || len(v.Problems) == 0 {
				t.Fatalf("after changing %s: %+v", tc.name, v)
			}
		})
	}
	if v := e.verifyState(t, l.Number); v.State != StateValid {
		t.Fatalf("restored licence: %+v", v)
	}
	if v := e.verifyState(t, "511702-SGXK-2026-999999"); v.State != StateNotFound || v.Licence != nil {
		t.Fatalf("unknown number: %+v", v)
	}
}

// restore writes back the signed columns of l as issued.
func (e *env) restore(t testing.TB, l Licence) {
	t.Helper()
	_, err := e.db.Exec(`UPDATE licences SET holder_name = $2, project_name = $3, content = $4, issue_date = $5,
		digest = $6, public_key_pem = $7 WHERE id = $1`, l.ID, l.HolderName, l.ProjectName,
		`["`+strings.Join(l.Content, `","`)+`"]`, l.IssueDate.String(), l.Digest, l.PublicKeyPEM)
	if err != nil {
		t.Fatal(err)
	}
}

func TestService_PDF(t *testing.T) {
	e := newEnv(t)
	l := e.mustIssue(t, e.approved(t, "pdf").ID)
	pdf, _, err := e.lic.PDF(e.as(t, "qiye"), l.Number)
	if err != nil {
		t.Fatal(err)
	}
	if err := pdfdoc.Check(pdf); err != nil {
		t.Fatal(err)
	}
	t.Logf("licence PDF: %d bytes", len(pdf))
	if len(pdf) > 60_000 {
		t.Errorf("licence PDF is %d bytes", len(pdf))
	}
	text, _ := pdfdoc.Text(pdf)
	joined := strings.Join(text, "")
	for _, want := range []string{"建筑工程施工许可证", "证照编号：" + l.Number, l.HolderName, l.IssuerName,
		"2026年3月9日", "审批结论：准予许可。", testBase + "/verify/" + l.Number, l.Digest} {
		if !strings.Contains(joined, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, strings.Join(text, "\n"))
		}
	}
	if again, err := e.lic.render(&l); err != nil || !bytes.Equal(again, pdf) {
		t.Errorf("re-rendering the stored licence gives other bytes (%v)", err)
	}
}
