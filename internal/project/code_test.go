package project

import (
	"context"
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/org"
)

func TestParseProjectCode(t *testing.T) {
	tests := []struct {
		name, code, want string // want: a substring of the message, "" for valid
	}{
		{"valid 备案", "2026-511702-47-03-012345", ""},
		{"valid 审批", "2000-511700-83-01-000001", ""},
		{"valid 核准, next year", "2027-511725-44-02-999999", ""},
		{"empty", "", "请填写项目代码"},
		{"too short serial", "2026-511702-47-03-01234", "格式不正确"},
		{"letters", "2026-51170A-47-03-012345", "格式不正确"},
		{"no dashes", "202651170247030123450000", "格式不正确"},
		{"year too early", "1999-511702-47-03-012345", "年份 1999"},
		{"year too late", "2028-511702-47-03-012345", "2000 年至 2027 年"},
		{"type 04", "2026-511702-47-04-012345", "不能是 04"},
		{"type 00", "2026-511702-47-00-012345", "01（审批）"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, msg := parseProjectCode(tc.code, 2027)
			if (tc.want == "") != (msg == "") || !strings.Contains(msg, tc.want) {
				t.Fatalf("parseProjectCode(%q) = %q, want %q", tc.code, msg, tc.want)
			}
		})
	}
}

func TestNormalizeCode(t *testing.T) {
	if got := NormalizeCode(" ２０２６－511702-47-03-012345　"); got != "2026-511702-47-03-012345" {
		t.Fatalf("NormalizeCode = %q", got)
	}
}

func TestRegionCodeProblem(t *testing.T) {
	f := newFixture(t)
	regions, err := f.orgs.Regions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	region := func(code string) org.Region { return *findRegion(regions, code) }
	tests := []struct {
		name, part, region, want string
	}{
		{"own code", "511702", "511702", ""},
		{"city by the city", "511700", "511700", ""},
		{"county code for the city", "511702", "511700", "不一致"},
		{"city code for a county", "511700", "511702", "不一致"},
		{"渠县 code for a 通川区 project", "511725", "511702", "511725（渠县）与所选区县“通川区”不一致"},
		{"old 达县 code for 达川区", "511721", "511703", ""},
		{"old 达县 code for 通川区", "511721", "511702", "不一致"},
		{"万源市", "511781", "511781", ""},
		{"高新区 own statistical code", "511771", "511771", ""},
		{"高新区 under the city", "511700", "511771", ""},
		{"东部经开区 under 达川区 (reporting code)", "511703", "511772", ""},
		{"东部经开区 under the city", "511700", "511772", ""},
		{"东部经开区's internal code is not a real code", "511772", "511772", "不属于达州市"},
		{"Chengdu", "510104", "511702", "不属于达州市"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			msg := regionCodeProblem(tc.part, region(tc.region), regions)
			if (tc.want == "") != (msg == "") || !strings.Contains(msg, tc.want) {
				t.Fatalf("regionCodeProblem(%s, %s) = %q, want %q", tc.part, tc.region, msg, tc.want)
			}
		})
	}
}

func TestWorkCodeProblem(t *testing.T) {
	const pc = "2026-511702-47-03-012345"
	tests := []struct {
		name, code string
		ok         bool
	}{
		{"the project as a whole", pc, true},
		{"first sub-project", pc + "-001", true},
		{"last serial", pc + "-999", true},
		{"empty", "", false},
		{"serial 000", pc + "-000", false},
		{"two digits", pc + "-01", false},
		{"four digits", pc + "-0001", false},
		{"letters", pc + "-A01", false},
		{"another project's code", "2026-511702-47-03-012346-001", false},
		{"no dash", pc + "001", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if msg := workCodeProblem(pc, tc.code); (msg == "") != tc.ok {
				t.Fatalf("workCodeProblem(%q) = %q, want ok=%v", tc.code, msg, tc.ok)
			}
		})
	}
}

func TestSuggestWorkCode(t *testing.T) {
	const pc = "2026-511702-47-03-012345"
	pr := Project{Code: pc}
	if got := suggestWorkCode(pr); got != pc {
		t.Fatalf("no works: %q", got)
	}
	pr.Works = []Work{{Code: pc}, {Code: pc + "-002"}}
	if got := suggestWorkCode(pr); got != pc+"-003" {
		t.Fatalf("after -002: %q", got)
	}
	if msg := workCodeProblem(pc, suggestWorkCode(pr)); msg != "" {
		t.Fatalf("the suggestion breaks the rule: %s", msg)
	}
}
