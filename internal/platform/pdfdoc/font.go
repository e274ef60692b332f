package pdfdoc

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/sfnt"
)

// Why two fonts. fpdf parses a TrueType font for every document
// (AddUTF8FontFromBytes) and, when it writes the file, walks the font's
// whole character map again to cut the subset; it has no way to share a
// parsed font between documents. Both walks cost in proportion to the
// characters the font maps: 34,594 in WenQuanYi Micro Hei, which made the
// font some 85 % of a licence's time (BENCHMARKS.md). So a document starts
// with the common font, a subset cut from the full one once per process
// holding the characters official Chinese documents use (about 9,900), and
// moves to the full font only when it meets a character the common font
// lacks (see Doc.do).
//
// The move leaves the page unchanged: a subset keeps each glyph's outline
// and advance width, so layout and text are the same with either font (a
// test holds this); only the embedded subset differs, and it depends on
// nothing but the characters the document uses, so output stays
// deterministic.

// gb2312 holds the 7,476 non-ASCII characters of GB 2312 (rows A1–F7: the
// 6,763 hanzi, punctuation, full-width forms, kana, Greek, Cyrillic,
// pinyin) that the full font has. It was made with golang.org/x/text's GBK
// encoder: every rune U+0080–U+FFFF that encodes to two bytes with the
// first in A1–F7 and the second in A1–FE, and that has a glyph.
//
//go:embed fonts/gb2312.txt
var gb2312 string

// commonRepertoire is what the common font holds: GB 2312 as above, plus
// every character the full font has below U+3040 (Latin, punctuation,
// symbols, CJK symbols such as 〔〕) but Hangul jamo, plus the CJK
// compatibility and full-width forms from U+FE30. Hangul syllables, rare
// hanzi and private-use glyphs stay in the full font only.
func commonRepertoire(full *sfnt.Font) (string, error) {
	var b strings.Builder
	var buf sfnt.Buffer
	for r := rune(0x20); r <= 0xFFFF; r++ {
		if !(r < 0x3040 && (r < 0x1100 || r >= 0x1200) || r >= 0xFE30) {
			continue
		}
		i, err := full.GlyphIndex(&buf, r)
		if err != nil {
			return "", err
		}
		if i != 0 {
			b.WriteRune(r)
		}
	}
	b.WriteString(gb2312)
	return b.String(), nil
}

// commonFont is the common font and the set of characters it has a glyph
// for, made once per process; the bytes are shared read-only by every
// document (fpdf copies before it changes any table).
var commonFont = sync.OnceValues(func() (*fontSubset, error) {
	full, err := sfnt.Parse(fontTTF)
	if err != nil {
		return nil, fmt.Errorf("pdfdoc: font: %w", err)
	}
	rep, err := commonRepertoire(full)
	if err != nil {
		return nil, fmt.Errorf("pdfdoc: font: %w", err)
	}
	ttf := fpdf.UTF8CutFont(fontTTF, rep)
	cut, err := sfnt.Parse(ttf)
	if err != nil {
		return nil, fmt.Errorf("pdfdoc: common font: %w", err)
	}
	s := &fontSubset{ttf: ttf}
	var buf sfnt.Buffer
	for r := rune(0); r <= 0xFFFF; r++ {
		if i, err := cut.GlyphIndex(&buf, r); err == nil && i != 0 {
			s.has[r/64] |= 1 << (r % 64)
		}
	}
	return s, nil
})

// fontSubset is a TrueType font and a bitmap of the BMP characters it
// has glyphs for.
type fontSubset struct {
	ttf []byte
	has [0x10000 / 64]uint64
}

// covers reports whether the font has a glyph for every character of
// every string in texts ("\n" aside, which is never drawn).
func (s *fontSubset) covers(texts ...string) bool {
	for _, t := range texts {
		for _, r := range t {
			if r == '\n' {
				continue
			}
			if r > 0xFFFF || s.has[r/64]&(1<<(r%64)) == 0 {
				return false
			}
		}
	}
	return true
}
