package catalog

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// Limits of the catalog's fields.
const (
	maxNameLen      = 60
	maxResultLen    = 60
	maxBasisLen     = 1000
	maxFeesLen      = 500
	maxMaterials    = 50
	maxMaterialName = 80
	maxMaterialDesc = 500
	maxDays         = 365
)

var (
	codePattern     = regexp.MustCompile(`^[a-z][a-z0-9_]{2,39}$`)
	standardPattern = regexp.MustCompile(`^[0-9A-Za-z-]{1,40}$`)
)

// normalizeItem trims the text fields and numbers the materials in their
// slice order, which is their display order.
func normalizeItem(it Item) Item {
	it.Code = strings.TrimSpace(it.Code)
	it.Name = strings.TrimSpace(it.Name)
	it.ResultName = strings.TrimSpace(it.ResultName)
	it.StandardCode = strings.TrimSpace(it.StandardCode)
	it.Basis = strings.TrimSpace(it.Basis)
	it.Fees = strings.TrimSpace(it.Fees)
	ms := make([]Material, len(it.Materials))
	for i, m := range it.Materials {
		m.Name, m.Description = strings.TrimSpace(m.Name), strings.TrimSpace(m.Description)
		m.SortOrder = i + 1
		ms[i] = m
	}
	it.Materials = ms
	return it
}

// Validate checks the item's own fields and returns nil or an errs.Invalid
// error whose Fields carry Chinese messages keyed by the JSON / form field
// name; a material's problems are keyed "materials[i].name" etc. by its
// index. It does not check that the code is free or that template files
// exist, which the service checks against the database and blob store.
func (it Item) Validate() error {
	f := map[string]string{}
	if !codePattern.MatchString(it.Code) {
		f["code"] = "事项编码应为3到40位小写英文字母、数字或下划线，以字母开头，例如 construction_permit。"
	}
	checkText(f, "name", it.Name, "事项名称", maxNameLen, true)
	if !known(kinds, it.Kind) {
		f["kind"] = "请选择事项类别。"
	}
	switch {
	case it.Line != LineMain && it.Line != LineAux:
		f["line"] = "请选择主线或辅线。"
	case it.Line == LineMain && (it.Stage < 1 || it.Stage > 4):
		f["stage"] = "主线事项请选择所属阶段（第1至第4阶段）。"
	case it.Line == LineAux && it.Stage != 0:
		f["stage"] = "辅线事项不属于某个阶段，请选择“辅线（并行推进）”。"
	}
	if !known(functions, it.LeadFunction) {
		f["lead_function"] = "请选择牵头部门。"
	}
	checkDays(f, it.StatutoryDays, it.PromisedDays)
	checkText(f, "result_name", it.ResultName, "办理结果名称", maxResultLen, false)
	if it.StandardCode != "" && !standardPattern.MatchString(it.StandardCode) {
		f["standard_code"] = "国家标准事项编码只能由字母、数字和“-”组成，不超过40位；不清楚时请留空。"
	}
	checkText(f, "basis", it.Basis, "设定依据", maxBasisLen, false)
	checkText(f, "fees", it.Fees, "收费说明", maxFeesLen, false)
	if p := it.Form.Problems(); len(p) > 0 {
		f["form"] = strings.Join(p, "")
	}
	checkMaterials(f, it)
	return fieldErrors(f)
}

func checkText(f map[string]string, key, v, label string, limit int, required bool) {
	switch {
	case required && v == "":
		f[key] = "请填写" + label + "。"
	case utf8.RuneCountInString(v) > limit:
		f[key] = fmt.Sprintf("%s不能超过%d个字。", label, limit)
	}
}

func checkDays(f map[string]string, statutory, promised int) {
	if statutory < 0 || statutory > maxDays {
		f["statutory_days"] = "法定时限应为0到365之间的工作日数（0表示即办）。"
	}
	switch {
	case promised < 0 || promised > maxDays:
		f["promised_days"] = "承诺时限应为0到365之间的工作日数（0表示即办）。"
	case promised > statutory && f["statutory_days"] == "":
		f["promised_days"] = fmt.Sprintf("承诺时限（%d个工作日）不能超过法定时限（%d个工作日）。", promised, statutory)
	}
}

func checkMaterials(f map[string]string, it Item) {
	if len(it.Materials) > maxMaterials {
		f["materials"] = fmt.Sprintf("申请材料最多%d项。", maxMaterials)
		return
	}
	seen := map[string]bool{}
	for i, m := range it.Materials {
		key := "materials[" + strconv.Itoa(i) + "]."
		checkText(f, key+"name", m.Name, "材料名称", maxMaterialName, true)
		if seen[m.Name] && m.Name != "" {
			f[key+"name"] = "材料“" + m.Name + "”重复，请合并或改名。"
		}
		seen[m.Name] = true
		checkText(f, key+"description", m.Description, "材料说明", maxMaterialDesc, false)
		switch {
		case m.DeficiencyAllowed && !it.Deficiency:
			f[key+"deficiency_allowed"] = "事项未开启容缺受理，材料不能标记为可容缺；请先勾选“可容缺受理”。"
		case m.DeficiencyAllowed && !m.Required:
			f[key+"deficiency_allowed"] = "只有必交材料才能标记为可容缺（非必交材料本来就可以不交）。"
		}
	}
}

func fieldErrors(f map[string]string) error {
	if len(f) == 0 {
		return nil
	}
	return errs.FieldErrors(f)
}
