// Package idcode validates and masks Chinese identifiers: the unified social
// credit code of organisations (GB 32100-2015) and the resident identity
// number (GB 11643-1999). Both end in a check character that catches every
// single-character error and most transpositions.
package idcode

import (
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"
)

const creditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY" // no I, O, S, V, Z

var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// CreditCode is a 统一社会信用代码.
type CreditCode string

// CreditCheckChar returns the GB 32100 check character for the first 17
// characters of code, and false if any of them is outside the alphabet.
func CreditCheckChar(first17 string) (byte, bool) {
	if len(first17) != 17 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(creditAlphabet, first17[i])
		if v < 0 {
			return 0, false
		}
		sum += v * creditWeights[i]
	}
	return creditAlphabet[(31-sum%31)%31], true
}

// ValidCreditCode reports whether s is an 18-character code whose check
// character is right. Lower-case input is not accepted: callers normalise
// with strings.ToUpper first if they want to be lenient.
func ValidCreditCode(s string) bool {
	if len(s) != 18 {
		return false
	}
	c, ok := CreditCheckChar(s[:17])
	return ok && c == s[17]
}

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const idChecks = "10X98765432"

// IDNumber is an 18-digit resident identity number. It masks itself when
// printed or logged, so that a full number never reaches a page or a log by
// accident; use Full for the rare places that must show it.
type IDNumber string

// IDCheckChar returns the GB 11643 check character for 17 digits.
func IDCheckChar(first17 string) (byte, bool) {
	if len(first17) != 17 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		d := first17[i]
		if d < '0' || d > '9' {
			return 0, false
		}
		sum += int(d-'0') * idWeights[i]
	}
	return idChecks[sum%11], true
}

// ValidIDNumber reports whether s is an 18-character resident ID number with
// a real birth date and the right check character (upper-case X).
func ValidIDNumber(s string) bool {
	if len(s) != 18 {
		return false
	}
	c, ok := IDCheckChar(s[:17])
	if !ok || c != s[17] {
		return false
	}
	birth, err := time.Parse("20060102", s[6:14])
	return err == nil && birth.Year() >= 1900 && birth.Before(time.Now())
}

// String returns the masked form, e.g. 511702********123X.
func (n IDNumber) String() string { return MaskID(string(n)) }

// LogValue masks the number in slog output.
func (n IDNumber) LogValue() slog.Value { return slog.StringValue(n.String()) }

// Full returns the unmasked number.
func (n IDNumber) Full() string { return string(n) }

// MaskID keeps the first 6 (region) and last 4 characters and replaces
// each other one with "*"; a value of 10 characters or fewer is masked
// entirely. It counts characters, not bytes, so that a mistyped number
// with full-width digits is masked as completely and stays valid UTF-8.
func MaskID(s string) string {
	r := []rune(s)
	if len(r) <= 10 {
		return strings.Repeat("*", len(r))
	}
	return string(r[:6]) + strings.Repeat("*", len(r)-10) + string(r[len(r)-4:])
}

// CreditCodeProblem explains in Chinese what is wrong with a 统一社会信用代码,
// or returns "" when it is valid, so that a form can say which rule failed.
func CreditCodeProblem(code string) string {
	if utf8.RuneCountInString(code) != 18 {
		return "统一社会信用代码应为18位。"
	}
	for i := 0; i < 18; i++ {
		if strings.IndexByte(creditAlphabet, code[i]) < 0 {
			return "统一社会信用代码只能包含数字和大写字母（不含I、O、Z、S、V）。"
		}
	}
	if !ValidCreditCode(code) {
		return "统一社会信用代码校验位不正确，请核对后重新填写。"
	}
	return ""
}
