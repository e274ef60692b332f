package pdfdoc

import "strings"

// wrap breaks s into lines no wider than w mm in the current font. Chinese
// text breaks between any two characters; a run of Latin letters and
// digits (a number, a URL, a word) breaks at its last space when it has
// one, else where it must. "\n" always breaks. Nothing is dropped but the
// space a line breaks at.
func (d *Doc) wrap(s string, w float64) []string {
	var out []string
	for _, para := range strings.Split(s, "\n") {
		out = append(out, d.wrapLine([]rune(para), w)...)
	}
	return out
}

func (d *Doc) wrapLine(rs []rune, w float64) []string {
	var out []string
	for len(rs) > 0 {
		n := d.fit(rs, w)
		if n < len(rs) && isWord(rs[n]) && n > 0 && isWord(rs[n-1]) {
			if sp := lastSpace(rs[:n]); sp > 0 {
				out = append(out, string(rs[:sp]))
				rs = rs[sp+1:]
				continue
			}
		}
		out = append(out, string(rs[:n]))
		rs = rs[n:]
	}
	if len(out) == 0 {
		out = []string{""}
	}
	return out
}

// fit is how many runes of rs fit in w mm, at least one.
func (d *Doc) fit(rs []rune, w float64) int {
	var width float64
	for i, r := range rs {
		width += d.f.GetStringWidth(string(r))
		if width > w {
			return max(i, 1)
		}
	}
	return len(rs)
}

func isWord(r rune) bool { return r < 0x80 && r != ' ' }

func lastSpace(rs []rune) int {
	for i := len(rs) - 1; i >= 0; i-- {
		if rs[i] == ' ' {
			return i
		}
	}
	return -1
}

// lines writes s wrapped to w mm, each line h mm high, aligned "L" or
// "C", starting at the left margin; page breaks happen between lines.
func (d *Doc) lines(s string, w, h float64, align string) {
	for _, line := range d.wrap(s, w) {
		if d.f.GetY()+h > PageHeight-Margin-8 {
			d.f.AddPage()
		}
		d.f.SetX(Margin)
		d.f.CellFormat(w, h, line, "", 1, align, false, 0, "")
	}
}
