package report

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/dazhou-gongai/gongai/internal/testkit/benchpair"
)

// Environment of the export child process (TestHelperExport).
const (
	envChildMode = "GONGAI_EXPORT_CHILD"      // document, csv, stream, in-memory, or write
	envChildRows = "GONGAI_EXPORT_CHILD_ROWS" // rows of the document
	envChildDir  = "GONGAI_EXPORT_CHILD_DIR"  // where "write" puts report.xlsx and report.csv
)

// TestHelperExport is not a test: it is the child process of
// BenchmarkExportPeakRSS, which runs this binary with envChildMode set so
// that the export runs alone in a fresh process whose peak resident memory
// the kernel reports. Without the variable it returns at once.
func TestHelperExport(t *testing.T) {
	mode := os.Getenv(envChildMode)
	if mode == "" {
		return
	}
	n, err := strconv.Atoi(os.Getenv(envChildRows))
	if err != nil {
		t.Fatal(err)
	}
	doc := benchDocument(n)
	var out []byte
	switch mode {
	case "document": // the input alone: the floor of the other modes
	case "csv":
		out, err = benchCSV(doc)
	case "stream":
		out, err = doc.XLSX()
	case "in-memory":
		out, err = inMemoryXLSX(doc)
	case "write":
		err = writeBoth(doc, os.Getenv(envChildDir))
	default:
		t.Fatalf("unknown mode %q", mode)
	}
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("bytes=%d rows=%d\n", len(out), len(doc.Result.Rows))
}

// writeBoth writes the document as report.xlsx and report.csv into dir,
// for checking the file with other software (LibreOffice).
func writeBoth(doc Document, dir string) error {
	x, err := doc.XLSX()
	if err != nil {
		return err
	}
	c, err := benchCSV(doc)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "report.xlsx"), x, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "report.csv"), c, 0o644)
}

// BenchmarkExportPeakRSS runs each export once per iteration in a child
// process and reports the child's peak resident set (maxRSS-MB, from
// getrusage) and its wall time. mode=document builds the 100,000-row input
// and exports nothing: the others' figures less its own are the export's.
// The stream export also runs at a quarter and four times the size, to
// show whether its memory follows the row count. Run with -benchtime 1x.
func BenchmarkExportPeakRSS(b *testing.B) {
	cases := []struct {
		mode string
		rows int
	}{
		{"document", benchRows}, {"csv", benchRows}, {"stream", benchRows}, {"in-memory", benchRows},
		{"document", benchRows / 4}, {"stream", benchRows / 4},
		{"document", benchRows * 4}, {"stream", benchRows * 4},
	}
	for _, c := range cases {
		b.Run(fmt.Sprintf("rows=%d/mode=%s", c.rows, c.mode), func(b *testing.B) {
			var rss float64
			for b.Loop() {
				rss = max(rss, childPeakRSS(b, c.mode, c.rows))
			}
			b.ReportMetric(rss, "maxRSS-MB")
		})
	}
}

// childPeakRSS runs TestHelperExport in a new process and returns its peak
// resident set in MB (Linux reports ru_maxrss in KB).
func childPeakRSS(b *testing.B, mode string, rows int) float64 {
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperExport$", "-test.count=1")
	cmd.Env = append(os.Environ(), envChildMode+"="+mode, envChildRows+"="+strconv.Itoa(rows))
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "bytes=") {
		b.Fatalf("child %s: %v\n%s", mode, err, out)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		b.Skip("no rusage on this platform")
	}
	return float64(ru.Maxrss) / 1024
}

// BenchmarkExportPaired is the 100,000-row stream export interleaved with
// its CSV baseline, one call each per iteration (see pair), for a ratio
// that holds while other work shares the machine. Run with -benchtime 3x.
func BenchmarkExportPaired(b *testing.B) {
	doc := benchDocument(benchRows)
	call := func(fn func(Document) ([]byte, error)) func(int) {
		return func(int) {
			if _, err := fn(doc); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("xlsx=stream/vs=csv", func(b *testing.B) {
		benchpair.Run(b, 1, benchpair.Options{GC: true}, call(benchCSV), call(Document.XLSX))
	})
}

// TestExportLargeOpens writes a large report with the StreamWriter (5,000
// rows, the most a report holds; GONGAI_BENCH_EXPORT_ROWS=100000 for the
// size of the benchmark), reads it back with excelize row by row, and
// checks the row count and every data row's displayed values (number
// formats applied) against the texts the page shows, and the title, head
// and footer around them.
func TestExportLargeOpens(t *testing.T) {
	n := MaxRows
	if v := os.Getenv("GONGAI_BENCH_EXPORT_ROWS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			t.Fatal(err)
		}
	}
	doc := benchDocument(n)
	data, err := doc.XLSX()
	if err != nil {
		t.Fatal(err)
	}
	got := readSheet(t, data)
	if len(got) != n+4 {
		t.Fatalf("%d sheet rows, want %d (title, header line, column head, rows, footer)", len(got), n+4)
	}
	if got[0][0] != doc.Title || got[2][0] != "区县" || got[2][10] != "占比" || !strings.HasPrefix(got[len(got)-1][0], "制表人：") {
		t.Fatalf("frame rows %q %q %q", got[0], got[2], got[len(got)-1])
	}
	for i, row := range doc.Result.Rows {
		want := trimEmpty(append(append([]string{}, row.Labels...), cellTexts(row)...))
		sheet := got[3+i]
		// excelize's reader ignores the zero section of "+0.0%;-0.0%;0.0%"
		// and shows 0 as "+0.0%"; LibreOffice shows the file's "0.0%".
		if len(sheet) > 9 && sheet[9] == "+0.0%" && want[9] == "0.0%" {
			sheet[9] = "0.0%"
		}
		if strings.Join(sheet, "|") != strings.Join(want, "|") {
			t.Fatalf("row %d: sheet %q, want %q", i, sheet, want)
		}
	}
}

// readSheet returns the displayed values of the 报表 sheet of an xlsx,
// read row by row.
func readSheet(t *testing.T, data []byte) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.Rows(SheetReport)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got [][]string
	for rows.Next() {
		cols, err := rows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, cols)
	}
	return got
}

func cellTexts(r Row) []string {
	out := make([]string, len(r.Cells))
	for i, c := range r.Cells {
		out[i] = c.Text
	}
	return out
}

// trimEmpty drops trailing empty strings, as excelize's Columns does.
func trimEmpty(s []string) []string {
	for len(s) > 0 && s[len(s)-1] == "" {
		s = s[:len(s)-1]
	}
	return s
}
