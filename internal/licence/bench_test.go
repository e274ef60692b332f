package licence

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/go-pdf/fpdf"
	"github.com/skip2/go-qrcode"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/pdfdoc"
	"github.com/dazhou-gongai/gongai/internal/testkit/benchpair"
)

var (
	sinkBytes  []byte
	sinkString string
)

// benchLicence is a licence as draft and issueTx fill it: a construction
// permit of 通川区 with the usual content lines, numbered and dated.
func benchLicence() Licence {
	l := Licence{CaseID: 4242, CaseNumber: "511702-20261128-00042", Kind: ConstructionPermit,
		Title: ConstructionPermit.Name, ItemCode: "11511700MB1234567X4000117001",
		ItemName: "建筑工程施工许可证核发（社会投资简易低风险项目）", HolderName: "达州市川东建设开发有限公司",
		HolderCreditCode: "91511702MA6DH20260", ProjectCode: "2026-511702-48-03-000042",
		ProjectName: "达州市通川区滨江路标准厂房及配套设施建设项目", RegionCode: "511702", IssuerOrgID: 15,
		IssuerName: "通川区住房和城乡建设局", IssueDate: calendar.NewDate(2026, time.November, 27),
		Content: []string{"审批事项：建筑工程施工许可证核发（社会投资简易低风险项目）", "审批结论：准予许可。",
			"办理结果：建筑工程施工许可证", "建设地址：达州市通川区滨江路 88 号",
			"审批意见：材料齐全，符合法定形式，准予许可。施工单位应按经审查合格的施工图设计文件施工。"},
		Number: Number("511702", ConstructionPermit.Code, 2026, 42), IssuedAt: time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC)}
	l.clean()
	return l
}

// benchService is a Service without a database (render and the keyring
// need none) and one org unit's sealed key pair.
func benchService(b testing.TB) (s *Service, sealed []byte, pub string) {
	b.Helper()
	now := func() time.Time { return time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC) }
	s, err := NewService(Deps{MasterKey: testMaster, BaseURL: testBase, Now: now})
	if err != nil {
		b.Fatal(err)
	}
	if sealed, pub, err = s.keys.newKeyPair(15); err != nil {
		b.Fatal(err)
	}
	return s, sealed, pub
}

// issueWork is what issueTx computes for one licence, apart from the
// database: open the issuer's sealed key, build the canonical form, its SM3
// digest and SM2 signature, and render the PDF with its QR code.
func issueWork(s *Service, l *Licence, sealed []byte, pub string) ([]byte, error) {
	priv, err := s.keys.privateKey(l.IssuerOrgID, sealed, pub)
	if err != nil {
		return nil, err
	}
	data := Canonical(l)
	l.Digest = Digest(data)
	if l.Signature, err = sign(priv, data); err != nil {
		return nil, err
	}
	return s.render(l)
}

// BenchmarkLicence is the cost of producing one signed licence PDF and of
// its parts. Baselines: the bare SM2 signature of the same canonical bytes
// (the least any signed licence costs), an fpdf page with one line in a
// core font (the least any PDF costs), and a pdfdoc page with a Chinese
// title (fpdf plus the embedded CJK font subset every gongai PDF carries).
func BenchmarkLicence(b *testing.B) {
	s, sealed, pub := benchService(b)
	l := benchLicence()
	priv, err := s.keys.privateKey(l.IssuerOrgID, sealed, pub)
	if err != nil {
		b.Fatal(err)
	}
	data := Canonical(&l)
	b.Run("baseline=sm2-sign", func(b *testing.B) {
		for b.Loop() {
			if sinkBytes, err = sign(priv, data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline=fpdf-trivial-page", func(b *testing.B) {
		for b.Loop() {
			sinkBytes = trivialPDF(b)
		}
	})
	b.Run("baseline=pdfdoc-chinese-title", func(b *testing.B) {
		for b.Loop() {
			d, err := pdfdoc.New(pdfdoc.Meta{Title: l.Title, Creator: "gongai", Created: l.IssuedAt})
			if err != nil {
				b.Fatal(err)
			}
			d.Title(l.Title)
			if sinkBytes, err = d.Bytes(); err != nil {
				b.Fatal(err)
			}
		}
	})
	parts(b, s, l, sealed, pub, priv)
	b.Run("licence=unseal+sm3+sm2+pdf", func(b *testing.B) {
		for b.Loop() {
			c := l
			if sinkBytes, err = issueWork(s, &c, sealed, pub); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// parts benchmarks the steps of issueWork one by one.
func parts(b *testing.B, s *Service, l Licence, sealed []byte, pub string, priv *sm2.PrivateKey) {
	b.Run("part=unseal-key", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.keys.privateKey(l.IssuerOrgID, sealed, pub); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("part=canonical+sm3", func(b *testing.B) {
		for b.Loop() {
			sinkString = Digest(Canonical(&l))
		}
	})
	b.Run("part=qr", func(b *testing.B) {
		for b.Loop() {
			var err error
			if sinkBytes, err = qrcode.Encode(s.VerifyURL(l.Number), qrcode.Medium, 256); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("part=render-pdf", func(b *testing.B) {
		var err error
		c := l
		c.Digest = Digest(Canonical(&c))
		if c.Signature, err = sign(priv, Canonical(&c)); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if sinkBytes, err = s.render(&c); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// trivialPDF is one A4 page with one line in a core font.
func trivialPDF(b *testing.B) []byte {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCreationDate(time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC))
	f.AddPage()
	f.SetFont("Helvetica", "", 12)
	f.Cell(40, 10, "Licence 511702-SGXK-2026-000042")
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkPaired is BenchmarkLicence with one licence interleaved with
// one call of each baseline (see pair), for ratios that hold while other
// work shares the machine. Run with -benchtime 30x or so.
func BenchmarkPaired(b *testing.B) {
	s, sealed, pub := benchService(b)
	l := benchLicence()
	priv, err := s.keys.privateKey(l.IssuerOrgID, sealed, pub)
	if err != nil {
		b.Fatal(err)
	}
	data := Canonical(&l)
	must := func(out []byte, err error) {
		if err != nil {
			b.Fatal(err)
		}
		sinkBytes = out
	}
	licence := func(int) { c := l; must(issueWork(s, &c, sealed, pub)) }
	smSign := func(int) { must(sign(priv, data)) }
	trivial := func(int) { sinkBytes = trivialPDF(b) }
	title := func(int) {
		d, err := pdfdoc.New(pdfdoc.Meta{Title: l.Title, Creator: "gongai", Created: l.IssuedAt})
		if err != nil {
			b.Fatal(err)
		}
		d.Title(l.Title)
		must(d.Bytes())
	}
	b.Run("licence/vs=sm2-sign", func(b *testing.B) { benchpair.Run(b, 1, benchpair.Options{GC: true}, smSign, licence) })
	b.Run("licence/vs=fpdf-trivial-page", func(b *testing.B) { benchpair.Run(b, 1, benchpair.Options{GC: true}, trivial, licence) })
	b.Run("licence/vs=pdfdoc-chinese-title", func(b *testing.B) { benchpair.Run(b, 1, benchpair.Options{GC: true}, title, licence) })
}

// BenchmarkIssue is Issue end to end on the database (SQLite, or
// PostgreSQL with GONGAI_TEST_DATABASE_URL): draft from the case, one
// transaction taking the serial, signing, rendering, storing licence and
// PDF and recording the audit event. The issuer's key exists already (it
// is created on a unit's first licence only). Cases are approved before
// the timer starts; run it with a small fixed -benchtime (e.g. 20x).
func BenchmarkIssue(b *testing.B) {
	e := newEnv(b)
	e.mustIssue(b, e.approved(b, "bench-key").ID) // creates the issuer's key
	ids := make([]int64, b.N)
	for i := range ids {
		ids[i] = e.approved(b, fmt.Sprintf("bench-%d-%d", b.N, i)).ID
	}
	ctx := context.Background()
	b.ResetTimer()
	for i := range b.N {
		l, err := e.lic.Issue(ctx, ids[i])
		if err != nil || l.Number == "" {
			b.Fatalf("Issue(%d) = %+v, %v", ids[i], l, err)
		}
	}
}

// TestBenchLicence checks what the benchmark produces: the signature of
// issueWork verifies against the digest's bytes, and the PDF opens and
// carries the number.
func TestBenchLicence(t *testing.T) {
	s, sealed, pub := benchService(t)
	l := benchLicence()
	pdf, err := issueWork(s, &l, sealed, pub)
	if err != nil {
		t.Fatal(err)
	}
	if !VerifySignature(pub, Canonical(&l), l.Signature) || l.Digest != Digest(Canonical(&l)) {
		t.Fatal("the benchmark's signature does not verify")
	}
	if err := pdfdoc.Check(pdf); err != nil {
		t.Fatal(err)
	}
	words, err := pdfdoc.Text(pdf)
	if err != nil || !slices.Contains(words, "证照编号："+l.Number) {
		t.Fatalf("PDF text lacks the number (%v): %q", err, words)
	}
}
