package pdfdoc

import (
	"bytes"
	"errors"
	"fmt"
	"slices"

	"github.com/go-pdf/fpdf"
)

// LabelWidth is the width in mm of the label column of Row.
const LabelWidth = 42.0

// Title writes s centred in the title size, followed by some space.
func (d *Doc) Title(s string) { d.do(func(d *Doc) { d.title(s) }, s) }

func (d *Doc) title(s string) {
	d.f.SetFont(family, "", sizeTitle)
	d.lines(s, ContentWidth, 11, "C")
	d.f.SetFont(family, "", sizeBody)
	d.f.Ln(4)
}

// Heading writes s left-aligned in the heading size.
func (d *Doc) Heading(s string) { d.do(func(d *Doc) { d.heading(s) }, s) }

func (d *Doc) heading(s string) {
	d.f.Ln(2)
	d.f.SetFont(family, "", sizeHeading)
	d.lines(s, ContentWidth, 8, "L")
	d.f.SetFont(family, "", sizeBody)
	d.f.Ln(1)
}

// Centered writes s centred in body size (a subtitle, a number line).
func (d *Doc) Centered(s string) {
	d.do(func(d *Doc) { d.lines(s, ContentWidth, lineHeight, "C") }, s)
}

// Row writes a label and its value side by side, the value wrapping
// within the remaining width (Chinese text wraps between any two
// characters). width is the whole row's width; 0 means ContentWidth (use
// less to leave room for an image placed beside the rows).
func (d *Doc) Row(label, value string, width float64) {
	d.do(func(d *Doc) { d.row(label, value, width) }, label, value)
}

func (d *Doc) row(label, value string, width float64) {
	if width <= 0 {
		width = ContentWidth
	}
	lines := d.wrap(value, width-LabelWidth)
	if d.f.GetY()+float64(len(lines))*lineHeight > PageHeight-Margin-8 {
		d.f.AddPage()
	}
	x, y := d.f.GetX(), d.f.GetY()
	d.f.SetTextColor(80, 80, 80)
	d.f.CellFormat(LabelWidth, lineHeight, label, "", 0, "L", false, 0, "")
	d.f.SetTextColor(0, 0, 0)
	for i, line := range lines {
		d.f.SetXY(x+LabelWidth, y+float64(i)*lineHeight)
		d.f.CellFormat(width-LabelWidth, lineHeight, line, "", 0, "L", false, 0, "")
	}
	d.f.SetXY(x, y+float64(len(lines))*lineHeight+1)
}

// Paragraph writes s as body text across the content width;
// "\n" starts a new line.
func (d *Doc) Paragraph(s string) {
	d.do(func(d *Doc) {
		d.lines(s, ContentWidth, lineHeight, "L")
		d.f.Ln(1)
	}, s)
}

// Small writes s in a small grey type (notes, digests, URLs).
func (d *Doc) Small(s string) { d.do(func(d *Doc) { d.small(s) }, s) }

func (d *Doc) small(s string) {
	d.f.SetFont(family, "", sizeSmall)
	d.f.SetTextColor(90, 90, 90)
	d.lines(s, ContentWidth, 4.5, "L")
	d.f.SetTextColor(0, 0, 0)
	d.f.SetFont(family, "", sizeBody)
}

// Table is a grid with a header row. Widths are relative (they are scaled
// to the content width) and must be as many as Header; every row must have
// as many cells. Cells do not wrap: keep them short.
type Table struct {
	Header []string
	Widths []float64
	Rows   [][]string
}

// Table writes t with thin borders, repeating the header after a page
// break. A malformed table is an error reported by Bytes.
func (d *Doc) Table(t Table) {
	t.Header, t.Rows = slices.Clone(t.Header), slices.Clone(t.Rows) // kept for a replay: the caller may reuse its slices
	texts := slices.Clone(t.Header)
	for _, r := range t.Rows {
		texts = append(texts, r...)
	}
	d.do(func(d *Doc) { d.table(t) }, texts...)
}

func (d *Doc) table(t Table) {
	widths, err := t.scaled()
	if err != nil {
		d.err = err
		return
	}
	d.tableRow(widths, t.Header, true)
	for _, r := range t.Rows {
		if d.f.GetY()+lineHeight+1 > PageHeight-Margin-8 {
			d.f.AddPage()
			d.tableRow(widths, t.Header, true)
		}
		d.tableRow(widths, r, false)
	}
	d.f.Ln(2)
}

func (t Table) scaled() ([]float64, error) {
	if len(t.Header) == 0 || len(t.Widths) != len(t.Header) {
		return nil, errors.New("pdfdoc: table needs a header and one width per column")
	}
	var sum float64
	for _, w := range t.Widths {
		if w <= 0 {
			return nil, errors.New("pdfdoc: table widths must be positive")
		}
		sum += w
	}
	for i, r := range t.Rows {
		if len(r) != len(t.Header) {
			return nil, fmt.Errorf("pdfdoc: table row %d has %d cells, want %d", i+1, len(r), len(t.Header))
		}
	}
	out := make([]float64, len(t.Widths))
	for i, w := range t.Widths {
		out[i] = w / sum * ContentWidth
	}
	return out, nil
}

func (d *Doc) tableRow(widths []float64, cells []string, header bool) {
	d.f.SetFillColor(235, 238, 242)
	d.f.SetDrawColor(150, 150, 150)
	for i, c := range cells {
		d.f.CellFormat(widths[i], lineHeight+1, c, "1", 0, "L", header, 0, "")
	}
	d.f.Ln(-1)
}

// footer prints text at the bottom of the page, left, with "第 n 页 共 N
// 页" on the right. New installs it as the footer function, so that it
// runs for every page as the page ends.
func (d *Doc) footer(text string) {
	d.f.SetY(-(Margin - 4))
	d.f.SetFont(family, "", sizeSmall)
	d.f.SetTextColor(90, 90, 90)
	page := fmt.Sprintf("第 %d 页 共 {nb} 页", d.f.PageNo())
	d.f.CellFormat(ContentWidth-30, 5, text, "", 0, "L", false, 0, "")
	d.f.CellFormat(30, 5, page, "", 0, "R", false, 0, "")
	d.f.SetTextColor(0, 0, 0)
	d.f.SetFont(family, "", sizeBody)
}

// Image places a PNG image w mm wide (height from its aspect ratio). With
// x and y both negative it goes in the flow at the left margin and the
// cursor moves below it; otherwise at (x, y) on the current page and the
// cursor stays. A PNG that cannot be decoded is an error reported by Bytes.
func (d *Doc) Image(png []byte, x, y, w float64) {
	png = bytes.Clone(png) // kept for a replay: the caller may reuse its buffer
	d.do(func(d *Doc) { d.image(png, x, y, w) })
}

func (d *Doc) image(png []byte, x, y, w float64) {
	d.images++
	name := fmt.Sprintf("img%d", d.images)
	opt := fpdf.ImageOptions{ImageType: "PNG"}
	d.f.RegisterImageOptionsReader(name, opt, bytes.NewReader(png))
	if !d.f.Ok() {
		return
	}
	flow := x < 0 && y < 0
	if flow {
		x, y = d.f.GetX(), -1
	}
	d.f.ImageOptions(name, x, y, w, 0, flow, opt, 0, "")
}
