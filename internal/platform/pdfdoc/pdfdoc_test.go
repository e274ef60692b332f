package pdfdoc

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

var created = time.Date(2026, 3, 9, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

// sample builds a document using every block.
func sample(t testing.TB, rows int) []byte {
	t.Helper()
	d, err := New(sampleMeta)
	if err != nil {
		t.Fatal(err)
	}
	return sampleDoc(t, d, rows)
}

var sampleMeta = Meta{Title: "受理通知书", Author: "达州市工改系统", Footer: "达州市工程建设项目审批管理系统", Created: created}

// sampleDoc writes the blocks of sample into d and returns the file.
func sampleDoc(t testing.TB, d *Doc, rows int) []byte {
	t.Helper()
	d.Title("建设工程规划许可证")
	d.Centered("编号：511702-JSGCGH-2026-000123")
	d.Image(testPNG(t), PageWidth-Margin-30, Margin, 30)
	d.Row("建设单位", "达州市滨江实业有限公司", ContentWidth-35)
	d.Row("项目名称", strings.Repeat("达州市通川区滨江路标准厂房项目", 4), ContentWidth-35)
	d.Heading("审批意见")
	d.Paragraph("经审查，该项目符合控制性详细规划和规划条件，准予核发建设工程规划许可证。")
	tab := Table{Header: []string{"序号", "材料名称", "份数"}, Widths: []float64{1, 5, 1}}
	for i := range rows {
		tab.Rows = append(tab.Rows, []string{string(rune('0' + i%10)), "建设工程设计方案", "1"})
	}
	d.Table(tab)
	d.Small("数据摘要（SM3）：66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")
	pdf, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return pdf
}

func testPNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 21, 21))
	for x := range 21 {
		img.Set(x, x, color.Black)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestNew_Deterministic(t *testing.T) {
	a, b := sample(t, 3), sample(t, 3)
	if !bytes.Equal(a, b) {
		t.Fatal("two builds of the same document differ")
	}
	if !bytes.Contains(a, []byte("/CreationDate (D:20260309")) {
		t.Error("creation date is not the one given")
	}
}

func TestNew_RequiresCreated(t *testing.T) {
	if _, err := New(Meta{}); err == nil {
		t.Fatal("New without Created succeeded")
	}
}

// TestDoc_Structure checks the file parses, embeds a subset of the font
// (not the 4 MB file) and shows the Chinese text, and records its size.
func TestDoc_Structure(t *testing.T) {
	pdf := sample(t, 3)
	if err := Check(pdf); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`/Length1 (\d+)`).FindSubmatch(pdf)
	if m == nil || !bytes.Contains(pdf, []byte("/FontFile2")) {
		t.Fatal("no embedded TrueType font")
	}
	if n, _ := strconv.Atoi(string(m[1])); n > 200_000 || n >= len(fontTTF)/10 {
		t.Errorf("embedded font is %d bytes: not a subset of the %d-byte font", n, len(fontTTF))
	}
	if !bytes.Contains(pdf, []byte("/ToUnicode")) {
		t.Error("no ToUnicode map: text would not be searchable")
	}
	t.Logf("one-page document: %d bytes", len(pdf))
	if len(pdf) > 120_000 {
		t.Errorf("document is %d bytes; the font subset is missing or too large", len(pdf))
	}
	text, err := Text(pdf)
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(text, "\n")
	if !strings.Contains(joined, strings.Repeat("达州市通川区滨江路标准厂房项目", 4)) &&
		!strings.Contains(strings.ReplaceAll(joined, "\n", ""), strings.Repeat("达州市通川区滨江路标准厂房项目", 4)) {
		t.Errorf("wrapped value lost characters:\n%s", joined)
	}
	for _, want := range []string{"建设工程规划许可证", "编号：511702-JSGCGH-2026-000123", "建设单位",
		"达州市滨江实业有限公司", "审批意见", "材料名称", "第 1 页 共 1 页"} {
		if !strings.Contains(joined, want) {
			t.Errorf("text lacks %q:\n%s", want, joined)
		}
	}
}

func TestDoc_PagesBreakAndRepeatHeader(t *testing.T) {
	pdf := sample(t, 80)
	if err := Check(pdf); err != nil {
		t.Fatal(err)
	}
	text, _ := Text(pdf)
	if !slices.Contains(text, "第 1 页 共 3 页") || !slices.Contains(text, "第 2 页 共 3 页") {
		t.Errorf("no page 2 of 3 footer in %q", text[len(text)-3:])
	}
	headers := 0
	for _, s := range text {
		if s == "材料名称" {
			headers++
		}
	}
	if headers != 3 {
		t.Errorf("table header shown %d times over 3 pages", headers)
	}
}

func TestDoc_Errors(t *testing.T) {
	d, err := New(Meta{Created: created})
	if err != nil {
		t.Fatal(err)
	}
	d.Table(Table{Header: []string{"a", "b"}, Widths: []float64{1}})
	if _, err := d.Bytes(); err == nil {
		t.Error("malformed table accepted")
	}
	d, _ = New(Meta{Created: created})
	d.Image([]byte("not a png"), 10, 10, 10)
	if _, err := d.Bytes(); err == nil {
		t.Error("bad image accepted")
	}
}

func BenchmarkOnePage(b *testing.B) {
	for b.Loop() {
		sample(b, 3)
	}
}
