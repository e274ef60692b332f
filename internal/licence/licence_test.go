package licence

import (
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

func TestKindOf(t *testing.T) {
	for _, tc := range []struct {
		item, result string
		want         Kind
		title        string
	}{
		{"建设工程规划许可证核发", "建设工程规划许可证", ConstructionPlan, "建设工程规划许可证"},
		{"建设用地规划许可证核发", "建设用地规划许可证", LandUsePlanning, "建设用地规划许可证"},
		{"建筑工程施工许可证核发（社会投资简易低风险项目）", "建筑工程施工许可证", ConstructionPermit, "建筑工程施工许可证"},
		{"施工图设计文件审查", "施工图设计文件审查合格书", DrawingReview, "施工图审查合格书"},
		{"竣工联合验收", "建设工程竣工联合验收意见书", CompletionAcceptace, "建设工程竣工联合验收意见书"},
		{"建设工程规划许可证核发", "", ConstructionPlan, "建设工程规划许可证"}, // by the item's name
		{"环境影响评价审批", "环境影响评价文件批复", Generic, "环境影响评价文件批复"},
		{"节能审查", "", Generic, "节能审查审批结果文书"},
	} {
		k, title := KindOf(tc.item, tc.result)
		if k != tc.want || title != tc.title {
			t.Errorf("KindOf(%q, %q) = %v %q, want %v %q", tc.item, tc.result, k, title, tc.want, tc.title)
		}
	}
}

func TestNumber(t *testing.T) {
	n := Number("511702", "JSGCGH", 2026, 123)
	if n != "511702-JSGCGH-2026-000123" || !ValidNumber(n) {
		t.Fatalf("Number = %q", n)
	}
	for _, bad := range []string{"", "511702-jsgcgh-2026-000123", "511702-JSGCGH-2026-12", "../etc/passwd",
		"511702-JSGCGH-2026-000123.pdf"} {
		if ValidNumber(bad) {
			t.Errorf("ValidNumber(%q) = true", bad)
		}
	}
}

// TestCanonical pins the signed form: a change here breaks every issued
// signature, so it must be deliberate (and bump FormatVersion).
func TestCanonical(t *testing.T) {
	l := Licence{Number: "511702-JSGCGH-2026-000123", CaseNumber: "511702-20260309-00001",
		Kind: ConstructionPlan, Title: "建设工程规划许可证", ItemName: "建设工程规划许可证核发",
		HolderName: "达州<川东>&建设\"有限\"公司", HolderCreditCode: "91511702MA6DH20260",
		ProjectCode: "2026-511702-48-03-000001", ProjectName: "滨江路标准厂房", RegionCode: "511702",
		IssuerOrgID: 15, IssuerName: "通川区自然资源和规划局", IssueDate: calendar.NewDate(2026, 3, 9),
		Content: []string{"审批结论：准予许可。", "路径 a\\b"}}
	want := `{"case_number":"511702-20260309-00001","content":["审批结论：准予许可。","路径 a\\b"],` +
		`"holder_credit_code":"91511702MA6DH20260","holder_name":"达州<川东>&建设\"有限\"公司",` +
		`"issue_date":"2026-03-09","issuer_name":"通川区自然资源和规划局","issuer_org_id":"15",` +
		`"item_name":"建设工程规划许可证核发","kind_code":"JSGCGH","kind_name":"建设工程规划许可证",` +
		`"licence_no":"511702-JSGCGH-2026-000123","project_code":"2026-511702-48-03-000001",` +
		`"project_name":"滨江路标准厂房","region_code":"511702","title":"建设工程规划许可证","v":1}`
	if got := string(Canonical(&l)); got != want {
		t.Fatalf("Canonical =\n%s\nwant\n%s", got, want)
	}
	for _, k := range SignedFields {
		if !strings.Contains(want, `"`+k+`":`) {
			t.Errorf("SignedFields lists %q, which is not signed", k)
		}
	}
	l.Content = nil
	if !strings.Contains(string(Canonical(&l)), `"content":[]`) {
		t.Error("no content must sign as an empty array")
	}
}

func TestClean(t *testing.T) {
	if got := Clean("  a\tb\n\u2028c  \x00d "); got != "a b c d" {
		t.Fatalf("Clean = %q", got)
	}
}

func TestKeyring(t *testing.T) {
	if _, err := newKeyring([]byte("short")); err == nil {
		t.Fatal("a 5-byte master key was accepted")
	}
	k, _ := newKeyring(testMaster)
	sealed, pub, err := k.newKeyPair(7)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.privateKey(7, sealed, pub); err != nil {
		t.Fatal(err)
	}
	if _, err := k.privateKey(8, sealed, pub); err == nil {
		t.Error("a sealed key opened for another org unit")
	}
	other, _ := newKeyring([]byte("another master key, 32 bytes...."))
	if _, err := other.privateKey(7, sealed, pub); err == nil {
		t.Error("a sealed key opened with another master key")
	}
}
