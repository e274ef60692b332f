package project

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/org"
)

// projectCodePattern is the shape of a 项目代码 (domain.md §1.7): year,
// 6-digit 行政区划代码, 2-digit industry, 2-digit type, 6-digit serial.
var projectCodePattern = regexp.MustCompile(`^([0-9]{4})-([0-9]{6})-([0-9]{2})-([0-9]{2})-([0-9]{6})$`)

const codeFormatHint = "项目代码格式为“年份-行政区划代码-行业代码-类型代码-流水号”，共24位，例如 2026-511702-47-03-012345。"

// projectCodeKinds are the type part of a project code.
var projectCodeKinds = map[string]string{"01": "审批", "02": "核准", "03": "备案"}

// dazhouCodes are the 行政区划代码 that may appear in a Dazhou project code
// besides the regions' own and reporting codes (which are read from the
// regions table): 511721 is the code of the former 达县, still found on
// codes issued before it became 达川区 (511703) in 2013.
var dazhouCodes = []string{"511700", "511702", "511703", "511721", "511722", "511723",
	"511724", "511725", "511781", "511771"}

// legacyCodes maps a region code to older codes its projects may still carry.
var legacyCodes = map[string][]string{"511703": {"511721"}}

// codeParts is a 项目代码 split into its parts.
type codeParts struct {
	Year                           int
	Region, Industry, Kind, Serial string
}

// NormalizeCode trims a typed code and turns full-width digits and dashes
// (common with Chinese input methods) into ASCII.
func NormalizeCode(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '－' || r == '—' || r == '–' || r == '―':
			return '-'
		case r == ' ' || r == '\u3000':
			return -1
		}
		return r
	}, strings.TrimSpace(s))
}

// parseProjectCode checks a normalised 项目代码's format and the meaning of
// its year (2000 to maxYear) and type parts. The region part is checked
// against the regions by regionCodeProblem. It returns the parts or a
// Chinese message.
func parseProjectCode(code string, maxYear int) (codeParts, string) {
	if code == "" {
		return codeParts{}, "请填写项目代码。" + codeFormatHint
	}
	m := projectCodePattern.FindStringSubmatch(code)
	if m == nil {
		return codeParts{}, "项目代码格式不正确。" + codeFormatHint
	}
	year, _ := strconv.Atoi(m[1])
	p := codeParts{Year: year, Region: m[2], Industry: m[3], Kind: m[4], Serial: m[5]}
	if year < 2000 || year > maxYear {
		return p, fmt.Sprintf("项目代码中的年份 %d 不正确，应在 2000 年至 %d 年之间。", year, maxYear)
	}
	if _, ok := projectCodeKinds[p.Kind]; !ok {
		return p, "项目代码第4段为项目类型，应为 01（审批）、02（核准）或 03（备案），不能是 " + p.Kind + "。"
	}
	return p, ""
}

// CodeProblem is the one check of a 项目代码 for a project of region r
// (regions are all of Dazhou's, for the zones' parents): format, year up to
// maxYear, type, and a region part that r accepts. It returns "" or a
// Chinese message. Registration uses it, and so does the data-quality rule
// that re-checks stored projects.
func CodeProblem(code string, r org.Region, regions []org.Region, maxYear int) string {
	parts, msg := parseProjectCode(code, maxYear)
	if msg != "" {
		return msg
	}
	return regionCodeProblem(parts.Region, r, regions)
}

// acceptedCodes returns the 行政区划代码 a project of region r may carry in
// its code: r's own code (unless gongai invented it), its reporting code,
// its legacy codes, and for a functional zone also its parent's code — a
// zone's projects are often filed under the city (高新区) or under the
// county it lies in (东部经开区 reports as 511703), so both are accepted.
// The city (511700) accepts only 511700: a county's project carries its
// county's code, and the region decides which window and departments review.
func acceptedCodes(r org.Region, regions []org.Region) []string {
	var out []string
	if !r.CodeIsInternal {
		out = append(out, r.Code)
	}
	out = append(out, r.ReportingCode)
	out = append(out, legacyCodes[r.Code]...)
	if r.Kind == org.KindZone {
		for _, p := range regions {
			if p.ID == r.ParentID {
				out = append(out, p.Code)
			}
		}
	}
	return slices.Compact(slices.Sorted(slices.Values(out)))
}

// regionCodeProblem checks the region part of a project code against the
// project's region r and returns "" or a Chinese message: the part must be
// a Dazhou code at all, and one that r accepts.
func regionCodeProblem(part string, r org.Region, regions []org.Region) string {
	owner := map[string]string{}
	for _, reg := range regions { // sort order: the city first, zones last
		for _, c := range acceptedCodes(reg, regions) {
			if _, taken := owner[c]; !taken {
				owner[c] = reg.Name
			}
		}
	}
	name, known := owner[part]
	if !known && !slices.Contains(dazhouCodes, part) {
		return "项目代码中的行政区划代码 " + part + " 不属于达州市，请核对项目代码。"
	}
	accepted := acceptedCodes(r, regions)
	if slices.Contains(accepted, part) {
		return ""
	}
	return fmt.Sprintf("项目代码中的行政区划代码 %s（%s）与所选区县“%s”不一致；%s的项目代码应使用 %s。",
		part, name, r.Name, r.Name, strings.Join(accepted, " 或 "))
}

// workCodeProblem is the one rule for a 工程代码 (GCDM): it returns "" when
// work is acceptable for a project whose code is projectCode, otherwise a
// Chinese message. domain.md §1.7 fixes only that a GCDM equal to the XMDM
// stands for the project as a whole; the national format of a sub-project's
// GCDM is unverified. We accept the project code itself, or the project code
// followed by "-" and a 3-digit serial 001–999 (the form seen in public 工改
// systems). Change the rule here, and only here, once the standard is
// confirmed.
func workCodeProblem(projectCode, work string) string {
	if work == "" {
		return "请填写工程代码；整个项目作为一个工程时，工程代码与项目代码相同。"
	}
	if work == projectCode {
		return ""
	}
	suffix, ok := strings.CutPrefix(work, projectCode+"-")
	if !ok || len(suffix) != 3 || !allDigits(suffix) || suffix == "000" {
		return "工程代码应与项目代码相同，或为项目代码后加“-”和3位序号，例如 " + projectCode + "-001。"
	}
	return ""
}

// suggestWorkCode proposes the next free 工程代码 of pr in the form that
// workCodeProblem accepts: the project code itself when the project has no
// work yet, otherwise the project code with the next 3-digit serial.
func suggestWorkCode(pr Project) string {
	if len(pr.Works) == 0 {
		return pr.Code
	}
	next := 1
	for _, w := range pr.Works {
		if suffix, ok := strings.CutPrefix(w.Code, pr.Code+"-"); ok {
			if n, err := strconv.Atoi(suffix); err == nil && n >= next {
				next = n + 1
			}
		}
	}
	if next > 999 {
		return ""
	}
	return fmt.Sprintf("%s-%03d", pr.Code, next)
}
