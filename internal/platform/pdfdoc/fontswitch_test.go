package pdfdoc

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
)

// pageStreams is the page content of pdf: which character is drawn where,
// as Unicode (fpdf writes text as CIDs equal to code points), whatever the
// embedded subset. The font's resource name, a hash of the font's
// definition, is blanked.
func pageStreams(pdf []byte) []byte {
	var out []byte
	for _, s := range streams(pdf) {
		if bytes.Contains(s, []byte("Tj")) {
			out = append(out, fontName.ReplaceAll(s, []byte("/F"))...)
		}
	}
	return out
}

var fontName = regexp.MustCompile(`/F[0-9a-f]{40}\b`)

// TestCommonFont_SameLayout: a document set in the common font draws the
// same characters at the same places as in the full font, and embeds a
// subset of the common font (it did not fall back to the full one).
func TestCommonFont_SameLayout(t *testing.T) {
	common := sample(t, 30)
	d, err := newDoc(sampleMeta, true)
	if err != nil {
		t.Fatal(err)
	}
	full := sampleDoc(t, d, 30)
	if len(pageStreams(full)) == 0 || !bytes.Equal(pageStreams(common), pageStreams(full)) {
		t.Fatal("page content differs between the common and the full font")
	}
	if bytes.Equal(common, full) {
		t.Fatal("the sample was set in the full font: the common font does not cover it")
	}
}

// TestCommonFont_MovesToFullFont: a character the common font lacks (a
// rare hanzi of a name, Hangul) moves the document to the full font with
// the blocks before it replayed: the page is what the full font gives from
// the start, the positions read before the move still hold, and the rare
// characters are drawn.
func TestCommonFont_MovesToFullFont(t *testing.T) {
	const rare = "申请人：王堃、김민준"
	build := func(full bool) (pdf []byte, ys []float64, moved bool) {
		d, err := newDoc(sampleMeta, full)
		if err != nil {
			t.Fatal(err)
		}
		d.Title("建设工程规划许可证")
		d.Table(Table{Header: []string{"序号", "材料名称"}, Widths: []float64{1, 5},
			Rows: slices.Repeat([][]string{{"1", "建设工程设计方案"}}, 50)})
		ys = append(ys, d.Y(), float64(d.PageNo()))
		d.Image(testPNG(t), 150, d.Y(), 20)
		if moved = d.full; moved && !full {
			t.Fatal("the document moved to the full font before meeting a rare character")
		}
		d.Paragraph(rare)
		ys = append(ys, d.Y())
		d.Row("建设单位", "达州市滨江实业有限公司", 0)
		pdf, err = d.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		return pdf, ys, d.full
	}
	moved, ys, isFull := build(false)
	full, want, _ := build(true)
	if !isFull {
		t.Fatal("a rare character did not move the document to the full font")
	}
	if !slices.Equal(ys, want) {
		t.Errorf("positions %v, want %v as in the full font", ys, want)
	}
	if !bytes.Equal(moved, full) {
		t.Error("a document moved to the full font differs from one set in it from the start")
	}
	if err := Check(moved); err != nil {
		t.Fatal(err)
	}
	text, _ := Text(moved)
	if !strings.Contains(strings.Join(text, ""), rare) {
		t.Errorf("text lacks %q", rare)
	}
}

// TestCommonFont_RareFooter: a footer the common font lacks sets the
// whole document in the full font.
func TestCommonFont_RareFooter(t *testing.T) {
	m := sampleMeta
	m.Footer = "喆"
	d, err := New(m)
	if err != nil {
		t.Fatal(err)
	}
	if !d.full {
		t.Fatal("footer with a rare character left the document in the common font")
	}
}

// TestConcurrentDocs: documents built at once from the shared font come
// out as one built alone (run with -race to check the sharing).
func TestConcurrentDocs(t *testing.T) {
	want := sample(t, 3)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if got := sample(t, 3); !bytes.Equal(got, want) {
				t.Error("a document built concurrently differs")
			}
		})
	}
	wg.Wait()
}

// TestCommonFont_Covers: the common font has every GB 2312 character of
// the list, the characters the documents write (font_test.go's sample),
// and not the ones it leaves to the full font.
func TestCommonFont_Covers(t *testing.T) {
	s, err := commonFont()
	if err != nil {
		t.Fatal(err)
	}
	if n := len([]rune(gb2312)); n != 7476 || !s.covers(gb2312) {
		t.Errorf("GB 2312 list of %d characters not covered", n)
	}
	if !s.covers("0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz -_:/.,;()%+#" +
		"建筑工程施工许可证第页共，。：；、（）《》“”—·〔〕\n") {
		t.Error("the common font lacks characters every document writes")
	}
	for _, r := range "堃喆한\t" {
		if s.covers(string(r)) {
			t.Errorf("the common font claims %q, which it should leave to the full font", r)
		}
	}
}
