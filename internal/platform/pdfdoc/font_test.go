package pdfdoc

import (
	"testing"

	"golang.org/x/image/font/sfnt"
)

// TestFontHasTheGlyphsWeWrite: every character the documents write —
// Chinese, digits, Latin letters of codes and hashes, punctuation — has a
// glyph in the embedded font. (Text extraction cannot catch a missing
// glyph: the PDF keeps the character and shows an empty box.)
func TestFontHasTheGlyphsWeWrite(t *testing.T) {
	f, err := sfnt.Parse(fontTTF)
	if err != nil {
		t.Fatal(err)
	}
	const sample = "0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz -_:/.,;()%+#" +
		"建筑工程施工许可证受理通知书不予受理决定书一次性补正告知书达州市通川区渠县万源市年月日第页共" +
		"，。：；、（）《》“”—·〔〕"
	var buf sfnt.Buffer
	for _, r := range sample {
		if i, err := f.GlyphIndex(&buf, r); err != nil || i == 0 {
			t.Errorf("no glyph for %q (U+%04X): %v", r, r, err)
		}
	}
}
