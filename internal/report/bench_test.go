package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// benchRows is the size of the large export of issue 8.
const benchRows = 100_000

// benchColumns are eight measures of the kinds a report shows.
var benchColumns = []Column{{"受理件数", kindCount}, {"办结件数", kindCount}, {"按时办结", kindCount},
	{"超期件数", kindCount}, {"平均办理时长（工作日）", kindDays}, {"按时办结率", kindRate}, {"同比", "growth"},
	{"占比", "share"}}

var benchRegions = []string{"通川区", "达川区", "万源市", "宣汉县", "开江县", "大竹县", "渠县", "达州高新区",
	"东部经开区", "市本级"}

var benchDepts = []string{"住房和城乡建设局", "自然资源和规划局", "发展和改革局", "生态环境局", "交通运输局",
	"水务局", "应急管理局", "行政审批局"}

// benchDocument is a report of n rows by region, lead department and item
// (a grand total, then detail rows) with the eight measures, header,
// footer and conditions, as Standard builds one. Cell texts are what Excel
// shows for the cells' number formats, so a spreadsheet's CSV of the file
// equals the CSV of the texts. The data is generated and deterministic.
func benchDocument(n int) Document {
	r := Result{RowHeaders: []string{"区县", "牵头部门", "审批事项"}, Columns: benchColumns,
		Rows: make([]Row, 0, n)}
	r.Rows = append(r.Rows, benchRow([]string{"合计", "", ""}, 0, 0))
	for i := 1; i < n; i++ {
		labels := []string{benchRegions[i%len(benchRegions)], benchDepts[i/10%len(benchDepts)],
			fmt.Sprintf("工程建设项目审批事项 %06d（社会投资类）", i)}
		r.Rows = append(r.Rows, benchRow(labels, 3, i))
	}
	return Document{Title: "达州市工程建设项目审批统计月报（2026年10月）",
		Header:     []KeyText{{"填报单位", "达州市住房和城乡建设局"}, {"统计期", "2026年10月"}},
		Footer:     []KeyText{{"制表人", "周监管"}, {"制表日期", "2026年11月28日"}},
		Result:     r,
		Conditions: []KeyText{{"统计期间", "2026年10月"}, {"数据范围", "全市"}, {"生成人", "周监管"}}}
}

func benchRow(labels []string, depth, i int) Row {
	received := float64(i%4999 + 3) // up to 5,001: thousands separators
	concluded := math.Floor(received * 0.9)
	onTime := math.Floor(concluded * 0.95)
	vals := []float64{received, concluded, onTime, concluded - onTime, float64(i%200)/10 + 1,
		onTime / concluded, float64(i%61-30) / 100, received / 1_234_567}
	cells := make([]Cell, len(vals))
	for j, v := range vals {
		cells[j] = Cell{Value: v, Valid: true, Text: excelText(v, benchColumns[j].Kind)}
	}
	return Row{Labels: labels, Depth: depth, Cells: cells}
}

// excelText formats v as Excel shows it under the formats of xlsxCell,
// rounding half away from zero at the shown digit as spreadsheets do.
func excelText(v float64, kind string) string {
	one := func(x float64) string { return strconv.FormatFloat(math.Round(x*10)/10, 'f', 1, 64) }
	switch kind {
	case kindDays:
		return one(v)
	case kindRate, "share":
		return one(v*100) + "%"
	case "growth":
		if math.Round(v*1000) > 0 {
			return "+" + one(v*100) + "%"
		}
		return one(v*100) + "%"
	}
	return thousands(int64(v))
}

// benchCSV writes the same table as CSV: header, then each row's labels
// and cell texts. The baseline of the export: the least a file of these
// rows costs.
func benchCSV(d Document) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	head := append([]string{}, d.Result.RowHeaders...)
	for _, c := range d.Result.Columns {
		head = append(head, c.Label)
	}
	if err := w.Write(head); err != nil {
		return nil, err
	}
	rec := make([]string, 0, len(head))
	for _, row := range d.Result.Rows {
		rec = append(rec[:0], row.Labels...)
		for _, c := range row.Cells {
			rec = append(rec, c.Text)
		}
		if err := w.Write(rec); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// inMemoryXLSX writes the same 报表 sheet through File.SetSheetRow,
// which keeps every cell of the workbook in memory until Write: the way the
// export would work without the StreamWriter, for comparison only. Its
// styles are set per column range in five calls (the total row is not
// bold), the cheapest way to give a whole sheet its number formats.
func inMemoryXLSX(d Document) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetReport); err != nil {
		return nil, err
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	head := append([]any{}, toAny(d.Result.RowHeaders)...)
	for _, c := range d.Result.Columns {
		head = append(head, c.Label)
	}
	rows := [][]any{{d.Title}, {joinLines(d.Header)}, head}
	for _, row := range d.Result.Rows {
		vals := rowValues(row, d.Result.Columns, st)
		for j, v := range vals {
			vals[j] = v.(excelize.Cell).Value
		}
		rows = append(rows, vals)
	}
	rows = append(rows, []any{joinLines(d.Footer)})
	for i := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(SheetReport, cell, &rows[i]); err != nil {
			return nil, err
		}
	}
	last := strconv.Itoa(len(rows) - 1)
	for _, r := range []struct {
		from, to string
		style    int
	}{{"A", "G", st.count}, {"H", "H", st.days}, {"I", "I", st.pct}, {"J", "J", st.growth}, {"K", "K", st.pct}} {
		if err := f.SetCellStyle(SheetReport, r.from+"4", r.to+last, r.style); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// memPeak samples two runtime/metrics every half millisecond from its
// call until stop is called; stop returns, in MB above their levels at the
// start (taken after a GC):
//   - heap: the peak of heap objects, live or not yet collected — what the
//     process holds, which with GOGC=100 includes garbage up to the size of
//     everything live (the input document included);
//   - live: the peak of the live heap measured by the GC's marking during
//     the call — what the export itself keeps reachable.
//
// runtime/metrics reads without stopping the world, so sampling barely
// disturbs the timing.
func memPeak() (stop func() (heap, live float64)) {
	runtime.GC()
	names := []string{"/memory/classes/heap/objects:bytes", "/gc/heap/live:bytes"}
	s := make([]metrics.Sample, len(names))
	for i, n := range names {
		s[i].Name = n
	}
	metrics.Read(s)
	base := [2]uint64{s[0].Value.Uint64(), s[1].Value.Uint64()}
	var peak [2]atomic.Uint64
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(500 * time.Microsecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			for i := range peak {
				if v := s[i].Value.Uint64(); v > peak[i].Load() {
					peak[i].Store(v)
				}
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	mb := func(i int) float64 { return float64(peak[i].Load()-min(base[i], peak[i].Load())) / (1 << 20) }
	return func() (float64, float64) {
		close(done)
		<-finished
		return mb(0), mb(1)
	}
}

// BenchmarkExport100k is the Excel export of a 100,000-row report: time,
// B/op and allocs/op, and the peaks of heap objects and of the live heap
// above their levels before the call (peak-heap-MB, peak-live-MB; see
// memPeak). Baseline: the same rows as CSV with encoding/csv. "in-memory"
// is the same sheet without the StreamWriter. The stream export also runs
// at a quarter and four times the rows, to show how its memory grows. One
// call takes seconds; run with -benchtime 1x or 3x.
func BenchmarkExport100k(b *testing.B) {
	for _, c := range []struct {
		name string
		rows int
		fn   func(Document) ([]byte, error)
	}{
		{"baseline=csv", benchRows, benchCSV},
		{"xlsx=stream", benchRows, Document.XLSX},
		{"xlsx=in-memory", benchRows, inMemoryXLSX},
		{"xlsx=stream/rows=25000", benchRows / 4, Document.XLSX},
		{"xlsx=stream/rows=400000", benchRows * 4, Document.XLSX},
	} {
		b.Run(c.name, func(b *testing.B) {
			doc := benchDocument(c.rows)
			var heap, live, size float64
			for b.Loop() {
				b.StopTimer()
				stop := memPeak() // its GC is not timed
				b.StartTimer()
				out, err := c.fn(doc)
				h, l := stop()
				heap, live = max(heap, h), max(live, l)
				if err != nil {
					b.Fatal(err)
				}
				size = float64(len(out)) / (1 << 20)
			}
			b.ReportMetric(heap, "peak-heap-MB")
			b.ReportMetric(live, "peak-live-MB")
			b.ReportMetric(size, "file-MB")
		})
	}
}
