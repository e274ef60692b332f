package exchange

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// MaxImportRows bounds one import; the platform's daily export of a city is
// far smaller.
const MaxImportRows = 5000

// inboundRecord is one 项目代码 record from the 投资项目在线审批监管平台,
// keyed by the SPGL column names.
type inboundRecord struct {
	Line                                                     int
	XMDM, XMMC, XZQHDM, SPLCLX, DWMC, DWTYSHXYDM, ZTZE, JSDD string
}

// columnAliases maps the header names the platform's exports use (and our
// own) to the SPGL column.
var columnAliases = map[string]string{
	"xmdm": "XMDM", "项目代码": "XMDM", "code": "XMDM",
	"xmmc": "XMMC", "项目名称": "XMMC", "name": "XMMC",
	"xzqhdm": "XZQHDM", "行政区划代码": "XZQHDM", "区划代码": "XZQHDM", "region": "XZQHDM", "region_code": "XZQHDM",
	"splclx": "SPLCLX", "审批流程类型": "SPLCLX", "流程类型": "SPLCLX", "flow_type": "SPLCLX",
	"dwmc": "DWMC", "建设单位": "DWMC", "项目单位": "DWMC", "单位名称": "DWMC", "owner_name": "DWMC",
	"dwtyshxydm": "DWTYSHXYDM", "统一社会信用代码": "DWTYSHXYDM", "owner_credit_code": "DWTYSHXYDM",
	"ztze": "ZTZE", "总投资": "ZTZE", "总投资（万元）": "ZTZE", "总投资(万元)": "ZTZE", "investment": "ZTZE",
	"jsdd": "JSDD", "建设地点": "JSDD", "address": "JSDD",
}

func (r *inboundRecord) set(column, v string) {
	v = strings.TrimSpace(v)
	switch column {
	case "XMDM":
		r.XMDM = v
	case "XMMC":
		r.XMMC = v
	case "XZQHDM":
		r.XZQHDM = v
	case "SPLCLX":
		r.SPLCLX = v
	case "DWMC":
		r.DWMC = v
	case "DWTYSHXYDM":
		r.DWTYSHXYDM = strings.ToUpper(v)
	case "ZTZE":
		r.ZTZE = v
	case "JSDD":
		r.JSDD = v
	}
}

func importError(msg string) error { return errs.FieldErrors(map[string]string{"file": msg}) }

// parseImport reads CSV (a header row, then one project per row) or JSON
// (an array of objects, or {"records": [...]}) into records. Errors are
// Invalid on the field "file", in Chinese.
func parseImport(format string, data []byte) ([]inboundRecord, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // Excel's UTF-8 BOM
	var out []inboundRecord
	var err error
	switch format {
	case "csv":
		out, err = parseCSV(data)
	case "json":
		out, err = parseJSON(data)
	default:
		return nil, errs.FieldErrors(map[string]string{"format": "格式只能是 csv 或 json。"})
	}
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, importError("文件中没有项目记录。")
	}
	if len(out) > MaxImportRows {
		return nil, importError(fmt.Sprintf("一次最多导入 %d 条项目记录，请分批导入。", MaxImportRows))
	}
	return out, nil
}

func parseCSV(data []byte) ([]inboundRecord, error) {
	rd := csv.NewReader(bytes.NewReader(data))
	rd.FieldsPerRecord = -1
	rows, err := rd.ReadAll()
	if err != nil {
		return nil, importError("CSV 文件无法读取：" + err.Error())
	}
	if len(rows) == 0 {
		return nil, importError("CSV 文件是空的。")
	}
	cols := make([]string, len(rows[0]))
	found := false
	for i, h := range rows[0] {
		cols[i] = columnAliases[strings.ToLower(strings.TrimSpace(h))]
		found = found || cols[i] == "XMDM"
	}
	if !found {
		return nil, importError("CSV 第一行须为表头，且含“项目代码”（或 XMDM）列。")
	}
	var out []inboundRecord
	for i, row := range rows[1:] {
		r := inboundRecord{Line: i + 2}
		for j, v := range row {
			if j < len(cols) {
				r.set(cols[j], v)
			}
		}
		if strings.Join(row, "") != "" {
			out = append(out, r)
		}
	}
	return out, nil
}

func parseJSON(data []byte) ([]inboundRecord, error) {
	var objs []map[string]any
	if err := json.Unmarshal(data, &objs); err != nil {
		var wrapped struct {
			Records []map[string]any `json:"records"`
		}
		if err2 := json.Unmarshal(data, &wrapped); err2 != nil {
			return nil, importError("JSON 须为项目记录的数组，或 {\"records\": [...]}：" + err.Error())
		}
		objs = wrapped.Records
	}
	out := make([]inboundRecord, 0, len(objs))
	for i, o := range objs {
		r := inboundRecord{Line: i + 1}
		for k, v := range o {
			col := columnAliases[strings.ToLower(strings.TrimSpace(k))]
			switch x := v.(type) {
			case string:
				r.set(col, x)
			case float64:
				r.set(col, strconv.FormatFloat(x, 'f', -1, 64))
			}
		}
		out = append(out, r)
	}
	return out, nil
}
