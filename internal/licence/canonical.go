package licence

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"strings"
	"unicode"

	"github.com/emmansun/gmsm/sm3"
)

// FormatVersion is the version of the canonical form, signed as "v".
const FormatVersion = 1

// SignedFields is the canonical form's content: every key, its meaning,
// and (in Canonical) its value. Keys are sorted by their UTF-16 code
// units as RFC 8785 requires, which for these ASCII keys is byte order.
//
//	case_number         办件编号
//	content             证照内容, an array of lines
//	holder_credit_code  持证主体统一社会信用代码
//	holder_name         持证主体
//	issue_date          发证日期 YYYY-MM-DD
//	issuer_name         发证机关
//	issuer_org_id       发证机关在 gongai 的编号, decimal string
//	item_name           审批事项
//	kind_code, kind_name 证照类型
//	licence_no          证照编号
//	project_code, project_name 项目代码、项目名称
//	region_code         行政区划代码
//	title               证照名称
//	v                   1 (the number FormatVersion)
var SignedFields = []string{"case_number", "content", "holder_credit_code", "holder_name", "issue_date",
	"issuer_name", "issuer_org_id", "item_name", "kind_code", "kind_name", "licence_no", "project_code",
	"project_name", "region_code", "title", "v"}

// Canonical returns the bytes that are digested and signed: a JSON object
// of SignedFields in the canonical form of RFC 8785 (JCS): keys sorted, no
// whitespace, UTF-8, strings with only '"', '\' and control characters
// escaped. All values are strings, an array of strings, or the small
// integer v, so Go's encoder with HTML escaping off produces exactly JCS
// once the text has been through Clean (which removes the control
// characters and U+2028/U+2029 that Go would escape differently).
func Canonical(l *Licence) []byte {
	m := map[string]any{
		"case_number": l.CaseNumber, "content": nonNil(l.Content), "holder_credit_code": l.HolderCreditCode,
		"holder_name": l.HolderName, "issue_date": l.IssueDate.String(), "issuer_name": l.IssuerName,
		"issuer_org_id": itoa(l.IssuerOrgID), "item_name": l.ItemName, "kind_code": l.Kind.Code,
		"kind_name": l.Kind.Name, "licence_no": l.Number, "project_code": l.ProjectCode,
		"project_name": l.ProjectName, "region_code": l.RegionCode, "title": l.Title, "v": FormatVersion,
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		panic(err) // strings, a string slice and an int always marshal
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// Digest is the lowercase hex SM3 of b.
func Digest(b []byte) string {
	sum := sm3.Sum(b)
	return hex.EncodeToString(sum[:])
}

// Clean makes s safe for the canonical form and for one line of a
// document: control characters, U+2028 and U+2029 become spaces, runs of
// spaces collapse, and the ends are trimmed.
func Clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// clean applies Clean to every signed text field of l.
func (l *Licence) clean() {
	for _, p := range []*string{&l.CaseNumber, &l.HolderCreditCode, &l.HolderName, &l.IssuerName, &l.ItemName,
		&l.ItemCode, &l.ProjectCode, &l.ProjectName, &l.RegionCode, &l.Title} {
		*p = Clean(*p)
	}
	for i := range l.Content {
		l.Content[i] = Clean(l.Content[i])
	}
}
