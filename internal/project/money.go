package project

import (
	"strconv"
	"strings"
)

// Money is an investment amount as an exact integer number of hundredths of
// 万元, that is of 100 元: 1234.56 万元 is Money(123456). Two decimals of 万元
// is the precision of 投资额 on approval forms; an integer keeps every sum
// and comparison exact, which a float would not.
type Money int64

// MaxMoney is the largest accepted investment, 99,999,999.99 万元 (about a
// trillion 元): far above any Dazhou project, far below int64 overflow.
const MaxMoney Money = 99_999_999_99

// ParseMoney reads an amount in 万元 as typed in a form or sent by a client:
// digits with at most one decimal point and at most two decimals; thousands
// separators (",", "，") and surrounding spaces are ignored, as is a trailing
// "万元". It never goes through a float. It returns the amount, or a Chinese
// message saying what is wrong.
func ParseMoney(s string) (Money, string) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "万元"))
	s = strings.NewReplacer(",", "", "，", "", " ", "").Replace(s)
	if s == "" {
		return 0, "请填写总投资（万元）；尚未确定时填 0。"
	}
	if strings.HasPrefix(s, "-") {
		return 0, "总投资不能为负数。"
	}
	whole, frac, dotted := strings.Cut(s, ".")
	if whole == "" || !allDigits(whole) || !allDigits(frac) || (dotted && frac == "") {
		return 0, "总投资应为数字（万元），例如 1250.50。"
	}
	if len(frac) > 2 {
		return 0, "总投资最多保留两位小数（单位为万元）。"
	}
	if len(strings.TrimLeft(whole, "0")) > 8 {
		return 0, "总投资不能超过 99,999,999.99 万元，请确认单位为万元。"
	}
	w, _ := strconv.ParseInt(whole, 10, 64) // at most 8 significant digits: cannot fail
	f, _ := strconv.ParseInt((frac + "00")[:2], 10, 64)
	return Money(w*100 + f), ""
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Decimal is the plain decimal form, e.g. "1234.50", for inputs and the API.
func (m Money) Decimal() string {
	sign := ""
	if m < 0 {
		sign, m = "-", -m
	}
	return sign + strconv.FormatInt(int64(m/100), 10) + "." + twoDigits(int64(m%100))
}

// String is the display form with thousands separators, e.g. "1,234.50".
func (m Money) String() string {
	sign := ""
	if m < 0 {
		sign, m = "-", -m
	}
	whole := strconv.FormatInt(int64(m/100), 10)
	var b strings.Builder
	for i := range len(whole) {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(whole[i])
	}
	return sign + b.String() + "." + twoDigits(int64(m%100))
}

// Label is the display form with its unit, e.g. "1,234.50 万元".
func (m Money) Label() string { return m.String() + " 万元" }

func twoDigits(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}
