package calendar

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// row is one parsed input line: the day as far as it could be read, and the
// problems met while reading it (by field), which replace the day's own
// validation messages for those fields.
type row struct {
	Day
	parseBad map[string]string
}

// ParseDays reads an import in either format the State Council data comes
// in here:
//   - CSV with the header of the official list, date,kind,festival,source
//     (festival and source may be left out; 日期,类型,节日,来源 also work;
//     lines starting with # are comments; a UTF-8 byte-order mark is skipped);
//   - a JSON array of {"date","kind","festival","source"} objects,
//     recognised by its first non-blank character '['.
//
// kind is holiday or workday (放假/上班 also work). Days come back with Line
// set. The error, when not nil, is Invalid and wraps ImportErrors naming
// every unreadable line; the rules of Day.Validate are not checked here
// (ImportYear checks them).
func ParseDays(data []byte) ([]Day, error) {
	rows, bad := parseRows(data)
	for _, r := range rows {
		for _, field := range fieldOrder {
			if msg, ok := r.parseBad[field]; ok {
				bad = append(bad, RowError{Line: r.Line, Message: msg})
			}
		}
	}
	if err := bad.asError(); err != nil {
		return nil, err
	}
	return daysOf(rows), nil
}

var fieldOrder = []string{"date", "kind", "festival", "source"}

func daysOf(rows []row) []Day {
	out := make([]Day, len(rows))
	for i, r := range rows {
		out[i] = r.Day
	}
	return out
}

func rowsOf(days []Day) []row {
	out := make([]row, len(days))
	for i, d := range days {
		out[i] = row{Day: d}
	}
	return out
}

// parseRows detects the format and reads every line it can.
func parseRows(data []byte) ([]row, ImportErrors) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	trimmed := bytes.TrimSpace(data)
	switch {
	case len(trimmed) == 0:
		return nil, ImportErrors{{Message: "导入内容为空，请选择文件或粘贴内容。"}}
	case trimmed[0] == '[':
		return parseJSON(data)
	case trimmed[0] == '{':
		return nil, ImportErrors{{Line: 1, Message: `JSON 内容应为数组，例如 [{"date":"2027-01-01","kind":"holiday","festival":"元旦","source":"…"}]。`}}
	}
	return parseCSV(data)
}

// rowFrom builds a row from the text of its four fields.
func rowFrom(line int, date, kind, festival, source string) row {
	r := row{Day: Day{Line: line, Festival: strings.TrimSpace(festival), Source: strings.TrimSpace(source)},
		parseBad: map[string]string{}}
	d, err := ParseDate(strings.TrimSpace(date))
	if err != nil {
		r.parseBad["date"] = errs.Message(err)
	}
	r.Date = d
	k, msg := parseKind(kind)
	if msg != "" {
		r.parseBad["kind"] = msg
	}
	r.Kind = k
	return r
}

// parseKind accepts the stored names and the words of the notices.
func parseKind(s string) (Kind, string) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "holiday", "放假", "休":
		return Holiday, ""
	case "workday", "上班", "班", "调休上班":
		return Workday, ""
	case "":
		return "", "请填写类型：holiday（放假）或 workday（调休上班）。"
	}
	return "", fmt.Sprintf("类型“%s”无效，应为 holiday（放假）或 workday（调休上班）。", strings.TrimSpace(s))
}

var csvHeaderNames = map[string]string{
	"date": "date", "kind": "kind", "festival": "festival", "source": "source",
	"日期": "date", "类型": "kind", "节日": "festival", "来源": "source",
}

// parseCSV reads the header and then every record.
func parseCSV(data []byte) ([]row, ImportErrors) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord, r.TrimLeadingSpace, r.Comment = -1, true, '#'
	header, err := r.Read()
	if err == io.EOF {
		return nil, ImportErrors{{Message: "导入内容为空，请选择文件或粘贴内容。"}}
	}
	if err != nil {
		return nil, ImportErrors{csvProblem(err)}
	}
	line, _ := r.FieldPos(0)
	cols, bad := csvColumns(header, line)
	if bad != nil {
		return nil, bad
	}
	var rows []row
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return rows, bad
		}
		if err != nil {
			return rows, append(bad, csvProblem(err))
		}
		line, _ := r.FieldPos(0)
		if len(rec) != len(header) {
			bad = append(bad, RowError{Line: line, Message: fmt.Sprintf("应有 %d 列（与表头一致），实际有 %d 列。", len(header), len(rec))})
			continue
		}
		get := func(name string) string {
			if i, ok := cols[name]; ok {
				return rec[i]
			}
			return ""
		}
		rows = append(rows, rowFrom(line, get("date"), get("kind"), get("festival"), get("source")))
	}
}

// csvColumns maps each known column to its index.
func csvColumns(header []string, line int) (map[string]int, ImportErrors) {
	cols := map[string]int{}
	for i, h := range header {
		name, ok := csvHeaderNames[strings.ToLower(strings.TrimSpace(h))]
		if !ok {
			return nil, ImportErrors{{Line: line, Message: fmt.Sprintf("表头中的“%s”不是可识别的列；表头应为 date,kind,festival,source。", h)}}
		}
		if _, dup := cols[name]; dup {
			return nil, ImportErrors{{Line: line, Message: fmt.Sprintf("表头中“%s”列出现了两次。", h)}}
		}
		cols[name] = i
	}
	if _, ok := cols["date"]; !ok {
		return nil, ImportErrors{{Line: line, Message: "第一行应为表头 date,kind,festival,source，缺少 date 列。"}}
	}
	if _, ok := cols["kind"]; !ok {
		return nil, ImportErrors{{Line: line, Message: "第一行应为表头 date,kind,festival,source，缺少 kind 列。"}}
	}
	return cols, nil
}

func csvProblem(err error) RowError {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return RowError{Line: pe.Line, Message: "CSV 格式错误（引号不配对或多余的引号），之后的内容未读取。"}
	}
	return RowError{Message: "无法读取 CSV 内容：" + err.Error()}
}
