package loadgen

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// loopbackBase checks that target is an http(s) URL on a loopback host
// (127.0.0.0/8, ::1 or localhost) and returns its scheme and host only.
// Anything else is refused: a load generator must never be pointed at a
// server someone else depends on.
func loopbackBase(target string) (string, error) {
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("目标地址应为 http://127.0.0.1:端口 形式的网址 (invalid target %q)", target)
	}
	if u.User != nil {
		return "", fmt.Errorf("目标地址不能包含用户名或密码 (target %q)", target)
	}
	if !isLoopbackHost(u.Hostname()) {
		return "", fmt.Errorf("拒绝对非本机地址施压：loadgen 只连接回环地址 127.0.0.0/8、::1 或 localhost (refused non-loopback target %q)", u.Host)
	}
	return u.Scheme + "://" + u.Host, nil
}

// isLoopbackHost accepts a literal loopback IP or the name localhost; other
// names are refused rather than resolved, so that the check cannot depend
// on what a resolver answers today.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// newTransport returns the shared transport of all virtual users: one
// connection per user kept alive, and a dialer that refuses, at connect
// time, any address that is not loopback (whatever "localhost" resolves
// to, and whatever a redirect might name).
func newTransport(users int) *http.Transport {
	d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second,
		Control: func(network, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
				return fmt.Errorf("loadgen: refused connection to non-loopback address %s", address)
			}
			return nil
		}}
	return &http.Transport{
		DialContext:         d.DialContext,
		MaxIdleConns:        users + 16,
		MaxIdleConnsPerHost: users + 16,
		IdleConnTimeout:     90 * time.Second,
		ForceAttemptHTTP2:   false,
		DisableCompression:  false,
	}
}
