package formschema

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// Validate checks the answers against the schema and returns a Chinese
// message per problem, keyed by field name (a table cell by its input name,
// e.g. "buildings[2].area"), or nil when every answer is acceptable:
// required fields are answered; text fits MaxLength; a number parses and
// lies within Min/Max; a date is a real YYYY-MM-DD date; a choice is one of
// the options; a table has at most MaxRows rows and, when required, at
// least one with an answered cell, and each cell obeys its column; an
// attachment is a SHA-256 hash. It does not check that the file exists (see
// ValidateWith).
func (s Schema) Validate(values Values) map[string]string {
	return s.ValidateWith(values, nil)
}

// ValidateWith is Validate that also asks stored whether each attachment
// hash names a file that was actually stored; stored may be nil.
func (s Schema) ValidateWith(values Values, stored func(hash string) bool) map[string]string {
	out := map[string]string{}
	for _, f := range s.Fields {
		if f.Type == TypeTable {
			validateTable(out, f, values.Table(f.Name))
			continue
		}
		if msg := checkAnswer(f, f.Label, values.Get(f.Name), stored); msg != "" {
			out[f.Name] = msg
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func validateTable(out map[string]string, f Field, rows []map[string]string) {
	switch {
	case len(rows) > MaxRows:
		out[f.Name] = fmt.Sprintf("%s最多填写%d行，现有%d行。", f.Label, MaxRows, len(rows))
		return
	case f.Required && !slices.ContainsFunc(rows, answeredRow):
		out[f.Name] = "请至少填写一行" + f.Label + "。"
		return
	}
	for i, row := range rows {
		for _, c := range f.Columns {
			label := fmt.Sprintf("%s第%d行的%s", f.Label, i+1, c.Label)
			if msg := checkAnswer(c.Field(), label, row[c.Name], nil); msg != "" {
				out[cellKey(f.Name, i, c.Name)] = msg
			}
		}
	}
}

// answeredRow reports whether a table row has a cell answered: a row of
// blanks (which JSON can send, e.g. [{}]) does not answer a required table.
func answeredRow(row map[string]string) bool {
	for _, cell := range row {
		if cell != "" {
			return true
		}
	}
	return false
}

// checkAnswer returns the message for one scalar answer, or "".
func checkAnswer(f Field, label, v string, stored func(string) bool) string {
	if v == "" {
		if f.Required {
			return missing(f.Type) + label + "。"
		}
		return ""
	}
	switch f.Type {
	case TypeText, TypeTextarea:
		return checkLength(f, label, v)
	case TypeNumber:
		return checkNumber(f, label, v)
	case TypeDate:
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return label + "应为有效的日期，格式为“年-月-日”，例如 2026-03-09。"
		}
	case TypeChoice:
		if !slices.Contains(f.Options, v) {
			return label + "请从给出的选项中选择。"
		}
	case TypeAttachment:
		if !hashPattern.MatchString(v) {
			return label + "应为已上传文件的编号（64位十六进制 SHA-256 摘要），请重新上传文件。"
		}
		if stored != nil && !stored(v) {
			return label + "对应的文件不存在，请重新上传。"
		}
	}
	return ""
}

func missing(typ string) string {
	switch typ {
	case TypeChoice:
		return "请选择"
	case TypeAttachment:
		return "请上传"
	}
	return "请填写"
}

var hashPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

func checkLength(f Field, label, v string) string {
	limit := f.MaxLength
	if limit == 0 {
		limit = DefaultTextLen
		if f.Type == TypeTextarea {
			limit = DefaultLongLen
		}
	}
	if n := utf8.RuneCountInString(v); n > limit {
		return fmt.Sprintf("%s不能超过%d个字（现有%d个字）。", label, limit, n)
	}
	return ""
}

func checkNumber(f Field, label, v string) string {
	n, ok := parseNumber(v)
	if !ok {
		return label + "应为数字，例如 1200 或 35.5，不要带单位或逗号。"
	}
	switch {
	case f.Min != nil && f.Max != nil && (n < *f.Min || n > *f.Max):
		return fmt.Sprintf("%s应在%s到%s之间。", label, fmtNum(*f.Min), fmtNum(*f.Max))
	case f.Min != nil && n < *f.Min:
		return fmt.Sprintf("%s不能小于%s。", label, fmtNum(*f.Min))
	case f.Max != nil && n > *f.Max:
		return fmt.Sprintf("%s不能大于%s。", label, fmtNum(*f.Max))
	}
	return ""
}

// parseNumber accepts plain decimal notation (no exponent, no infinities).
func parseNumber(v string) (float64, bool) {
	if v == "" || !decimalPattern.MatchString(v) {
		return 0, false
	}
	n, err := strconv.ParseFloat(v, 64)
	return n, err == nil && !math.IsInf(n, 0)
}

var decimalPattern = regexp.MustCompile(`^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$`)
