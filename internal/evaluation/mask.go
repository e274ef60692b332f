package evaluation

import (
	"regexp"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/idcode"
)

// The masking rules of the public register (办结信息公示). Names of
// enterprises and government departments are public; what identifies a
// natural person is not: the name keeps its first and last character, an
// identity number its first 4 and last 4, a telephone number its first 3
// and last 4 digits.

// MaskName masks a natural person's name, keeping the first and the last
// character: 张三丰 → 张*丰, 欧阳娜娜 → 欧**娜, 张三 → 张*, 张 → *.
// Surrounding spaces are dropped; "" stays "".
func MaskName(name string) string {
	r := []rune(strings.TrimSpace(name))
	switch len(r) {
	case 0:
		return ""
	case 1:
		return "*"
	case 2:
		return string(r[0]) + "*"
	}
	return string(r[0]) + strings.Repeat("*", len(r)-2) + string(r[len(r)-1])
}

// MaskIDNumber masks an identity number, keeping the first 4 and the last
// 4 characters: 511702199001011234 → 5117**********1234. A value of 8
// characters or fewer is masked entirely.
func MaskIDNumber(s string) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) <= 8 {
		return strings.Repeat("*", len(r))
	}
	return string(r[:4]) + strings.Repeat("*", len(r)-8) + string(r[len(r)-4:])
}

// MaskPhone masks a telephone number, keeping its first 3 and last 4
// digits and every separator: 13812345678 → 138****5678, 0818-2345678 →
// 081*-***5678. A number of fewer than 8 digits has every digit masked.
func MaskPhone(s string) string {
	s = strings.TrimSpace(s)
	digits := 0
	for _, c := range s {
		if c >= '0' && c <= '9' {
			digits++
		}
	}
	var b strings.Builder
	i := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			b.WriteRune(c)
			continue
		}
		if digits >= 8 && (i < 3 || i >= digits-4) {
			b.WriteRune(c)
		} else {
			b.WriteByte('*')
		}
		i++
	}
	return b.String()
}

// MaskOwner returns the owner's name as the register shows it: public for
// an organisation, masked (MaskName) when the owner's code is a resident
// identity number rather than a 统一社会信用代码, i.e. a natural person.
func MaskOwner(name, code string) string {
	code = strings.ToUpper(strings.TrimSpace(code))
	if idcode.ValidIDNumber(code) && !idcode.ValidCreditCode(code) {
		return MaskName(name)
	}
	return name
}

// token finds, in free text, landline numbers with an area code and runs
// of letters and digits; MaskText classifies each run.
var token = regexp.MustCompile(`0\d{2,3}-\d{7,8}|[0-9A-Za-z]+`)

// MaskText masks the identity numbers (18 characters: 17 digits and a
// digit or X; or 15 digits) and telephone numbers (11-digit mobiles
// starting 13–19; landlines written 0xxx-xxxxxxx) inside free text such as
// a project name. Other codes (credit codes, case numbers, dates) are left
// alone. Names of persons inside free text cannot be recognised reliably
// and are not masked: fields that hold a person's name use MaskName.
func MaskText(s string) string {
	return token.ReplaceAllStringFunc(s, func(t string) string {
		switch {
		case strings.Contains(t, "-"):
			return MaskPhone(t)
		case isIDShaped(t):
			return MaskIDNumber(t)
		case len(t) == 11 && allDigits(t) && t[0] == '1' && t[1] >= '3':
			return MaskPhone(t)
		}
		return t
	})
}

// isIDShaped reports whether t looks like an identity number: 15 digits,
// or 17 digits and a digit or X. The check character is not verified, so
// that a mistyped number is masked too.
func isIDShaped(t string) bool {
	switch len(t) {
	case 15:
		return allDigits(t)
	case 18:
		last := t[17]
		return allDigits(t[:17]) && (last >= '0' && last <= '9' || last == 'X' || last == 'x')
	}
	return false
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
