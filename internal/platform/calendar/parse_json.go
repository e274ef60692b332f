package calendar

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// jsonRow is one element of a JSON import.
type jsonRow struct {
	Date     string `json:"date"`
	Kind     string `json:"kind"`
	Festival string `json:"festival"`
	Source   string `json:"source"`
}

// parseJSON reads a JSON array element by element, so that a bad element
// is reported at its line and the others are still checked. A syntax error
// stops the reading, since nothing after it can be trusted.
func parseJSON(data []byte) ([]row, ImportErrors) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if _, err := dec.Token(); err != nil { // the '[' that parseRows saw
		return nil, ImportErrors{jsonSyntax(data, dec, err)}
	}
	var rows []row
	var bad ImportErrors
	for dec.More() {
		line := lineAt(data, int(dec.InputOffset()))
		var jr jsonRow
		err := dec.Decode(&jr)
		if isJSONSyntax(err) {
			return rows, append(bad, jsonSyntax(data, dec, err))
		}
		if err != nil {
			bad = append(bad, RowError{Line: line, Message: jsonElementProblem(err)})
			continue
		}
		rows = append(rows, rowFrom(line, jr.Date, jr.Kind, jr.Festival, jr.Source))
	}
	if _, err := dec.Token(); err != nil { // the closing ']'
		return rows, append(bad, jsonSyntax(data, dec, err))
	}
	if _, err := dec.Token(); err != io.EOF {
		bad = append(bad, RowError{Line: lineAt(data, int(dec.InputOffset())), Message: "JSON 数组结束后还有多余的内容。"})
	}
	return rows, bad
}

func isJSONSyntax(err error) bool {
	var se *json.SyntaxError
	return errors.As(err, &se) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}

func jsonSyntax(data []byte, dec *json.Decoder, err error) RowError {
	off := int(dec.InputOffset())
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = int(se.Offset)
	}
	return RowError{Line: lineAt(data, off), Message: "JSON 格式错误（括号、引号或逗号不配对），之后的内容未读取。"}
}

// jsonElementProblem explains an element that is valid JSON of the wrong shape.
func jsonElementProblem(err error) string {
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &te) && te.Field == "":
		return `每一项应为一个对象，例如 {"date":"2027-01-01","kind":"holiday","festival":"元旦","source":"…"}。`
	case errors.As(err, &te):
		return fmt.Sprintf("字段“%s”应为文字（用双引号括起）。", te.Field)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return fmt.Sprintf("不认识的字段“%s”；每一项只能有 date、kind、festival、source 四个字段。", name)
	}
	return "这一项无法读取：" + err.Error()
}

// lineAt returns the 1-based line of the first byte at or after off that is
// not blank or a comma (where the next JSON value starts).
func lineAt(data []byte, off int) int {
	for off < len(data) && strings.IndexByte(" \t\r\n,", data[off]) >= 0 {
		off++
	}
	off = min(off, len(data))
	return 1 + bytes.Count(data[:off], []byte("\n"))
}
