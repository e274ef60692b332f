package blob

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

func newLocal(t *testing.T, maxSize int64) (*Local, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "blobs")
	l, err := NewLocal(dir, testkit.NewDB(t), func() time.Time { return time.Date(2026, 3, 9, 1, 0, 0, 0, time.UTC) }, maxSize)
	if err != nil {
		t.Fatal(err)
	}
	return l, dir
}

// zipWith returns a ZIP archive holding the named (empty) entries.
func zipWith(t *testing.T, names ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, "<x/>")
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var pdf = []byte("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"pdf", pdf, TypePDF},
		{"jpeg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'}, TypeJPEG},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), TypePNG},
		{"dwg", []byte("AC1032\x00\x00\x00\x00"), TypeDWG},
		{"docx", zipWith(t, "[Content_Types].xml", "word/document.xml"), TypeDOCX},
		{"xlsx", zipWith(t, "[Content_Types].xml", "xl/workbook.xml"), TypeXLSX},
		{"ofd", zipWith(t, "OFD.xml", "Doc_0/Document.xml"), TypeOFD},
		{"plain zip", zipWith(t, "a.txt"), ""},
		{"word parts without content types", zipWith(t, "word/document.xml"), ""},
		{"broken zip", []byte("PK\x03\x04garbage"), ""},
		{"text", []byte("hello"), ""},
		{"html", []byte("<!doctype html><script>"), ""},
		{"windows executable", []byte("MZ\x90\x00\x03"), ""},
		{"legacy doc", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := sniff(bytes.NewReader(tc.data), int64(len(tc.data))); got != tc.want {
				t.Fatalf("sniff = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestLocal_PutOpenStat(t *testing.T) {
	l, dir := newLocal(t, 0)
	ctx := context.Background()
	ref, err := l.Put(ctx, bytes.NewReader(pdf), `C:\Users\张三\施工许可申请表.pdf`, "text/plain")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(pdf)
	if ref.Hash != hex.EncodeToString(sum[:]) || ref.Size != int64(len(pdf)) || ref.Name != "施工许可申请表.pdf" ||
		ref.ContentType != TypePDF || len(ref.SM3) != 64 {
		t.Fatalf("ref = %+v", ref)
	}
	if _, err := os.Stat(filepath.Join(dir, ref.Hash[:2], ref.Hash[2:])); err != nil {
		t.Fatalf("content not at <root>/ab/cdef…: %v", err)
	}
	again, err := l.Put(ctx, bytes.NewReader(pdf), "copy.pdf", "")
	if err != nil || again.Hash != ref.Hash || again.Name != "copy.pdf" {
		t.Fatalf("second put = %+v, %v", again, err)
	}
	rc, got, err := l.Open(ctx, ref.Hash)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	body, _ := io.ReadAll(rc)
	if !bytes.Equal(body, pdf) || got != ref {
		t.Fatalf("Open = %+v (first name kept), %q", got, body)
	}
	if st, err := l.Stat(ctx, ref.Hash); err != nil || st != ref {
		t.Fatalf("Stat = %+v, %v", st, err)
	}
	tmp, _ := os.ReadDir(filepath.Join(dir, "tmp"))
	if len(tmp) != 0 {
		t.Fatalf("temporary files left behind: %v", tmp)
	}
}

func TestLocal_Refusals(t *testing.T) {
	l, dir := newLocal(t, 64)
	ctx := context.Background()
	big := append(append([]byte{}, pdf...), bytes.Repeat([]byte("x"), 64)...)
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "文件是空的"},
		{"over the limit", big, "文件超过64 字节的大小上限"},
		{"not allowed", []byte("#!/bin/sh\nrm -rf /\n"), "不支持该文件类型"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := l.Put(ctx, bytes.NewReader(tc.data), "a.pdf", TypePDF)
			if !errs.Is(err, errs.Invalid) || !strings.Contains(errs.Message(err), tc.want) {
				t.Fatalf("err = %v, want Invalid %q", err, tc.want)
			}
		})
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("refused uploads left files: %v", entries)
	}
	if tmp, _ := os.ReadDir(filepath.Join(dir, "tmp")); len(tmp) != 0 {
		t.Fatalf("refused uploads left temporary files: %v", tmp)
	}
}

func TestLocal_NotFound(t *testing.T) {
	l, dir := newLocal(t, 0)
	ctx := context.Background()
	for _, h := range []string{"", "../../etc/passwd", strings.Repeat("A", 64), strings.Repeat("0", 64)} {
		if _, _, err := l.Open(ctx, h); !errs.Is(err, errs.NotFound) {
			t.Errorf("Open(%q) = %v, want NotFound", h, err)
		}
	}
	ref, err := l.Put(ctx, bytes.NewReader(pdf), "a.pdf", "")
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, ref.Hash[:2], ref.Hash[2:]))
	if _, _, err := l.Open(ctx, ref.Hash); errs.KindOf(err) != errs.Internal {
		t.Fatalf("metadata without content = %v, want Internal", err)
	}
}

func TestLocal_ConcurrentPutsOfTheSameContent(t *testing.T) {
	l, _ := newLocal(t, 0)
	var wg sync.WaitGroup
	errc := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			_, err := l.Put(context.Background(), bytes.NewReader(pdf), "a.pdf", "")
			errc <- err
		})
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestSizeText(t *testing.T) {
	for n, want := range map[int64]string{DefaultMaxSize: "50 MB", 512 << 10: "512 KB", 64: "64 字节"} {
		if got := sizeText(n); got != want {
			t.Errorf("sizeText(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestCleanName(t *testing.T) {
	long := strings.Repeat("长", 120) + ".pdf"
	tests := []struct{ in, ct, want string }{
		{"a/b/c.pdf", TypePDF, "c.pdf"},
		{`C:\x\y.docx`, TypeDOCX, "y.docx"},
		{" 申请表\x00\n.pdf ", TypePDF, "申请表.pdf"},
		{"", TypePNG, "未命名文件.png"},
		{"..", TypePDF, "未命名文件.pdf"},
		{long, TypePDF, strings.Repeat("长", 96) + ".pdf"},
	}
	for _, tc := range tests {
		if got := CleanName(tc.in, tc.ct); got != tc.want {
			t.Errorf("CleanName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
