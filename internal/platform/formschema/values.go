package formschema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// Values are the answers to a form, kept exactly as typed (trimmed) so that
// a rejected form comes back with everything the person entered. Fields
// holds scalar answers by field name; Rows holds each table's rows, every
// row mapping a column name to its cell. Absent and empty mean the same.
//
// As JSON, Values are one object: a scalar answer is a string, a table is
// an array of objects, e.g. {"total_investment":"1200","buildings":[{"name":"1#楼"}]}.
type Values struct {
	Fields map[string]string
	Rows   map[string][]map[string]string
}

// Get returns the scalar answer to name ("" when unanswered).
func (v Values) Get(name string) string { return v.Fields[name] }

// Table returns the rows of the table field name.
func (v Values) Table(name string) []map[string]string { return v.Rows[name] }

// Set stores a scalar answer; an empty value removes it.
func (v *Values) Set(name, value string) {
	if value == "" {
		delete(v.Fields, name)
		return
	}
	if v.Fields == nil {
		v.Fields = map[string]string{}
	}
	v.Fields[name] = value
}

// AddRow appends a row to the table field name.
func (v *Values) AddRow(name string, row map[string]string) {
	if v.Rows == nil {
		v.Rows = map[string][]map[string]string{}
	}
	v.Rows[name] = append(v.Rows[name], row)
}

// Number returns the answer to name as a number; ok is false when it is
// empty or not a number. Call it after Validate.
func (v Values) Number(name string) (n float64, ok bool) { return parseNumber(v.Get(name)) }

// Date returns the answer to name as a date (midnight UTC); ok is false
// when it is empty or not a YYYY-MM-DD date. Call it after Validate.
func (v Values) Date(name string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, v.Get(name))
	return t, err == nil
}

// cellKey is the form input name (and error key) of a table cell:
// "buildings[2].area" is column area of the third row of buildings.
func cellKey(table string, row int, col string) string {
	return table + "[" + strconv.Itoa(row) + "]." + col
}

var cellPattern = regexp.MustCompile(`^\[([0-9]{1,4})\]\.([a-z][a-z0-9_]*)$`)

// FromForm reads the answers to s from a submitted HTML form (r.PostForm).
// A scalar field is the input of its name; a table cell is the input named
// like "buildings[2].area". Rows whose cells are all blank are dropped and
// the rest renumbered from 0 in their submitted order, so the blank rows
// Render adds cost nothing. Inputs the schema does not know are ignored.
// An attachment's answer is its hash as submitted (Render keeps it in a
// hidden input); storing a newly chosen file is the caller's job.
func FromForm(s Schema, form url.Values) Values {
	var v Values
	for _, f := range s.Fields {
		if f.Type == TypeTable {
			for _, row := range formRows(f, form) {
				v.AddRow(f.Name, row)
			}
			continue
		}
		v.Set(f.Name, strings.TrimSpace(form.Get(f.Name)))
	}
	return v
}

func formRows(f Field, form url.Values) []map[string]string {
	byIndex := map[int]map[string]string{}
	prefix := f.Name
	for key := range form {
		m := cellPattern.FindStringSubmatch(strings.TrimPrefix(key, prefix))
		if !strings.HasPrefix(key, prefix+"[") || m == nil || !hasColumn(f, m[2]) {
			continue
		}
		i, _ := strconv.Atoi(m[1])
		cell := strings.TrimSpace(form.Get(key))
		if cell == "" {
			continue
		}
		if byIndex[i] == nil {
			byIndex[i] = map[string]string{}
		}
		byIndex[i][m[2]] = cell
	}
	var rows []map[string]string
	for _, i := range slices.Sorted(maps.Keys(byIndex)) {
		rows = append(rows, byIndex[i])
	}
	return rows
}

func hasColumn(f Field, name string) bool {
	return slices.ContainsFunc(f.Columns, func(c Column) bool { return c.Name == name })
}

// FromJSON reads the answers to s from a JSON object (see Values). It is
// strict where FromForm is lenient, because a program sends it: a property
// the schema does not know, a table given as anything but an array of
// objects, or a value that is neither a string nor a number is an
// errs.Invalid error with a Chinese message per property. Numbers are kept
// in their JSON spelling; null means unanswered.
func FromJSON(s Schema, data []byte) (Values, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return Values{}, errs.Wrap(errs.Invalid, "表单数据应为 JSON 对象。", err)
	}
	if _, ok := raw[""]; ok { // no field to attach the message to
		return Values{}, errs.E(errs.Invalid, "表单数据中有名称为空的属性。")
	}
	var v Values
	bad := map[string]string{}
	for _, name := range slices.Sorted(maps.Keys(raw)) {
		f, ok := s.Field(name)
		if !ok {
			bad[name] = fmt.Sprintf("表单中没有字段“%s”。", name)
			continue
		}
		if f.Type == TypeTable {
			jsonRows(&v, f, raw[name], bad)
			continue
		}
		text, ok := jsonScalar(raw[name])
		if !ok {
			bad[name] = f.Label + "应为字符串或数字。"
			continue
		}
		v.Set(name, text)
	}
	if len(bad) > 0 {
		return Values{}, errs.FieldErrors(bad)
	}
	return v, nil
}

func jsonRows(v *Values, f Field, raw json.RawMessage, bad map[string]string) {
	var rows []map[string]json.RawMessage
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return
	}
	if err := json.Unmarshal(raw, &rows); err != nil {
		bad[f.Name] = f.Label + "应为由对象组成的数组，每个对象是一行。"
		return
	}
	for i, r := range rows {
		row := map[string]string{}
		for col, cell := range r {
			key := cellKey(f.Name, i, col)
			if !hasColumn(f, col) {
				bad[key] = fmt.Sprintf("%s没有“%s”这一列。", f.Label, col)
				continue
			}
			text, ok := jsonScalar(cell)
			if !ok {
				bad[key] = fmt.Sprintf("%s第%d行的“%s”应为字符串或数字。", f.Label, i+1, col)
				continue
			}
			if text != "" {
				row[col] = text
			}
		}
		v.AddRow(f.Name, row)
	}
}

// jsonScalar returns a JSON string's text or a number's literal; null is "".
func jsonScalar(raw json.RawMessage) (string, bool) {
	raw = bytes.TrimSpace(raw)
	switch {
	case bytes.Equal(raw, []byte("null")):
		return "", true
	case len(raw) > 0 && raw[0] == '"':
		var s string
		err := json.Unmarshal(raw, &s)
		return strings.TrimSpace(s), err == nil
	case len(raw) > 0 && (raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9'):
		var n json.Number
		err := json.Unmarshal(raw, &n)
		return n.String(), err == nil
	}
	return "", false
}

// MarshalJSON writes the answers as one object (see Values).
func (v Values) MarshalJSON() ([]byte, error) {
	out := make(map[string]any, len(v.Fields)+len(v.Rows))
	for k, s := range v.Fields {
		out[k] = s
	}
	for k, rows := range v.Rows {
		out[k] = rows
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads answers stored by MarshalJSON without a schema:
// strings and numbers become scalar answers, arrays of objects table rows.
// Use FromJSON for input that must match a schema.
func (v *Values) UnmarshalJSON(data []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	*v = Values{}
	for name, r := range raw {
		if text, ok := jsonScalar(r); ok {
			v.Set(name, text)
			continue
		}
		var rows []map[string]string
		if err := json.Unmarshal(r, &rows); err != nil {
			return fmt.Errorf("formschema: value %q: %w", name, err)
		}
		for _, row := range rows {
			v.AddRow(name, row)
		}
	}
	return nil
}
