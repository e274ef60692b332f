package catalog

import (
	"bytes"
	"embed"
	"html/template"
	"strconv"
	"strings"
)

// The flow diagrams of the 办事指南 are SVG drawn here: Go lays out boxes,
// arrows and text on a fixed grid, and diagrams/diagram.tmpl writes them
// out through html/template, so every label is escaped. No script, no
// external assets; colours are the stylesheet's palette as presentation
// attributes (the CSP forbids inline style). Each diagram carries role="img",
// a <title> and a <desc>; the pages put a text version beside it.

//go:embed diagrams/*.tmpl
var diagramFS embed.FS

var diagramTmpl = template.Must(template.New("").ParseFS(diagramFS, "diagrams/*.tmpl"))

// Palette of the diagrams: app.css's colours, AA contrast on white.
const (
	colInk   = "#1f2328"
	colMuted = "#57606a"
	colLine  = "#d0d7de"
	colBg    = "#f6f8fa"
	colBrand = "#a61b1b"
	colPaper = "#fff"
)

// diagram is an SVG drawing. ID prefixes the ids inside it (title, desc,
// arrow marker) and must be unique on the page.
type diagram struct {
	ID, Title, Desc string
	Width, Height   int
	Rects           []rect
	Arrows          []arrow
	Texts           []text
}

// rect is a box; Dashed marks something that happens only sometimes.
type rect struct {
	X, Y, W, H   int
	Fill, Stroke string
	Dashed, Bold bool
}

// arrow is a polyline ending in an arrowhead.
type arrow struct {
	Points string
	Dashed bool
}

// text is one line of text; Anchor is start, middle or end.
type text struct {
	X, Y, Size int
	S, Anchor  string
	Bold       bool
	Fill       string
}

// svg renders d. It fails only on a broken template, which tests catch.
func (d diagram) svg() (template.HTML, error) {
	var b bytes.Buffer
	if err := diagramTmpl.ExecuteTemplate(&b, "diagram.tmpl", d); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil // produced by html/template: escaped
}

// box adds a rectangle.
func (d *diagram) box(r rect) { d.Rects = append(d.Rects, r) }

// line adds a text line.
func (d *diagram) line(x, y, size int, s, anchor string, bold bool) {
	d.Texts = append(d.Texts, text{X: x, Y: y, Size: size, S: s, Anchor: anchor, Bold: bold, Fill: colInk})
}

// lines adds ss centred on x from baseline y, one every lead pixels, and
// returns the baseline after the last.
func (d *diagram) lines(x, y, size, lead int, ss []string, bold bool) int {
	for _, s := range ss {
		d.line(x, y, size, s, "middle", bold)
		y += lead
	}
	return y
}

// arrowTo adds an arrow through the points (x0, y0, x1, y1, …).
func (d *diagram) arrowTo(dashed bool, xy ...int) {
	parts := make([]string, 0, len(xy)/2)
	for i := 0; i+1 < len(xy); i += 2 {
		parts = append(parts, strconv.Itoa(xy[i])+","+strconv.Itoa(xy[i+1]))
	}
	d.Arrows = append(d.Arrows, arrow{Points: strings.Join(parts, " "), Dashed: dashed})
}

// textWidth estimates the width of s at font size px: a full em for CJK
// and full-width characters, 0.6 em for the rest.
func textWidth(s string, size int) int {
	w := 0.0
	for _, r := range s {
		if r >= 0x2E80 {
			w += float64(size)
		} else {
			w += 0.6 * float64(size)
		}
	}
	return int(w + 0.5)
}

// wrap breaks s into lines no wider than width at font size px, breaking
// between characters (Chinese has no spaces to break at).
func wrap(s string, width, size int) []string {
	var out []string
	var cur []rune
	for _, r := range s {
		if len(cur) > 0 && textWidth(string(append(cur, r)), size) > width {
			out = append(out, string(cur))
			cur = cur[:0]
		}
		cur = append(cur, r)
	}
	if len(cur) > 0 || len(out) == 0 {
		out = append(out, string(cur))
	}
	return out
}
