package loadgen

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"time"
)

// browser is one virtual user's browser: its own cookie jar (session and
// CSRF nonce), no automatic redirects (a 303 after a form is followed by
// hand, as its own request), and a pause before each page it opens.
type browser struct {
	base    string
	hc      *http.Client
	rng     *rand.Rand
	think   time.Duration
	timeout time.Duration
	rec     *recorder
	bud     *budget
}

// page is a response as the user sees it.
type page struct {
	status int
	body   string
	loc    string // Location of a redirect, as a path
	ok     bool   // the status the request expects
}

func newBrowser(cfg Config, tr http.RoundTripper, rng *rand.Rand) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{base: cfg.Target, rng: rng, think: cfg.Think, timeout: cfg.Timeout,
		hc: &http.Client{Transport: tr, Jar: jar,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// get opens a page after the user's pause; want 200.
func (b *browser) get(kind, path string) (page, error) {
	if err := b.pause(); err != nil {
		return page{}, err
	}
	return b.fetch(kind, read, path)
}

// fetch is get without the pause: a redirect the browser follows at once.
func (b *browser) fetch(kind string, class Class, path string) (page, error) {
	req, err := http.NewRequest(http.MethodGet, b.base+path, nil)
	if err != nil {
		return page{}, err
	}
	return b.do(kind, class, req, http.StatusOK)
}

// post submits a form with the CSRF token taken from the page it is on;
// want 303 (the server redirects after every successful form).
func (b *browser) post(kind, path string, form url.Values) (page, error) {
	if err := b.pause(); err != nil {
		return page{}, err
	}
	return b.postNow(kind, path, form)
}

// postNow is post without the pause (the sign-in of the ramp-up).
func (b *browser) postNow(kind, path string, form url.Values) (page, error) {
	req, err := http.NewRequest(http.MethodPost, b.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		return page{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(kind, write, req, http.StatusSeeOther)
}

// upload is one file field of a multipart form.
type upload struct {
	field, name string
	data        []byte
}

// postMultipart submits a form with files (enctype multipart/form-data).
func (b *browser) postMultipart(kind, path string, form url.Values, files []upload) (page, error) {
	if err := b.pause(); err != nil {
		return page{}, err
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		fw, err := mw.CreateFormFile(f.field, f.name)
		if err != nil {
			return page{}, err
		}
		_, _ = fw.Write(f.data)
	}
	_ = mw.Close()
	req, err := http.NewRequest(http.MethodPost, b.base+path, &buf)
	if err != nil {
		return page{}, err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(kind, write, req, http.StatusSeeOther)
}

// follow opens the page a successful form redirected to, as a browser does.
func (b *browser) follow(kind string, p page) (page, error) {
	if !p.ok || !strings.HasPrefix(p.loc, "/") {
		return p, nil
	}
	return b.fetch(kind, read, p.loc)
}

// do sends one request within the budget and records it. The request runs
// under the run's context (an interrupt stops it) and the per-request
// timeout, not under the phase deadline: a request started in the phase is
// completed and counted.
func (b *browser) do(kind string, class Class, req *http.Request, want int) (page, error) {
	if !b.bud.take() {
		return page{}, errStop
	}
	ctx, cancel := context.WithTimeout(b.bud.parent, b.timeout)
	defer cancel()
	start := time.Now()
	res, err := b.hc.Do(req.WithContext(ctx))
	var body []byte
	if err == nil {
		body, err = io.ReadAll(res.Body)
		res.Body.Close()
	}
	dur := time.Since(start)
	if err != nil {
		if b.bud.parent.Err() != nil {
			return page{}, errStop // interrupted: not counted
		}
		b.rec.add(kind, class, dur, 0, req.Method+" "+req.URL.Path+": "+shortErr(err))
		return page{}, nil
	}
	p := page{status: res.StatusCode, body: string(body), ok: res.StatusCode == want}
	if loc := res.Header.Get("Location"); loc != "" {
		p.loc = strings.TrimPrefix(loc, b.base)
	}
	note := ""
	if !p.ok {
		note = req.Method + " " + req.URL.RequestURI() + ": " + titleOf(p.body)
	}
	b.rec.add(kind, class, dur, res.StatusCode, note)
	return p, nil
}

// pause waits the user's think time (uniform 0.5–1.5× the mean); it ends
// early, with errStop, when the phase is over.
func (b *browser) pause() error {
	if b.think <= 0 {
		if !b.bud.live() {
			return errStop
		}
		return nil
	}
	d := time.Duration(float64(b.think) * (0.5 + b.rng.Float64()))
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-b.bud.ctx.Done():
		return errStop
	}
}

func shortErr(err error) string {
	s := err.Error()
	if len(s) > 160 {
		s = s[:160]
	}
	return s
}
