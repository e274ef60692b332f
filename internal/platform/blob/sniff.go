package blob

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"strings"
)

// The accepted content types.
const (
	TypePDF  = "application/pdf"
	TypeOFD  = "application/ofd" // GB/T 33190 版式文档
	TypeJPEG = "image/jpeg"
	TypePNG  = "image/png"
	TypeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	TypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	TypeDWG  = "image/vnd.dwg"
)

// Extension returns the usual file extension of an accepted content type
// (".pdf", ".docx", …) or "".
func Extension(contentType string) string {
	return map[string]string{TypePDF: ".pdf", TypeOFD: ".ofd", TypeJPEG: ".jpg", TypePNG: ".png",
		TypeDOCX: ".docx", TypeXLSX: ".xlsx", TypeDWG: ".dwg"}[contentType]
}

// msgUnsupported is the Chinese message for content of any other type.
const msgUnsupported = "不支持该文件类型。请上传 PDF、OFD、JPEG、PNG、Word（.docx）、Excel（.xlsx）或 DWG 格式的文件；" +
	"旧版 .doc、.xls 文件请先另存为新格式。"

var dwgHeader = regexp.MustCompile(`^AC10[0-9]{2}`)

// sniff recognises the type of the size bytes readable from ra by their
// signature, and for ZIP containers (OFD, docx, xlsx) by the entries the
// format requires. It returns "" for anything not on the allow-list:
// executables, scripts, HTML, plain ZIPs, legacy Office files.
func sniff(ra io.ReaderAt, size int64) string {
	head := make([]byte, 16)
	n, _ := ra.ReadAt(head, 0)
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return TypePDF
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return TypeJPEG
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return TypePNG
	case dwgHeader.Match(head):
		return TypeDWG
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return sniffZip(ra, size)
	}
	return ""
}

// sniffZip tells an OFD package (OFD.xml at the root) from an OOXML one
// ([Content_Types].xml plus word/ or xl/ parts).
func sniffZip(ra io.ReaderAt, size int64) string {
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return ""
	}
	var contentTypes, word, excel bool
	for _, f := range zr.File {
		switch {
		case f.Name == "OFD.xml":
			return TypeOFD
		case f.Name == "[Content_Types].xml":
			contentTypes = true
		case strings.HasPrefix(f.Name, "word/"):
			word = true
		case strings.HasPrefix(f.Name, "xl/"):
			excel = true
		}
	}
	switch {
	case contentTypes && word:
		return TypeDOCX
	case contentTypes && excel:
		return TypeXLSX
	}
	return ""
}
