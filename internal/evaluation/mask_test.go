package evaluation

import "testing"

func TestMaskName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"张三丰", "张*丰"},
		{"张三", "张*"},
		{"张", "*"},
		{"欧阳娜娜", "欧**娜"},
		{"  李四  ", "李*"},
		{"", ""},
		{"阿卜杜热西提", "阿****提"},
	} {
		if got := MaskName(tc.in); got != tc.want {
			t.Errorf("MaskName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestMaskIDNumber(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"511702199001011234", "5117**********1234"},
		{"51170219900101123X", "5117**********123X"},
		{"511702900101123", "5117*******1123"}, // 15-digit (first generation)
		{"12345678", "********"},
		{"", ""},
	} {
		if got := MaskIDNumber(tc.in); got != tc.want {
			t.Errorf("MaskIDNumber(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestMaskPhone(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"13812345678", "138****5678"},
		{"0818-2345678", "081*-***5678"},
		{"138 1234 5678", "138 **** 5678"},
		{"1234567", "*******"},
		{"", ""},
	} {
		if got := MaskPhone(tc.in); got != tc.want {
			t.Errorf("MaskPhone(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestMaskOwner(t *testing.T) {
	for _, tc := range []struct{ name, code, want string }{
		{"达州川东建设有限公司", "91511702MA6DH20267", "达州川东建设有限公司"},
		{"王小明", "11010519491231002X", "王*明"}, // a valid resident ID number
		{"王小明", "11010519491231002x", "王*明"},
		{"某某合作社", "", "某某合作社"},
	} {
		if got := MaskOwner(tc.name, tc.code); got != tc.want {
			t.Errorf("MaskOwner(%q, %q) = %q, want %q", tc.name, tc.code, got, tc.want)
		}
	}
}

func TestMaskText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"联系人电话13812345678，请联系", "联系人电话138****5678，请联系"},
		{"身份证511702199001011234的住宅", "身份证5117**********1234的住宅"},
		{"身份证51170219900101123x", "身份证5117**********123x"},
		{"电话0818-2345678", "电话081*-***5678"},
		{"达州市通川区滨江路标准厂房项目", "达州市通川区滨江路标准厂房项目"},
		{"办件511702-20260309-00001", "办件511702-20260309-00001"},
		{"信用代码91511702MA6DH20267", "信用代码91511702MA6DH20267"},
		{"2026年投资12345678901万元", "2026年投资12345678901万元"}, // 11 digits not starting 13–19
		{"编号A13812345678", "编号A13812345678"},             // part of a longer code
	} {
		if got := MaskText(tc.in); got != tc.want {
			t.Errorf("MaskText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
