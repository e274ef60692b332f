// Package pdfdoc builds simple A4 documents with Chinese text: notices,
// licences, receipts. It wraps github.com/go-pdf/fpdf with one embedded CJK
// font (WenQuanYi Micro Hei: Chinese, Latin and digits; Apache-2.0, see fonts/NOTICE) so that a fresh
// machine with no system fonts renders the same file as a production server.
//
// A document flows from top to bottom: Title, Heading, Row (a label and
// its value), Paragraph, Table and Space append at the cursor and break
// pages as needed; Image places a picture (a QR code, a seal) either in the
// flow or at a fixed position. Every page ends with Meta.Footer and its
// page number. Bytes finishes the document.
//
// Output is deterministic: the same calls with the same Meta give the same
// bytes (the creation date comes from Meta, never from the clock; the
// catalogue is sorted; the file identifier is empty), so golden tests are
// possible. The font is subset to the characters used, which keeps a
// one-page document under 30 KB although the font file is 4.6 MB
// (measured: 27.2 KB for the tests' sample page with an image and a
// table). Documents start from a common subset of the font cut once per
// process, a quarter of its characters, because fpdf's cost per document
// grows with the size of the font it is given (see font.go).
//
// A Doc is not safe for concurrent use; build one per document.
package pdfdoc

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"time"

	"github.com/go-pdf/fpdf"
)

//go:embed fonts/WenQuanYiMicroHei.ttf
var fontTTF []byte

const family = "wqymicrohei"

// Page geometry in millimetres (A4 portrait).
const (
	PageWidth  = 210.0
	PageHeight = 297.0
	Margin     = 20.0
	// ContentWidth is the width between the left and right margins.
	ContentWidth = PageWidth - 2*Margin
)

// Font sizes in points.
const (
	sizeTitle   = 20.0
	sizeHeading = 14.0
	sizeBody    = 11.0
	sizeSmall   = 8.5
)

// lineHeight is the height in mm of one line of body text.
const lineHeight = 6.5

// Meta is the document information. Created is required: it is written as
// both the creation and the modification date, which is what makes the
// output reproducible. Footer is printed at the bottom left of every page,
// beside "第 n 页 共 N 页". The other fields may be empty.
type Meta struct {
	Title   string
	Subject string
	Author  string
	Creator string
	Footer  string
	Created time.Time
}

// Doc is a document being built. Methods record the first error and
// become no-ops after it; Bytes reports it.
type Doc struct {
	f      *fpdf.Fpdf
	err    error
	images int
	meta   Meta
	common *fontSubset
	full   bool         // set in the full font rather than the common one
	ops    []func(*Doc) // the blocks so far, replayed on a move to the full font
}

// New starts an A4 portrait document with one empty page, the embedded
// font selected at body size, 20 mm margins and automatic page breaks.
// It fails when m.Created is zero.
func New(m Meta) (*Doc, error) {
	if m.Created.IsZero() {
		return nil, errors.New("pdfdoc: Meta.Created is required for reproducible output")
	}
	return newDoc(m, false)
}

// newDoc is New, in the full font from the start when full is set.
func newDoc(m Meta, full bool) (*Doc, error) {
	common, err := commonFont()
	if err != nil {
		return nil, err
	}
	d := &Doc{meta: m, common: common, full: full || !common.covers(m.Footer)}
	d.start()
	if err := d.f.Error(); err != nil {
		return nil, fmt.Errorf("pdfdoc: %w", err)
	}
	return d, nil
}

// start begins the fpdf document in the font d.full selects.
func (d *Doc) start() {
	m := d.meta
	ttf := d.common.ttf
	if d.full {
		ttf = fontTTF
	}
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCreationDate(m.Created)
	f.SetModificationDate(m.Created)
	f.SetCatalogSort(true)
	f.SetProducer("gongai pdfdoc", true)
	f.SetTitle(m.Title, true)
	f.SetSubject(m.Subject, true)
	f.SetAuthor(m.Author, true)
	f.SetCreator(m.Creator, true)
	f.SetLang("zh-CN")
	f.AddUTF8FontFromBytes(family, "", ttf)
	f.SetMargins(Margin, Margin, Margin)
	f.SetAutoPageBreak(true, Margin+8) // room for the footer
	f.AliasNbPages("{nb}")
	f.SetFont(family, "", sizeBody)
	d.f, d.images = f, 0
	f.SetFooterFunc(func() { d.footer(m.Footer) })
	f.AddPage()
}

// do runs op, a block of the document, and records it. When texts, the
// strings op draws, hold a character the common font lacks, the document
// first moves to the full font: it starts again in it and replays the
// blocks so far. Their layout is the same in either font (a subset keeps
// glyph widths), so positions the caller has read (Y, PageNo) stay true.
func (d *Doc) do(op func(*Doc), texts ...string) {
	if !d.ok() {
		return
	}
	if !d.full && !d.common.covers(texts...) {
		d.full = true
		d.start()
		for _, done := range d.ops {
			done(d)
		}
		if !d.ok() {
			return
		}
	}
	d.ops = append(d.ops, op)
	op(d)
}

// Bytes closes the document and returns the PDF, or the first error met
// while building it. Call it once.
func (d *Doc) Bytes() ([]byte, error) {
	if err := d.Err(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := d.f.Output(&buf); err != nil {
		return nil, fmt.Errorf("pdfdoc: %w", err)
	}
	return buf.Bytes(), nil
}

// Err returns the first error met so far, nil when there is none.
func (d *Doc) Err() error {
	if d.err != nil {
		return d.err
	}
	if err := d.f.Error(); err != nil {
		return fmt.Errorf("pdfdoc: %w", err)
	}
	return nil
}

// ok reports whether building may continue.
func (d *Doc) ok() bool { return d.err == nil && d.f.Ok() }

// Y is the vertical position of the cursor in mm from the top of the page.
func (d *Doc) Y() float64 { return d.f.GetY() }

// PageNo is the current page number, from 1.
func (d *Doc) PageNo() int { return d.f.PageNo() }

// Space moves the cursor down by mm millimetres.
func (d *Doc) Space(mm float64) {
	d.do(func(d *Doc) { d.f.Ln(mm) })
}
