package project

import (
	"strings"
	"testing"
)

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in   string
		want Money
		msg  string // substring of the problem, "" for valid
	}{
		{"0", 0, ""},
		{"3800", 3_800_00, ""},
		{"1250.5", 1_250_50, ""},
		{"1250.50", 1_250_50, ""},
		{"0.01", 1, ""},
		{" 1,234,567.89 ", 1_234_567_89, ""},
		{"68500万元", 68_500_00, ""},
		{"007.10", 7_10, ""},
		{"99999999.99", MaxMoney, ""},
		{"", 0, "请填写总投资"},
		{"-1", 0, "不能为负数"},
		{"1.234", 0, "最多保留两位小数"},
		{"1.", 0, "应为数字"},
		{".5", 0, "应为数字"},
		{"1e3", 0, "应为数字"},
		{"abc", 0, "应为数字"},
		{"1.2.3", 0, "应为数字"},
		{"100000000", 0, "不能超过"},
		{"9223372036854775807", 0, "不能超过"},
	}
	for _, tc := range tests {
		got, msg := ParseMoney(tc.in)
		if (tc.msg == "") != (msg == "") || !strings.Contains(msg, tc.msg) {
			t.Errorf("ParseMoney(%q) problem = %q, want %q", tc.in, msg, tc.msg)
			continue
		}
		if msg == "" && got != tc.want {
			t.Errorf("ParseMoney(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestMoney_Format(t *testing.T) {
	tests := []struct {
		m              Money
		decimal, label string
	}{
		{0, "0.00", "0.00 万元"},
		{5, "0.05", "0.05 万元"},
		{3_800_00, "3800.00", "3,800.00 万元"},
		{1_234_567_89, "1234567.89", "1,234,567.89 万元"},
		{MaxMoney, "99999999.99", "99,999,999.99 万元"},
	}
	for _, tc := range tests {
		if got := tc.m.Decimal(); got != tc.decimal {
			t.Errorf("Decimal(%d) = %q, want %q", tc.m, got, tc.decimal)
		}
		if got := tc.m.Label(); got != tc.label {
			t.Errorf("Label(%d) = %q, want %q", tc.m, got, tc.label)
		}
		if back, msg := ParseMoney(tc.m.String()); msg != "" || back != tc.m {
			t.Errorf("ParseMoney(String(%d)) = %d, %q", tc.m, back, msg)
		}
	}
}
