// Package formschema defines application forms as data: a small subset of
// JSON Schema's ideas (text, long text, number, date, choice, table rows,
// attachments) that an administrator writes as JSON, that the server renders
// as accessible HTML fields and that validates a person's answers with
// Chinese messages.
//
// A Schema is checked once, when it is parsed (Parse) or built in Go
// (Problems). Answers travel as Values, built from an HTML form (FromForm)
// or from JSON (FromJSON), and are checked with Validate. Render produces
// the fields in the markup of internal/ui's "field" partial, so a generated
// form looks like every hand-written one.
//
// The package knows nothing about storage: an attachment answer is the hash
// of a file kept elsewhere (see ValidateWith).
package formschema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Field types.
const (
	TypeText       = "text"       // one line of text
	TypeTextarea   = "textarea"   // several lines of text
	TypeNumber     = "number"     // a decimal number, optionally bounded by Min/Max
	TypeDate       = "date"       // a calendar date written YYYY-MM-DD
	TypeChoice     = "choice"     // one of Options
	TypeTable      = "table"      // rows of Columns
	TypeAttachment = "attachment" // the SHA-256 hash of an uploaded file
)

// Limits of a schema and of the answers.
const (
	MaxFields        = 100   // fields per schema
	MaxColumns       = 20    // columns per table
	MaxRows          = 100   // rows a table answer may have
	BlankRows        = 3     // empty rows Render adds below the typed ones
	DefaultTextLen   = 200   // characters of a text answer when MaxLength is 0
	DefaultLongLen   = 2000  // characters of a textarea answer when MaxLength is 0
	maxMaxLength     = 10000 // the largest MaxLength a schema may set
	maxLabelLen      = 60
	maxHintLen       = 300
	maxOptionLen     = 60
	maxOptions       = 100
	maxSchemaJSONLen = 256 << 10
)

var typeLabels = map[string]string{
	TypeText: "单行文字", TypeTextarea: "多行文字", TypeNumber: "数字", TypeDate: "日期",
	TypeChoice: "选择", TypeTable: "表格", TypeAttachment: "附件",
}

// TypeLabel is the Chinese name of a field type ("" for an unknown type).
func TypeLabel(t string) string { return typeLabels[t] }

// Schema is an application form: its fields in display order. The zero
// Schema is a valid form without fields.
type Schema struct {
	Fields []Field `json:"fields"`
}

// Field is one question of the form. Name is the key of the answer
// (snake_case, unique in the form); Label and Hint are shown to the person.
// Options apply to choice, Min/Max to number, MaxLength to text and
// textarea, Columns to table.
type Field struct {
	Name      string   `json:"name"`
	Label     string   `json:"label"`
	Hint      string   `json:"hint,omitempty"`
	Type      string   `json:"type"`
	Required  bool     `json:"required,omitempty"`
	Options   []string `json:"options,omitempty"`
	Min       *float64 `json:"min,omitempty"`
	Max       *float64 `json:"max,omitempty"`
	MaxLength int      `json:"max_length,omitempty"`
	Columns   []Column `json:"columns,omitempty"`
}

// Column is one column of a table field. It has the properties of a scalar
// Field and no columns of its own: a separate type, so that a table inside
// a table cannot even be written down.
type Column struct {
	Name      string   `json:"name"`
	Label     string   `json:"label"`
	Hint      string   `json:"hint,omitempty"`
	Type      string   `json:"type"`
	Required  bool     `json:"required,omitempty"`
	Options   []string `json:"options,omitempty"`
	Min       *float64 `json:"min,omitempty"`
	Max       *float64 `json:"max,omitempty"`
	MaxLength int      `json:"max_length,omitempty"`
}

// Field returns the column as a Field, for the checks it shares with one.
func (c Column) Field() Field {
	return Field{Name: c.Name, Label: c.Label, Hint: c.Hint, Type: c.Type, Required: c.Required,
		Options: c.Options, Min: c.Min, Max: c.Max, MaxLength: c.MaxLength}
}

// Field returns the field named name and whether there is one.
func (s Schema) Field(name string) (Field, bool) {
	for _, f := range s.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// HasAttachments reports whether the form has an attachment field, so that
// the page must send it as multipart/form-data.
func (s Schema) HasAttachments() bool {
	for _, f := range s.Fields {
		if f.Type == TypeAttachment {
			return true
		}
	}
	return false
}

// SchemaError lists everything wrong with a schema, each problem a
// complete Chinese sentence.
type SchemaError struct{ Problems []string }

func (e *SchemaError) Error() string { return strings.Join(e.Problems, "") }

// Parse reads a schema from JSON and checks it (see Problems). Blank input
// is the empty schema. The error is a *SchemaError whose problems name the
// field and say what to change; unknown properties are refused so that a
// typo such as "requried" does not silently do nothing.
func Parse(data []byte) (Schema, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return Schema{}, nil
	}
	if len(data) > maxSchemaJSONLen {
		return Schema{}, &SchemaError{[]string{"表单定义过长（超过256KB），请精简。"}}
	}
	var s Schema
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return Schema{}, &SchemaError{[]string{jsonProblem(data, err)}}
	}
	if _, err := dec.Token(); err != io.EOF { // dec.More misses a stray "}" or "]"
		return Schema{}, &SchemaError{[]string{"表单定义在结尾的 } 之后还有多余的内容，请删除。"}}
	}
	if p := s.Problems(); len(p) > 0 {
		return Schema{}, &SchemaError{p}
	}
	return s, nil
}

// jsonProblem turns a decoding error into a sentence with its position.
func jsonProblem(data []byte, err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := position(data, syn.Offset)
		return fmt.Sprintf("表单定义不是有效的 JSON：第%d行第%d列附近有语法错误（%s）。", line, col, syn.Error())
	case errors.As(err, &typ):
		line, col := position(data, typ.Offset)
		return fmt.Sprintf("表单定义第%d行第%d列：属性“%s”的值类型不对（应为%s）。", line, col, typ.Field, jsonKind(typ.Type.Kind().String()))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return fmt.Sprintf("表单定义中有未知的属性“%s”。可用的属性：name、label、hint、type、required、options、min、max、max_length、columns。", name)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "表单定义不完整：JSON 在结束前中断了，请检查括号和引号是否成对。"
	}
	return "表单定义不是有效的 JSON：" + err.Error()
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "字符串"
	case "bool":
		return "true 或 false"
	case "float64", "int":
		return "数字"
	case "slice":
		return "数组 [...]"
	case "struct":
		return "对象 {...}"
	}
	return goKind
}

// position converts a byte offset to a 1-based line and column (in characters).
func position(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:])
	if col == 0 {
		col = 1
	}
	return line, col
}

var namePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)
