package pdfdoc

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
)

// Text returns the text shown by a PDF made by this package, one string
// per text operation in page order. It is a test aid, not a PDF reader: it
// understands exactly what New writes (Flate-compressed page streams,
// UTF-16BE literal strings shown with Tj) and nothing else.
func Text(pdf []byte) ([]string, error) {
	var out []string
	for _, s := range streams(pdf) {
		for _, m := range tjPattern.FindAllSubmatch(s, -1) {
			out = append(out, decodeUTF16(unescape(m[1])))
		}
	}
	return out, nil
}

// Check verifies the structure of a PDF made by this package: the header,
// the trailer, that every cross-reference entry points at its object, and
// that every stream inflates. It returns the first problem found.
func Check(pdf []byte) error {
	if !bytes.HasPrefix(pdf, []byte("%PDF-1.")) || !bytes.HasSuffix(bytes.TrimSpace(pdf), []byte("%%EOF")) {
		return fmt.Errorf("pdfdoc: not a complete PDF")
	}
	m := startxref.FindSubmatch(pdf)
	if m == nil {
		return fmt.Errorf("pdfdoc: no startxref")
	}
	at, _ := strconv.Atoi(string(m[1]))
	if at <= 0 || at >= len(pdf) || !bytes.HasPrefix(pdf[at:], []byte("xref")) {
		return fmt.Errorf("pdfdoc: startxref %d does not point at the xref table", at)
	}
	entries := xrefEntry.FindAllSubmatch(pdf[at:], -1)
	if len(entries) < 2 {
		return fmt.Errorf("pdfdoc: empty xref table")
	}
	for i, e := range entries[1:] { // entry 0 is the free-list head
		off, _ := strconv.Atoi(string(e[1]))
		want := fmt.Sprintf("%d 0 obj", i+1)
		if off >= len(pdf) || !bytes.HasPrefix(pdf[off:], []byte(want)) {
			return fmt.Errorf("pdfdoc: xref entry %d (offset %d) does not point at %q", i+1, off, want)
		}
	}
	for _, s := range allStreams(pdf) {
		if bytes.Contains(s.dict, []byte("/FlateDecode")) {
			if _, err := inflate(s.data); err != nil {
				return fmt.Errorf("pdfdoc: a stream does not inflate: %w", err)
			}
		}
	}
	return nil
}

var (
	startxref     = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	xrefEntry     = regexp.MustCompile(`(\d{10}) \d{5} [fn]`)
	streamPattern = regexp.MustCompile(`(?s)<<([^>]*(?:>[^>][^>]*)*)>>\s*stream\r?\n`)
	lengthPattern = regexp.MustCompile(`/Length (\d+)`)
	tjPattern     = regexp.MustCompile(`(?s)\(((?:\\.|[^\\)])*)\)\s*Tj`)
)

// streams returns the inflated content of every Flate stream that is not
// an embedded font or image.
func streams(pdf []byte) [][]byte {
	var out [][]byte
	for _, s := range allStreams(pdf) {
		if !bytes.Contains(s.dict, []byte("/FlateDecode")) || bytes.Contains(s.dict, []byte("/Length1")) ||
			bytes.Contains(s.dict, []byte("/Subtype /Image")) {
			continue
		}
		if b, err := inflate(s.data); err == nil {
			out = append(out, b)
		}
	}
	return out
}

type stream struct{ dict, data []byte }

// allStreams returns each stream's dictionary and its /Length bytes of
// data. The length is read, not the data scanned for "endstream": binary
// data may end with the bytes of a line break.
func allStreams(pdf []byte) []stream {
	var out []stream
	for _, loc := range streamPattern.FindAllSubmatchIndex(pdf, -1) {
		dict := pdf[loc[2]:loc[3]]
		m := lengthPattern.FindSubmatch(dict)
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(string(m[1]))
		if loc[1]+n <= len(pdf) {
			out = append(out, stream{dict: dict, data: pdf[loc[1] : loc[1]+n]})
		}
	}
	return out
}

func inflate(b []byte) ([]byte, error) {
	r, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// unescape undoes PDF literal-string escapes.
func unescape(b []byte) []byte {
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' || i+1 == len(b) {
			out = append(out, b[i])
			continue
		}
		i++
		switch b[i] {
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		default:
			out = append(out, b[i])
		}
	}
	return out
}

func decodeUTF16(b []byte) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
	}
	return strings.TrimSpace(string(utf16.Decode(u)))
}
