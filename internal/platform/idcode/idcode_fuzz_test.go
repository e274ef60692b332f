package idcode

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzCreditCode checks the 统一社会信用代码 rules on any text: the form
// check (CreditCodeProblem) and the plain check (ValidCreditCode) agree; a
// valid code is 18 characters of the GB 32100 alphabet whose last one is
// what CreditCheckChar computes from the first 17; changing any one
// character of a valid code makes it invalid; and completing any 17
// characters of the alphabet with their check character gives a valid code.
func FuzzCreditCode(f *testing.F) {
	for _, s := range []string{
		"91510100MA6CGUGA1W", "91511702MA6DH20260", "91510100MA6CGUGA1X", "91510100ma6cguga1w",
		"91510100MA6CGUGAIW", "91510100MA6CGUGA1", "91510100MA6CGUGA1WW", "", " 91510100MA6CGUGA1W",
		"９１５１０１００ＭＡ６ＣＧＵＧＡ１Ｗ", "9151010０MA6CGUGA1W", "91510100MA6CGUGA1Ｗ",
		"000000000000000000", "YYYYYYYYYYYYYYYYYY", "91510100MA6CGUGA1\x00", "统一社会信用代码统一社会信用代码统一",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		valid := ValidCreditCode(s)
		problem := CreditCodeProblem(s)
		if valid != (problem == "") {
			t.Fatalf("ValidCreditCode(%q) = %v but CreditCodeProblem = %q", s, valid, problem)
		}
		if problem != "" && !hasHan(problem) {
			t.Fatalf("CreditCodeProblem(%q) = %q, not a Chinese message", s, problem)
		}
		if valid {
			checkValidCredit(t, s)
		}
		if len(s) >= 17 {
			if c, ok := CreditCheckChar(s[:17]); ok && !ValidCreditCode(s[:17]+string(c)) {
				t.Fatalf("%q completed with its check character %q is not valid", s[:17], c)
			}
		}
	})
}

func checkValidCredit(t *testing.T, s string) {
	t.Helper()
	if len(s) != 18 || strings.Trim(s, creditAlphabet) != "" {
		t.Fatalf("valid credit code %q is not 18 characters of the alphabet", s)
	}
	if c, ok := CreditCheckChar(s[:17]); !ok || c != s[17] {
		t.Fatalf("valid credit code %q: check character %q, want %q", s, s[17], c)
	}
	for i := range 18 {
		for _, c := range []byte(creditAlphabet) {
			if c != s[i] && ValidCreditCode(s[:i]+string(c)+s[i+1:]) {
				t.Fatalf("%q and a one-character change at %d (%c) are both valid", s, i, c)
			}
		}
	}
}

// FuzzIDNumber checks the resident identity number on any text: a number
// ValidIDNumber accepts is 17 digits and its check character with a real
// birth date from 1900 on; changing any one character of it makes it
// invalid; and its masked form (String, MaskID) keeps the first 6 and the
// last 4 characters, hides every other one, never contains the birth date,
// and stays valid UTF-8 of the same length in characters for any input.
func FuzzIDNumber(f *testing.F) {
	for _, s := range []string{
		"11010519491231002X", "110105194912310021", "11010519491331002X", "11010519491231002x",
		"511702199001011237", "511702190002290013", "511702200002290015", "51170219000101001X",
		"1101051949123100", "", "51170218991231001X", "511702299912310011", "５１１７０２１９９００１０１１２３７",
		"5117021990010112３7", "511702 19900101123", "511702１9900101123７", "张三李四王五赵六钱七孙八周九吴十郑",
		"a", "1234567890", "12345678901", "\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6\xf5",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ValidIDNumber(s) {
			checkValidID(t, s)
		}
		checkMask(t, s)
	})
}

func checkValidID(t *testing.T, s string) {
	t.Helper()
	if len(s) != 18 || strings.Trim(s[:17], "0123456789") != "" {
		t.Fatalf("valid ID number %q is not 17 digits and a check character", s)
	}
	if c, ok := IDCheckChar(s[:17]); !ok || c != s[17] {
		t.Fatalf("valid ID number %q: check character %q, want %q", s, s[17], c)
	}
	if s[6:8] < "19" {
		t.Fatalf("valid ID number %q was born before 1900", s)
	}
	for i := range 18 {
		for _, c := range []byte("0123456789X") {
			if c != s[i] && ValidIDNumber(s[:i]+string(c)+s[i+1:]) {
				t.Fatalf("%q and a one-character change at %d (%c) are both valid", s, i, c)
			}
		}
	}
	if m := IDNumber(s).String(); strings.Contains(m, s[6:14]) || m != s[:6]+"********"+s[14:] {
		t.Fatalf("IDNumber(%q).String() = %q", s, m)
	}
}

func checkMask(t *testing.T, s string) {
	t.Helper()
	m := MaskID(s)
	if !utf8.ValidString(s) {
		return // bytes that are no text: only that MaskID does not panic
	}
	in, out := []rune(s), []rune(m)
	if !utf8.ValidString(m) {
		t.Fatalf("MaskID(%q) = %q is not valid UTF-8", s, m)
	}
	if len(out) != len(in) {
		t.Fatalf("MaskID(%q) = %q: %d characters, want %d", s, m, len(out), len(in))
	}
	for i, r := range out {
		shown := len(in) > 10 && (i < 6 || i >= len(in)-4)
		if shown && r != in[i] || !shown && r != '*' {
			t.Fatalf("MaskID(%q) = %q: character %d is %q", s, m, i, r)
		}
	}
}

func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}
