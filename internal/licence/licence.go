// Package licence is 电子证照 ("一窗出证"): it issues one electronic licence
// for every approved case (办结通过 11 or 容缺通过 12), signs it, renders
// it as a PDF with a QR code, lets the holder and staff list and download
// it, lets anyone verify it on a public page, and lets the issuing
// department's head revoke it.
//
// Signing. The signed bytes are the canonical form of the licence data
// (Canonical: RFC 8785 JSON of the fields in SignedFields). Their SM3
// digest is stored, and an SM2 signature over them (GB/T 32918.2, with
// SM3 and the default distinguishing ID "1234567812345678", DER encoded)
// by the issuing org unit's key. Each org unit gets its own SM2 key pair
// on first need; the private key is stored only sealed with SM4-GCM under
// the server's master key (see keys.go). Verification recomputes the
// canonical form from the stored fields, so any change to a signed column
// shows as 已被篡改. docs/licence-verify.md explains how to check a
// signature with OpenSSL 3 outside gongai.
//
// Numbers follow the spirit of GB/T 36904 (电子证照标识): region code,
// kind code, year and a six-digit serial per region+kind+year, e.g.
// 511702-JSGCGH-2026-000123 (see Number).
package licence

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

// Kind is the type of licence: a code used in numbers and the document's
// name.
type Kind struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// The kinds gongai knows by name; any other result is a Generic document.
var (
	LandUsePlanning     = Kind{"JSYDGH", "建设用地规划许可证"}
	ConstructionPlan    = Kind{"JSGCGH", "建设工程规划许可证"}
	ConstructionPermit  = Kind{"SGXK", "建筑工程施工许可证"}
	DrawingReview       = Kind{"SGTSC", "施工图审查合格书"}
	CompletionAcceptace = Kind{"JGYS", "建设工程竣工联合验收意见书"}
	Generic             = Kind{"SPJG", "审批结果文书"}
)

// kindRules match an item's result name (or, failing that, its name) to a
// kind; the first rule whose every fragment occurs wins.
var kindRules = []struct {
	parts []string
	kind  Kind
}{
	{[]string{"建设用地规划许可证"}, LandUsePlanning},
	{[]string{"建设工程规划许可证"}, ConstructionPlan},
	{[]string{"施工许可证"}, ConstructionPermit},
	{[]string{"施工图", "合格书"}, DrawingReview},
	{[]string{"竣工", "验收意见书"}, CompletionAcceptace},
}

// KindOf returns the kind of an item's result and the title printed on the
// document: the kind's name for a known kind; for Generic, the item's
// result name, or "<item name>审批结果文书" when it has none.
func KindOf(itemName, resultName string) (Kind, string) {
	for _, name := range []string{resultName, itemName} {
		for _, r := range kindRules {
			if containsAll(name, r.parts) {
				return r.kind, r.kind.Name
			}
		}
	}
	if strings.TrimSpace(resultName) != "" {
		return Generic, resultName
	}
	return Generic, itemName + Generic.Name
}

func containsAll(s string, parts []string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// Number formats a licence number: region code (GB/T 2260, 6 digits),
// kind code, the year of issue, and the serial within that region, kind
// and year, zero-padded to six digits:
//
//	511702-JSGCGH-2026-000123
func Number(regionCode, kindCode string, year int, serial int64) string {
	return fmt.Sprintf("%s-%s-%04d-%06d", regionCode, kindCode, year, serial)
}

var numberPattern = regexp.MustCompile(`^\d{6}-[A-Z]{2,10}-\d{4}-\d{6,}$`)

// ValidNumber reports whether s has the form Number produces.
func ValidNumber(s string) bool { return numberPattern.MatchString(s) }

// Licence is one issued electronic licence. The fields up to Content are
// signed (see SignedFields); Digest, Signature and PublicKeyPEM are the
// proof; the Revoked fields are not signed and change once, on revocation.
type Licence struct {
	ID               int64         `json:"id"`
	Number           string        `json:"number"`
	CaseID           int64         `json:"case_id"`
	CaseNumber       string        `json:"case_number"`
	Kind             Kind          `json:"kind"`
	Title            string        `json:"title" doc:"证照名称（印在证照上）"`
	ItemCode         string        `json:"item_code"`
	ItemName         string        `json:"item_name"`
	HolderName       string        `json:"holder_name" doc:"持证主体（建设单位）"`
	HolderCreditCode string        `json:"holder_credit_code" doc:"持证主体统一社会信用代码"`
	EnterpriseID     int64         `json:"-"`
	ProjectCode      string        `json:"project_code"`
	ProjectName      string        `json:"project_name"`
	RegionCode       string        `json:"region_code"`
	IssuerOrgID      int64         `json:"issuer_org_id"`
	IssuerName       string        `json:"issuer_name" doc:"发证机关"`
	IssueDate        calendar.Date `json:"issue_date"`
	Content          []string      `json:"content" doc:"证照内容，每行一条"`
	Digest           string        `json:"digest_sm3" doc:"签名数据的 SM3 摘要（十六进制）"`
	Signature        []byte        `json:"signature" doc:"SM2 签名（DER，base64）"`
	KeyID            int64         `json:"-"`
	PublicKeyPEM     string        `json:"public_key_pem" doc:"发证机关的 SM2 公钥（PEM）"`
	IssuedAt         time.Time     `json:"issued_at"`
	RevokedAt        time.Time     `json:"revoked_at,omitzero"`
	RevokedBy        int64         `json:"-"`
	RevokerName      string        `json:"revoker_name,omitempty"`
	RevokeReason     string        `json:"revoke_reason,omitempty"`
}

// Revoked reports whether the licence has been revoked.
func (l *Licence) Revoked() bool { return !l.RevokedAt.IsZero() }

// Path is the licence's page; PDFPath its PDF download.
func Path(number string) string { return "/licences/" + number }

// PDFPath is the download URL of the licence's PDF.
func PDFPath(number string) string { return "/licences/" + number + ".pdf" }

// VerifyPath is the public verification page of the licence.
func VerifyPath(number string) string { return "/verify/" + number }
