package org

import (
	"regexp"
	"slices"
	"unicode/utf8"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/idcode"
)

// Length limits, in characters.
const (
	maxNameLen      = 60
	maxShortNameLen = 20
	maxNoteLen      = 500
	maxPhoneLen     = 20
	maxSortOrder    = 9999
)

var (
	reportingCodePattern = regexp.MustCompile(`^5117[0-9]{2}$`)
	phonePattern         = regexp.MustCompile(`^[0-9]+(-[0-9]+)*$`)
	agencyFuncPattern    = regexp.MustCompile(`^[a-z][a-z0-9_]{0,19}$`)
)

// Validate checks the unit's own fields (not whether its region or parent
// exist, which the service checks against the database). It returns nil or
// an errs.Invalid error whose Fields are keyed by the form / JSON field name
// and carry Chinese messages.
func (u Unit) Validate() error {
	f := map[string]string{}
	if u.RegionCode == "" && u.RegionID == 0 {
		f["region_code"] = "请选择所属区县。"
	}
	checkName(f, "name", u.Name, "机构名称")
	if utf8.RuneCountInString(u.ShortName) > maxShortNameLen {
		f["short_name"] = "简称不能超过20个字。"
	}
	if !slices.Contains(unitKinds, u.Kind) {
		f["kind"] = "请选择机构类别。"
	} else if msg := checkFunction(u.Kind, u.FunctionCode); msg != "" {
		f["function_code"] = msg
	}
	if u.CreditCode != "" {
		if msg := idcode.CreditCodeProblem(u.CreditCode); msg != "" {
			f["credit_code"] = msg
		}
	}
	if msg := checkPhone(u.Phone); msg != "" {
		f["phone"] = msg
	}
	switch {
	case u.ParentID < 0:
		f["parent_id"] = "上级机构无效，请从列表中选择。"
	case u.ID != 0 && u.ParentID == u.ID:
		f["parent_id"] = "上级机构不能是本机构。"
	}
	checkSortOrder(f, u.SortOrder)
	return fieldErrors(f)
}

// Validate checks the editable fields of a region (Name, ReportingCode,
// Note, SortOrder) and returns nil or an errs.Invalid error with Chinese
// per-field messages.
func (r Region) Validate() error {
	f := map[string]string{}
	checkName(f, "name", r.Name, "区县名称")
	if !reportingCodePattern.MatchString(r.ReportingCode) {
		f["reporting_code"] = "上报区划代码应为以5117开头的6位数字，例如511702。"
	}
	if utf8.RuneCountInString(r.Note) > maxNoteLen {
		f["note"] = "说明不能超过500个字。"
	}
	checkSortOrder(f, r.SortOrder)
	return fieldErrors(f)
}

func fieldErrors(f map[string]string) error {
	if len(f) == 0 {
		return nil
	}
	return errs.FieldErrors(f)
}

func checkName(f map[string]string, field, v, label string) {
	switch n := utf8.RuneCountInString(v); {
	case n == 0:
		f[field] = "请填写" + label + "。"
	case n > maxNameLen:
		f[field] = label + "不能超过60个字。"
	}
}

func checkSortOrder(f map[string]string, n int) {
	if n < 0 || n > maxSortOrder {
		f["sort_order"] = "排序号应为0到9999之间的整数。"
	}
}

// checkFunction returns "" when code is acceptable for a unit of kind:
// departments, windows and utilities need a known function of their kind;
// an agency's function is optional and free-form (lower-case letters, digits
// and underscores).
func checkFunction(kind, code string) string {
	if kind == KindAgency {
		if code == "" || agencyFuncPattern.MatchString(code) {
			return ""
		}
		return "中介机构的职能代码只能由小写字母、数字和下划线组成，且以字母开头，不超过20位。"
	}
	if code == "" {
		return "请选择机构职能。"
	}
	fn, ok := lookupFunction(code)
	switch {
	case !ok:
		return "职能代码不在已知列表中，请从列表中选择。"
	case fn.Kind != kind:
		return "所选职能“" + fn.Label + "”不属于" + unitKindLabels[kind] + "，请重新选择。"
	}
	return ""
}

func checkPhone(p string) string {
	if p == "" {
		return ""
	}
	if len(p) > maxPhoneLen || !phonePattern.MatchString(p) {
		return "联系电话只能由数字和“-”组成，不超过20位，例如0818-2123456。"
	}
	return ""
}
