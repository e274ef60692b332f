package exchange

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/idcode"
)

// Time layouts of the wire fields, Beijing time.
const (
	DateTimeLayout = "2006-01-02 15:04:05"
	DateLayout     = "2006-01-02"
)

// DazhouReportingCodes are the real 行政区划代码 of Dazhou a record may carry
// (domain.md §4): internal codes such as 东部经开区's 511772 must have been
// replaced by the region's reporting code.
var DazhouReportingCodes = []string{"511700", "511702", "511703", "511722", "511723", "511724", "511725",
	"511781", "511771"}

// format checks one field value and returns a Chinese problem or "".
type format func(v string) string

var (
	projectCodeRE = regexp.MustCompile(`^[0-9]{4}-5117[0-9]{2}-[0-9]{2}-0[1-3]-[0-9]{6}$`)
	digitsRE      = regexp.MustCompile(`^[0-9]+$`)
)

func xzqhdm(v string) string {
	if !slices.Contains(DazhouReportingCodes, v) {
		return "行政区划代码须为达州市的国家行政区划代码（如 511702），不能是内部编码"
	}
	return ""
}

func xmdm(v string) string {
	if !projectCodeRE.MatchString(v) {
		return "项目代码须为“年份-5117xx-行业-类型(01/02/03)-流水号”共 24 位"
	}
	return ""
}

func creditCode(v string) string {
	if !idcode.ValidCreditCode(v) {
		return "统一社会信用代码须为 18 位且校验位正确"
	}
	return ""
}

func intIn(lo, hi int, what string) format {
	return func(v string) string {
		n, err := strconv.Atoi(v)
		if err != nil || n < lo || n > hi {
			return fmt.Sprintf("%s须为 %d–%d 的整数", what, lo, hi)
		}
		return ""
	}
}

func digits(v string) string {
	if !digitsRE.MatchString(v) {
		return "须为数字"
	}
	return ""
}

func layout(l, what string) format {
	return func(v string) string {
		if _, err := time.Parse(l, v); err != nil {
			return what + "格式须为 " + l
		}
		return ""
	}
}

var (
	blzt     = intIn(1, 15, "办理状态 BLZT ")
	dateTime = layout(DateTimeLayout, "时间")
	date     = layout(DateLayout, "日期")
)

// field is one column of a table: required or optional (checked when set).
type field struct {
	name     string
	required bool
	check    format
}

func req(name string, f format) field { return field{name, true, f} }
func opt(name string, f format) field { return field{name, false, f} }

// schemas are the columns each table must or may carry.
var schemas = map[string][]field{
	TableProject: {req("XZQHDM", xzqhdm), req("XMDM", xmdm), req("GCDM", nil), req("XMMC", nil),
		req("SPLCLX", intIn(1, 10, "审批流程类型 SPLCLX ")), req("ZTZE", nil), opt("JSDD", nil)},
	TableUnit: {req("XZQHDM", xzqhdm), req("XMDM", xmdm), req("DWMC", nil), req("DWTYSHXYDM", creditCode),
		req("DWLX", intIn(1, 9, "单位类型 DWLX "))},
	TableInstance: {req("XZQHDM", xzqhdm), req("XMDM", xmdm), req("GCDM", nil), req("SPSXSLBM", nil),
		req("SPSXBM", nil), req("SPSXMC", nil), req("SPJDXH", intIn(1, 4, "审批阶段序号 ")),
		req("DWTYSHXYDM", creditCode), req("BLZT", blzt), req("SQSJ", dateTime), opt("SLSJ", dateTime),
		opt("BJSJ", dateTime), req("BLSX", digits), opt("DYBZSPSXBM", nil)},
	TableStep: {req("XZQHDM", xzqhdm), req("XMDM", xmdm), req("SPSXSLBM", nil), req("XH", digits),
		req("BLHJ", nil), req("BLZT", blzt), req("BLSJ", dateTime), opt("BLR", nil), opt("BLBM", nil),
		opt("BLYJ", nil)},
	TableSpecial: {req("XZQHDM", xzqhdm), req("XMDM", xmdm), req("SPSXSLBM", nil), req("TBCXLX", nil),
		req("TBCXYY", nil), req("TBCXKSSJ", dateTime), opt("TBCXJSSJ", dateTime), req("TBCXSX", digits),
		opt("TBCXJG", nil)},
	TableConsultation: {req("XZQHDM", xzqhdm), req("XMDM", xmdm), req("SPSXSLBM", nil), req("ZQBM", nil),
		req("BZQBM", nil), req("ZQNR", nil), req("ZQSJ", dateTime), req("DFQX", date), opt("FKYJ", nil),
		opt("FKSJ", dateTime)},
	TableResult: {req("XZQHDM", xzqhdm), req("XMDM", xmdm), req("SPSXSLBM", nil), req("BLZT", blzt),
		req("PFWH", nil), req("PFWJMC", nil), req("PFRQ", date), opt("ZZBS", nil)},
}

// Validate checks a record on its own: a known table, the control fields,
// every required column present and every column in its format, and the
// cross-field rules (受理 before 办结; 办结 time only on a concluded
// status). It returns the problems in Chinese, or nil.
func Validate(r Record) []string {
	spec, ok := schemas[r.Table]
	if !ok {
		return []string{"未知的数据表 " + r.Table}
	}
	var out []string
	if r.DFSJZJ == "" {
		out = append(out, "缺少地方数据主键 DFSJZJ")
	}
	if r.LSH == "" {
		out = append(out, "缺少流水号 LSH")
	}
	if r.SJYXBS != 0 && r.SJYXBS != 1 {
		out = append(out, "数据有效标识 SJYXBS 须为 0 或 1")
	} else if r.SJYXBS == 0 && r.SJWXYY == "" {
		out = append(out, "数据无效时须说明无效原因 SJWXYY")
	}
	for _, f := range spec {
		v := r.Fields[f.name]
		switch {
		case v == "" && f.required:
			out = append(out, "缺少必填字段 "+f.name)
		case v != "" && f.check != nil:
			if p := f.check(v); p != "" {
				out = append(out, f.name+"："+p)
			}
		}
	}
	for k := range r.Fields {
		if !slices.ContainsFunc(spec, func(f field) bool { return f.name == k }) {
			out = append(out, "数据表 "+r.Table+" 没有字段 "+k)
		}
	}
	return append(out, crossProblems(r)...)
}

// crossProblems are the rules between fields of an instance record.
func crossProblems(r Record) []string {
	if r.Table != TableInstance {
		return nil
	}
	var out []string
	f := r.Fields
	status, _ := strconv.Atoi(f["BLZT"])
	concluded := status == 11 || status == 12 || status == 13
	if concluded && f["BJSJ"] == "" {
		out = append(out, "办结状态（BLZT 11/12/13）须有办结时间 BJSJ")
	}
	if f["BJSJ"] != "" && !concluded && status != 15 {
		out = append(out, "未办结的实例不应有办结时间 BJSJ")
	}
	// the layout sorts lexically, so string order is time order
	if f["SLSJ"] != "" && f["BJSJ"] != "" && f["BJSJ"] < f["SLSJ"] {
		out = append(out, "办结时间 BJSJ 早于受理时间 SLSJ")
	}
	return out
}

// Parents are the entities that must have reached the upper system before
// r: a unit's project; an instance's project and unit; the instance of a
// step, special procedure, consultation or result.
func Parents(r Record) []string {
	f := r.Fields
	switch r.Table {
	case TableUnit:
		return []string{EntityRef(TableProject, f["XMDM"])}
	case TableInstance:
		return []string{EntityRef(TableProject, f["XMDM"]), EntityRef(TableUnit, unitKey(f["XMDM"], f["DWTYSHXYDM"]))}
	case TableStep, TableSpecial, TableConsultation, TableResult:
		return []string{EntityRef(TableInstance, f["SPSXSLBM"])}
	}
	return nil
}

// unitKey is the DFSJZJ of a project's unit.
func unitKey(projectCode, creditCode string) string { return projectCode + "/" + creditCode }
