package project

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/idcode"
)

// Length and size limits, in characters and square metres.
const (
	maxNameLen      = 100
	maxOwnerNameLen = 100
	maxAddressLen   = 200
	maxWorkNameLen  = 100
	maxWorks        = 50
	maxBuildingArea = 10_000_000 // m²; more is a unit mistake
)

// normalize trims the text fields and normalises the codes of n.
func (n NewProject) normalize() NewProject {
	n.Code = NormalizeCode(n.Code)
	n.Name, n.Address = strings.TrimSpace(n.Name), strings.TrimSpace(n.Address)
	n.RegionCode = strings.TrimSpace(n.RegionCode)
	n.OwnerName = strings.TrimSpace(n.OwnerName)
	n.OwnerCreditCode = strings.ToUpper(strings.TrimSpace(n.OwnerCreditCode))
	for i, w := range n.Works {
		n.Works[i] = w.normalize()
	}
	return n
}

func (w Work) normalize() Work {
	w.Code, w.Name = NormalizeCode(w.Code), strings.TrimSpace(w.Name)
	return w
}

// check validates n against its region r (nil when the region is unknown)
// and returns the per-field Chinese messages, keyed by the form / JSON field
// name; works are keyed "works[i].code", "works[i].name" and
// "works[i].building_area_m2". It also returns the parsed site.
func (n NewProject) check(r *org.Region, regions []org.Region, maxYear int) (map[string]string, *Site) {
	f := map[string]string{}
	if r == nil {
		f["region_code"] = "请选择项目所在区县。"
	}
	if parts, msg := parseProjectCode(n.Code, maxYear); msg != "" {
		f["code"] = msg
	} else if r != nil {
		if msg := regionCodeProblem(parts.Region, *r, regions); msg != "" {
			f["code"] = msg
		}
	}
	checkText(f, "name", n.Name, "项目名称", maxNameLen)
	if FlowTypeName(n.FlowType) == "" {
		f["flow_type"] = "请选择审批流程类型。"
	}
	checkText(f, "owner_name", n.OwnerName, "建设单位名称", maxOwnerNameLen)
	if msg := idcode.CreditCodeProblem(n.OwnerCreditCode); msg != "" {
		f["owner_credit_code"] = "建设单位的" + msg
	}
	checkInvestment(f, n.Investment)
	checkAddress(f, n.Address)
	site, msg := ParseSite(n.SiteGeoJSON)
	if msg != "" {
		f["site_geojson"] = msg
	}
	checkWorks(f, n.Code, n.Works)
	return f, site
}

func checkText(f map[string]string, field, v, label string, max int) {
	switch n := utf8.RuneCountInString(v); {
	case n == 0:
		f[field] = "请填写" + label + "。"
	case n > max:
		f[field] = fmt.Sprintf("%s不能超过%d个字。", label, max)
	}
}

func checkInvestment(f map[string]string, m Money) {
	if m < 0 || m > MaxMoney {
		f["investment"] = "总投资应在 0 至 99,999,999.99 万元之间。"
	}
}

func checkAddress(f map[string]string, a string) {
	if utf8.RuneCountInString(a) > maxAddressLen {
		f["address"] = fmt.Sprintf("建设地点不能超过%d个字。", maxAddressLen)
	}
}

// checkWorks validates the works given with a new project, including that
// no two share a code.
func checkWorks(f map[string]string, projectCode string, works []Work) {
	if len(works) > maxWorks {
		f["works"] = fmt.Sprintf("一次最多登记%d个单项工程。", maxWorks)
		return
	}
	seen := map[string]bool{}
	for i, w := range works {
		prefix := fmt.Sprintf("works[%d].", i)
		for k, v := range w.problems(projectCode) {
			f[prefix+k] = v
		}
		if seen[w.Code] && f[prefix+"code"] == "" {
			f[prefix+"code"] = "工程代码 " + w.Code + " 重复。"
		}
		seen[w.Code] = true
	}
}

// problems returns w's per-field messages keyed code, name and
// building_area_m2.
func (w Work) problems(projectCode string) map[string]string {
	f := map[string]string{}
	if msg := workCodeProblem(projectCode, w.Code); msg != "" {
		f["code"] = msg
	}
	checkText(f, "name", w.Name, "工程名称", maxWorkNameLen)
	if math.IsNaN(w.BuildingArea) || w.BuildingArea < 0 || w.BuildingArea > maxBuildingArea {
		f["building_area_m2"] = "建筑面积应在 0 至 10,000,000 平方米之间。"
	}
	return f
}

// fieldErrors returns nil for no messages, else an Invalid error with them.
func fieldErrors(f map[string]string) error {
	if len(f) == 0 {
		return nil
	}
	return errs.FieldErrors(f)
}
