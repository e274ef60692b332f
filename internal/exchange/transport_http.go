package exchange

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// SignatureHeader carries "sha256=" + hex(HMAC-SHA256(secret, body)) on
// every request to and from the upper system's HTTP endpoint.
const SignatureHeader = "X-Gongai-Signature"

// Sign is the SignatureHeader value of body under secret.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// SignatureOK reports whether sig is body's signature under secret, in
// constant time.
func SignatureOK(secret string, body []byte, sig string) bool {
	return hmac.Equal([]byte(Sign(secret, body)), []byte(sig))
}

// HTTPConfig configures the HTTP transport.
type HTTPConfig struct {
	URL    string // the upper system's record endpoint (POST, one record per request)
	Secret string // shared HMAC key; required
	Client *http.Client
	// Tries is how many times one Send posts before giving up (default 3);
	// Wait is the pause after the first failure, doubled after each (default
	// 500 ms). The relay's own backoff takes over after that.
	Tries int
	Wait  time.Duration
}

// HTTPTransport posts each record as JSON, signed, and reads the receipt
// from the response (200 with a Receipt). Network errors, 429 and 5xx are
// retried; other statuses fail at once.
type HTTPTransport struct{ cfg HTTPConfig }

// NewHTTPTransport checks cfg and returns the transport.
func NewHTTPTransport(cfg HTTPConfig) (*HTTPTransport, error) {
	if cfg.URL == "" || cfg.Secret == "" {
		return nil, errors.New("exchange: the HTTP transport needs a URL and a shared secret")
	}
	if cfg.Client == nil {
		cfg.Client = &http.Client{Timeout: 30 * time.Second}
	}
	if cfg.Tries <= 0 {
		cfg.Tries = 3
	}
	if cfg.Wait <= 0 {
		cfg.Wait = 500 * time.Millisecond
	}
	return &HTTPTransport{cfg: cfg}, nil
}

// Name implements Transport.
func (t *HTTPTransport) Name() string { return "HTTP" }

// Send implements Transport: the receipt is StateAccepted or StateRejected.
func (t *HTTPTransport) Send(ctx context.Context, r Record) (Receipt, error) {
	body, err := encodeRecord(r)
	if err != nil {
		return Receipt{}, err
	}
	wait := t.cfg.Wait
	for try := 1; ; try++ {
		rc, retry, err := t.post(ctx, r.Key, body)
		if err == nil || !retry || try >= t.cfg.Tries {
			return rc, err
		}
		select {
		case <-ctx.Done():
			return Receipt{}, ctx.Err()
		case <-time.After(wait):
		}
		wait *= 2
	}
}

// post makes one request; retry says whether trying again may help.
func (t *HTTPTransport) post(ctx context.Context, key string, body []byte) (Receipt, bool, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.cfg.URL, bytes.NewReader(body))
	if err != nil {
		return Receipt{}, false, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(SignatureHeader, Sign(t.cfg.Secret, body))
	req.Header.Set("Idempotency-Key", key)
	resp, err := t.cfg.Client.Do(req)
	if err != nil {
		return Receipt{}, ctx.Err() == nil, fmt.Errorf("无法连接上级系统：%w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return Receipt{}, true, fmt.Errorf("读取回执失败：%w", err)
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return Receipt{}, true, fmt.Errorf("上级系统暂时不可用（HTTP %d）", resp.StatusCode)
	case resp.StatusCode != http.StatusOK:
		return Receipt{}, false, fmt.Errorf("上级系统拒绝请求（HTTP %d）：%s", resp.StatusCode, truncate(string(raw), 200))
	}
	if sig := resp.Header.Get(SignatureHeader); sig != "" && !SignatureOK(t.cfg.Secret, raw, sig) {
		return Receipt{}, false, errors.New("回执签名校验失败")
	}
	var rc Receipt
	if err := json.Unmarshal(raw, &rc); err != nil || rc.Key != key ||
		(rc.SJSCZT != StateAccepted && rc.SJSCZT != StateRejected) {
		return Receipt{}, false, fmt.Errorf("回执无法识别：%s", truncate(string(raw), 200))
	}
	return rc, false, nil
}
