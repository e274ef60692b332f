package idcode

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestValidCreditCode(t *testing.T) {
	tests := []struct {
		code string
		ok   bool
	}{
		{"91510100MA6CGUGA1W", true},  // a published Chengdu company code
		{"91510100MA6CGUGA1X", false}, // wrong check character
		{"91510100MA6CGUGA1", false},  // too short
		{"91510100MA6CGUGAIW", false}, // I is not in the alphabet
		{"91510100ma6cguga1w", false}, // lower case
		{"", false},
	}
	for _, tc := range tests {
		if got := ValidCreditCode(tc.code); got != tc.ok {
			t.Errorf("ValidCreditCode(%q) = %v, want %v", tc.code, got, tc.ok)
		}
	}
}

func TestCreditCode_EverySingleCharacterErrorIsCaught(t *testing.T) {
	good := "91510100MA6CGUGA1W"
	for i := 0; i < 17; i++ {
		for _, c := range []byte(creditAlphabet) {
			if c == good[i] {
				continue
			}
			bad := good[:i] + string(c) + good[i+1:]
			if ValidCreditCode(bad) {
				t.Fatalf("%s accepted", bad)
			}
		}
	}
}

func TestValidIDNumber(t *testing.T) {
	tests := []struct {
		id string
		ok bool
	}{
		{"11010519491231002X", true}, // the GB 11643 example
		{"110105194912310021", false},
		{"11010519491331002X", false}, // month 13, check recomputed below would still fail on date
		{"1101051949123100", false},
		{"11010519491231002x", false},
	}
	for _, tc := range tests {
		if got := ValidIDNumber(tc.id); got != tc.ok {
			t.Errorf("ValidIDNumber(%q) = %v, want %v", tc.id, got, tc.ok)
		}
	}
	c, _ := IDCheckChar("51170219900101123")
	if !ValidIDNumber("51170219900101123" + string(c)) {
		t.Fatal("computed check character must validate")
	}
}

func TestIDNumber_NeverPrintsInFull(t *testing.T) {
	n := IDNumber("11010519491231002X")
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "id", n)
	for _, s := range []string{fmt.Sprint(n), fmt.Sprintf("%v", n), buf.String()} {
		if strings.Contains(s, "19491231") || !strings.Contains(s, "110105********002X") {
			t.Errorf("leaked or wrong mask: %q", s)
		}
	}
	if n.Full() != "11010519491231002X" {
		t.Fatal("Full must return the number")
	}
}
