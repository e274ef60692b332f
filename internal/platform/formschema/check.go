package formschema

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Problems checks the schema itself and returns every problem found, each
// a Chinese sentence naming the field, or nil when the schema is sound:
// names are unique snake_case (letters, digits, underscores, starting with a
// letter, at most 40 characters); every field has a label and a known type;
// a choice has 2–100 distinct options without surrounding spaces (answers
// are trimmed); options, min/max, max_length and columns appear only on the
// types they apply to; min ≤ max; a table has 1–20 columns of scalar types
// (text, number, date, choice) with unique names.
func (s Schema) Problems() []string {
	var out []string
	if len(s.Fields) > MaxFields {
		out = append(out, fmt.Sprintf("表单最多%d个字段，现有%d个。", MaxFields, len(s.Fields)))
	}
	seen := map[string]bool{}
	for i, f := range s.Fields {
		where := fieldWhere(i, f.Name)
		out = append(out, checkName(where, f.Name, seen)...)
		out = append(out, checkScalar(where, f)...)
		out = append(out, checkTable(where, f)...)
	}
	return out
}

func fieldWhere(i int, name string) string {
	if name == "" {
		return fmt.Sprintf("第%d个字段", i+1)
	}
	return fmt.Sprintf("第%d个字段“%s”", i+1, name)
}

func checkName(where, name string, seen map[string]bool) []string {
	switch {
	case name == "":
		return []string{where + "缺少名称（name）。"}
	case !namePattern.MatchString(name):
		return []string{where + "的名称无效：只能用小写英文字母、数字和下划线，以字母开头，不超过40个字符，例如 building_area。"}
	case seen[name]:
		return []string{where + "的名称与前面的字段重复，每个字段的名称必须不同。"}
	}
	seen[name] = true
	return nil
}

// checkScalar checks the properties every field has: label, hint, type,
// options, bounds and length.
func checkScalar(where string, f Field) []string {
	var out []string
	if strings.TrimSpace(f.Label) == "" {
		out = append(out, where+"缺少标签（label），即申请人看到的字段名称。")
	} else if utf8.RuneCountInString(f.Label) > maxLabelLen {
		out = append(out, fmt.Sprintf("%s的标签不能超过%d个字。", where, maxLabelLen))
	}
	if utf8.RuneCountInString(f.Hint) > maxHintLen {
		out = append(out, fmt.Sprintf("%s的提示（hint）不能超过%d个字。", where, maxHintLen))
	}
	if _, ok := typeLabels[f.Type]; !ok {
		return append(out, fmt.Sprintf("%s的类型“%s”无效，可选：text、textarea、number、date、choice、table、attachment。", where, f.Type))
	}
	out = append(out, checkOptions(where, f)...)
	if (f.Min != nil || f.Max != nil) && f.Type != TypeNumber {
		out = append(out, where+"不是数字字段（number），不能设置最小值或最大值（min、max）。")
	}
	if f.Min != nil && f.Max != nil && *f.Min > *f.Max {
		out = append(out, fmt.Sprintf("%s的最小值 %s 大于最大值 %s。", where, fmtNum(*f.Min), fmtNum(*f.Max)))
	}
	if f.MaxLength != 0 && f.Type != TypeText && f.Type != TypeTextarea {
		out = append(out, where+"不是文字字段（text、textarea），不能设置最大长度（max_length）。")
	} else if f.MaxLength < 0 || f.MaxLength > maxMaxLength {
		out = append(out, fmt.Sprintf("%s的最大长度应在1到%d之间（0表示采用默认值）。", where, maxMaxLength))
	}
	if len(f.Columns) > 0 && f.Type != TypeTable {
		out = append(out, where+"不是表格字段（table），不能设置列（columns）。")
	}
	return out
}

func checkOptions(where string, f Field) []string {
	if f.Type != TypeChoice {
		if len(f.Options) > 0 {
			return []string{where + "不是选择字段（choice），不能设置选项（options）。"}
		}
		return nil
	}
	if len(f.Options) < 2 || len(f.Options) > maxOptions {
		return []string{fmt.Sprintf("%s是选择字段，需要2到%d个选项（options）。", where, maxOptions)}
	}
	var out []string
	for i, o := range f.Options {
		switch {
		case strings.TrimSpace(o) == "":
			out = append(out, fmt.Sprintf("%s的第%d个选项是空的。", where, i+1))
		case o != strings.TrimSpace(o): // answers are trimmed, so it could never be chosen
			out = append(out, fmt.Sprintf("%s的第%d个选项“%s”首尾有空格，请删除空格。", where, i+1, o))
		case utf8.RuneCountInString(o) > maxOptionLen:
			out = append(out, fmt.Sprintf("%s的第%d个选项超过%d个字。", where, i+1, maxOptionLen))
		case slices.Index(f.Options, o) < i:
			out = append(out, fmt.Sprintf("%s的选项“%s”重复。", where, o))
		}
	}
	return out
}

// scalarColumnTypes are the types a table column may have: a cell holds
// one short value.
var scalarColumnTypes = []string{TypeText, TypeNumber, TypeDate, TypeChoice}

func checkTable(where string, f Field) []string {
	if f.Type != TypeTable {
		return nil
	}
	if len(f.Columns) == 0 || len(f.Columns) > MaxColumns {
		return []string{fmt.Sprintf("%s是表格字段，需要1到%d列（columns）。", where, MaxColumns)}
	}
	var out []string
	seen := map[string]bool{}
	for j, c := range f.Columns {
		cw := fmt.Sprintf("%s的第%d列", where, j+1)
		if c.Name != "" {
			cw += "“" + c.Name + "”"
		}
		out = append(out, checkName(cw, c.Name, seen)...)
		if !slices.Contains(scalarColumnTypes, c.Type) {
			out = append(out, fmt.Sprintf("%s的类型“%s”无效：表格的列只能是 text、number、date 或 choice。", cw, c.Type))
			continue
		}
		out = append(out, checkScalar(cw, c.Field())...)
	}
	return out
}

// fmtNum writes a bound the way a person would type it: 0.5, 100, -3.
func fmtNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
