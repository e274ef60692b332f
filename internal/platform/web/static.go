package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http"
	"strings"
)

// Static serves embedded assets with content-hash cache busting: templates
// link to /static/<name>?v=<hash>, which may be cached for a year.
type Static struct {
	fsys   fs.FS
	hashes map[string]string
}

// NewStatic hashes every file in fsys once.
func NewStatic(fsys fs.FS) (*Static, error) {
	s := &Static{fsys: fsys, hashes: map[string]string{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		s.hashes[p] = hex.EncodeToString(sum[:])[:12]
		return nil
	})
	return s, err
}

// URL returns the versioned URL of an asset; unknown names panic in
// templates at start-up tests rather than 404 in production.
func (s *Static) URL(name string) string {
	h, ok := s.hashes[name]
	if !ok {
		panic("web: unknown static asset " + name)
	}
	return "/static/" + name + "?v=" + h
}

// ServeHTTP serves /static/<name>.
func (s *Static) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/static/")
	h, ok := s.hashes[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.URL.Query().Get("v") == h {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	}
	http.ServeFileFS(w, r, s.fsys, name)
}
