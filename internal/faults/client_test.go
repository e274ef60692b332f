package faults

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// demoPassword is every demo account's password (README).
const demoPassword = "Dazhou@2026"

// browser is one signed-in person: a cookie jar (session and CSRF nonce)
// and the CSRF token the server's pages carry, which it sends with every
// form (csrf_token) and every JSON request (X-CSRF-Token), as the pages'
// scripts do. It never follows redirects: a 303 is an answer.
type browser struct {
	base string
	user string
	hc   *http.Client
	csrf string
}

var csrfRe = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// errTransport marks a request that got no HTTP answer at all (connection
// refused or reset, timeout): the server acknowledged nothing.
type errTransport struct{ err error }

func (e errTransport) Error() string { return "transport: " + e.err.Error() }

func newBrowser(base string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{base: base, hc: &http.Client{Jar: jar, Timeout: 60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// login signs user in through the login form.
func login(ctx context.Context, base, user string) (*browser, error) {
	b := newBrowser(base)
	b.user = user
	if err := b.refreshToken(ctx, "/login"); err != nil {
		return nil, err
	}
	form := url.Values{"username": {user}, "password": {demoPassword}, "next": {""}}
	status, loc, _, err := b.postForm(ctx, "/login", form)
	if err != nil {
		return nil, err
	}
	if status != http.StatusSeeOther || strings.HasPrefix(loc, "/login") {
		return nil, fmt.Errorf("login %s: status %d, location %q", user, status, loc)
	}
	return b, nil
}

// refreshToken reads the CSRF token from a page's form.
func (b *browser) refreshToken(ctx context.Context, path string) error {
	status, body, err := b.get(ctx, path)
	if err != nil {
		return err
	}
	m := csrfRe.FindStringSubmatch(body)
	if m == nil {
		return fmt.Errorf("GET %s: status %d, no CSRF token in the page", path, status)
	}
	b.csrf = m[1]
	return nil
}

func (b *browser) do(req *http.Request) (*http.Response, []byte, error) {
	resp, err := b.hc.Do(req)
	if err != nil {
		return nil, nil, errTransport{err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp, nil, errTransport{err}
	}
	return resp, body, nil
}

// get fetches a page or JSON document.
func (b *browser) get(ctx context.Context, path string) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.base+path, nil)
	if err != nil {
		return 0, "", err
	}
	resp, body, err := b.do(req)
	if err != nil {
		return 0, "", err
	}
	return resp.StatusCode, string(body), nil
}

// postForm submits an HTML form with the CSRF token and returns the status,
// the redirect location and the body.
func (b *browser) postForm(ctx context.Context, path string, form url.Values) (int, string, string, error) {
	form.Set("csrf_token", b.csrf)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		return 0, "", "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, body, err := b.do(req)
	if err != nil {
		return 0, "", "", err
	}
	return resp.StatusCode, resp.Header.Get("Location"), string(body), nil
}

// api sends a JSON request (in may be nil) and decodes a 2xx answer into
// out; the status and raw body come back either way.
func (b *browser) api(ctx context.Context, method, path string, in, out any, hdr ...string) (int, []byte, error) {
	var body io.Reader
	if in != nil {
		raw, err := json.Marshal(in)
		if err != nil {
			return 0, nil, err
		}
		body = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, b.base+path, body)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", b.csrf)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, raw, err := b.do(req)
	if err != nil {
		return 0, nil, err
	}
	if resp.StatusCode/100 == 2 && out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			return resp.StatusCode, raw, fmt.Errorf("%s %s: decode: %v", method, path, err)
		}
	}
	return resp.StatusCode, raw, nil
}

// upload sends a file to POST /api/v1/files and returns its hash.
func (b *browser) upload(ctx context.Context, name string, data []byte) (int, string, error) {
	st, hash, _, err := b.uploadRaw(ctx, name, data)
	return st, hash, err
}

// uploadRaw is upload that also returns the answer's body.
func (b *browser) uploadRaw(ctx context.Context, name string, data []byte) (int, string, []byte, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		return 0, "", nil, err
	}
	_, _ = fw.Write(data)
	_ = mw.Close()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.base+"/api/v1/files", &buf)
	if err != nil {
		return 0, "", nil, err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("X-CSRF-Token", b.csrf)
	resp, raw, err := b.do(req)
	if err != nil {
		return 0, "", nil, err
	}
	var ref struct {
		Hash string `json:"hash"`
	}
	if resp.StatusCode == http.StatusCreated {
		if err := json.Unmarshal(raw, &ref); err != nil {
			return resp.StatusCode, "", raw, err
		}
	}
	return resp.StatusCode, ref.Hash, raw, nil
}

// samplePDF is a minimal well-formed PDF: uploads are checked by content.
func samplePDF(tag string) []byte {
	return []byte("%PDF-1.4\n% " + tag + "\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n" +
		"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
		"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n" +
		"trailer<</Root 1 0 R>>\n%%EOF\n")
}
