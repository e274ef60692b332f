// Package blob keeps uploaded files by content: a file is named by the
// SHA-256 of its bytes, so the same file stored twice is kept once, a
// reference can never point at changed content, and anyone holding a hash
// can check the bytes they get. Each file's size, first name, type and
// SM3 digest (the national hash, for documents that must carry one) are
// kept beside it.
//
// Store is the interface capabilities use; Local keeps the bytes in a
// directory and the metadata in the blobs table. An S3-compatible store
// for several servers can implement the same interface later.
package blob

import (
	"context"
	"io"
	"regexp"
)

// Ref describes a stored file. Hash is the lowercase hex SHA-256 of the
// content and the file's identity; SM3 is the hex SM3 digest of the same
// bytes. Name is a display file name (never a path) and ContentType the
// type found by sniffing the content, not the one the uploader claimed.
type Ref struct {
	Hash        string `json:"hash"`
	SM3         string `json:"sm3"`
	Size        int64  `json:"size"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
}

// Store keeps files by content.
type Store interface {
	// Put reads r to the end (at most the store's size limit), stores the
	// content unless it is already stored, and returns its Ref with name
	// cleaned to a display file name. contentType is the uploader's claim;
	// it is ignored, because the accepted types are recognised from the
	// bytes themselves. Errors: errs.Invalid with a Chinese message for an
	// empty file, one over the limit or of a type that is not allowed.
	// Put writes outside any transaction of the caller: call it before
	// opening one, and keep the returned Ref in the caller's own rows.
	Put(ctx context.Context, r io.Reader, name, contentType string) (Ref, error)
	// Open returns the content of the file with the hash and its Ref, whose
	// Name is the name the content was first stored under. The caller
	// closes the reader. errs.NotFound when no such file is stored.
	Open(ctx context.Context, hash string) (io.ReadCloser, Ref, error)
	// Stat returns the Ref of the stored file with the hash, as Open does,
	// without opening it. errs.NotFound when no such file is stored.
	Stat(ctx context.Context, hash string) (Ref, error)
}

var hashPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

// ValidHash reports whether s has the form of a Ref hash: 64 lowercase
// hex digits.
func ValidHash(s string) bool { return hashPattern.MatchString(s) }

// DefaultMaxSize is the largest file Local accepts unless told otherwise:
// 50 MiB, enough for a scanned A3 drawing set, small enough to keep one
// upload from filling a county server's disk.
const DefaultMaxSize = 50 << 20
