package blob

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/emmansun/gmsm/sm3"
)

// Local is a Store in a directory of the server: the content of hash
// "abcdef…" lives in <root>/ab/cdef…, written to <root>/tmp first and
// renamed into place, so a reader never sees a partial file and a crash
// leaves at most a stray temporary file. The metadata is a row of the
// blobs table. It is safe for concurrent use, also by several processes
// sharing the directory and the database.
type Local struct {
	root    string
	db      *sqldb.DB
	now     func() time.Time
	maxSize int64
}

var _ Store = (*Local)(nil)

// NewLocal returns a store rooted at dir (usually <data dir>/blobs),
// creating it if needed, that records metadata in db and stamps it with
// now(). maxSize ≤ 0 means DefaultMaxSize.
func NewLocal(dir string, db *sqldb.DB, now func() time.Time, maxSize int64) (*Local, error) {
	if maxSize <= 0 {
		maxSize = DefaultMaxSize
	}
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o750); err != nil {
		return nil, fmt.Errorf("blob store %s: %w", dir, err)
	}
	return &Local{root: dir, db: db, now: now, maxSize: maxSize}, nil
}

// Put implements Store.
func (l *Local) Put(ctx context.Context, r io.Reader, name, _ string) (Ref, error) {
	tmp, err := os.CreateTemp(filepath.Join(l.root, "tmp"), "put-*")
	if err != nil {
		return Ref{}, fmt.Errorf("blob temp file: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed into place
	defer tmp.Close()
	ref, err := l.receive(ctx, tmp, r)
	if err != nil {
		return Ref{}, err
	}
	ref.Name = CleanName(name, ref.ContentType)
	if err := l.place(tmp, ref.Hash); err != nil {
		return Ref{}, err
	}
	// Through WithTx, not a bare Exec: on SQLite a write outside the
	// transaction slots polls for the file lock against writers queued in
	// order and, under load, lost for the whole busy timeout (503s seen by
	// the kill -9 load test).
	err = l.db.WithTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO blobs (hash, sm3, size, name, content_type, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (hash) DO NOTHING`,
			ref.Hash, ref.SM3, ref.Size, ref.Name, ref.ContentType, sqldb.T(l.now()))
		return sqldb.Translate(err)
	})
	return ref, err
}

// receive copies r into tmp while hashing it, then checks size and type.
func (l *Local) receive(ctx context.Context, tmp *os.File, r io.Reader) (Ref, error) {
	sha, sm := sha256.New(), sm3.New()
	out := &writeErr{w: tmp}
	n, err := io.Copy(io.MultiWriter(out, sha, sm), io.LimitReader(ctxReader{ctx, r}, l.maxSize+1))
	if out.err != nil {
		// Our side failed (a full disk, say): not the uploader's fault, so
		// not Invalid; errs classifies ENOSPC as Unavailable.
		return Ref{}, fmt.Errorf("blob write: %w", out.err)
	}
	if err != nil {
		return Ref{}, errs.Wrap(errs.Invalid, "文件上传中断，请重新上传。", err)
	}
	switch {
	case n == 0:
		return Ref{}, errs.E(errs.Invalid, "文件是空的，请重新选择文件。")
	case n > l.maxSize:
		return Ref{}, errs.Ef(errs.Invalid, "文件超过%s的大小上限，请压缩或拆分后上传。", sizeText(l.maxSize))
	}
	ct := sniff(tmp, n)
	if ct == "" {
		return Ref{}, errs.E(errs.Invalid, msgUnsupported)
	}
	if err := tmp.Sync(); err != nil {
		return Ref{}, fmt.Errorf("blob sync: %w", err)
	}
	return Ref{Hash: hex.EncodeToString(sha.Sum(nil)), SM3: hex.EncodeToString(sm.Sum(nil)), Size: n,
		ContentType: ct}, nil
}

// place renames tmp to the file of hash unless that file already exists
// (same hash, same bytes), then syncs the directory so the name survives
// a power cut.
func (l *Local) place(tmp *os.File, hash string) error {
	final := l.path(hash)
	if _, err := os.Stat(final); err == nil {
		return nil
	}
	if err := tmp.Close(); err != nil { // some systems cannot rename an open file
		return fmt.Errorf("blob close: %w", err)
	}
	dir := filepath.Dir(final)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("blob dir: %w", err)
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return fmt.Errorf("blob rename: %w", err)
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

func (l *Local) path(hash string) string { return filepath.Join(l.root, hash[:2], hash[2:]) }

// Stat implements Store.
func (l *Local) Stat(ctx context.Context, hash string) (Ref, error) {
	if !ValidHash(hash) {
		return Ref{}, errNotStored
	}
	var ref Ref
	err := l.db.QueryRowContext(ctx, `SELECT hash, sm3, size, name, content_type FROM blobs WHERE hash = $1`, hash).
		Scan(&ref.Hash, &ref.SM3, &ref.Size, &ref.Name, &ref.ContentType)
	if sqldb.NotFoundIf(err) {
		return Ref{}, errNotStored
	}
	return ref, sqldb.Translate(err)
}

// Open implements Store.
func (l *Local) Open(ctx context.Context, hash string) (io.ReadCloser, Ref, error) {
	ref, err := l.Stat(ctx, hash)
	if err != nil {
		return nil, Ref{}, err
	}
	f, err := os.Open(l.path(hash))
	if errors.Is(err, fs.ErrNotExist) {
		// The row exists but the bytes do not: the directory was not
		// restored with the database. That is an operations fault.
		return nil, Ref{}, errs.Wrap(errs.Internal, "", fmt.Errorf("blob %s: metadata without content: %w", hash, err))
	}
	if err != nil {
		return nil, Ref{}, fmt.Errorf("blob open: %w", err)
	}
	return f, ref, nil
}

// sizeText writes a size limit for people: 50 MB, 512 KB, 64 字节.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d 字节", n)
}

var errNotStored = errs.E(errs.NotFound, "文件不存在或已被删除。")

// ctxReader stops a long upload when the request is cancelled.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// maxNameLen bounds a display name, in characters.
const maxNameLen = 100

// CleanName turns an uploaded file name into a display name: the last
// path element (browsers on Windows may send C:\…\a.pdf), without control
// characters, at most 100 characters with the extension kept, and
// "未命名文件" plus the type's extension when nothing is left.
func CleanName(name, contentType string) string {
	name = name[strings.LastIndexAny(name, `/\`)+1:]
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "" || name == "." || name == ".." {
		return "未命名文件" + Extension(contentType)
	}
	if utf8.RuneCountInString(name) > maxNameLen {
		ext := filepath.Ext(name)
		if utf8.RuneCountInString(ext) > 10 {
			ext = ""
		}
		runes := []rune(strings.TrimSuffix(name, ext))
		name = string(runes[:maxNameLen-utf8.RuneCountInString(ext)]) + ext
	}
	return name
}

// writeErr remembers the error of its writer, so that a failed copy can
// be told apart: reading the upload (the client's side) or writing it.
type writeErr struct {
	w   io.Writer
	err error
}

func (w *writeErr) Write(p []byte) (int, error) {
	n, err := w.w.Write(p)
	if err != nil && w.err == nil {
		w.err = err
	}
	return n, err
}
