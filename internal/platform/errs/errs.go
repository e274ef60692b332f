// Package errs is gongai's one error taxonomy. Every service returns errors
// whose Kind decides the HTTP status, the JSON code and the Chinese message a
// person sees; internal details stay in the log. The mapping to HTTP lives in
// package web and nowhere else.
package errs

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
)

// Kind classifies an error for callers. The zero value is Internal.
type Kind int

// The kinds, ordered roughly by how often a person can cause them.
const (
	Internal        Kind = iota // a bug or an outage: logged, never echoed
	Invalid                     // bad input; Fields says which
	NotFound                    // no such object (or not visible to the caller)
	Conflict                    // unique key taken, stale version, illegal transition
	Unauthenticated             // no valid session or API key
	Forbidden                   // authenticated but not allowed
	Locked                      // account locked by the login policy
	TooMany                     // rate limited
	Unavailable                 // dependency down (e.g. database not reachable)
)

var kindCodes = map[Kind]string{
	Internal:        "internal",
	Invalid:         "invalid",
	NotFound:        "not_found",
	Conflict:        "conflict",
	Unauthenticated: "unauthenticated",
	Forbidden:       "forbidden",
	Locked:          "locked",
	TooMany:         "too_many_requests",
	Unavailable:     "unavailable",
}

var kindMessages = map[Kind]string{
	Internal:        "系统内部错误，请稍后重试；如问题持续，请联系运维人员。",
	Invalid:         "提交的内容有误，请检查后重试。",
	NotFound:        "您要查找的内容不存在或已被删除。",
	Conflict:        "操作与当前数据状态冲突，请刷新后重试。",
	Unauthenticated: "请先登录。",
	Forbidden:       "您没有权限执行此操作。",
	Locked:          "账户已被锁定，请稍后再试。",
	TooMany:         "请求过于频繁，请稍后再试。",
	Unavailable:     "服务暂不可用，请稍后重试。",
}

// Code is the stable machine-readable name of the kind, used as the JSON "code".
func (k Kind) Code() string { return kindCodes[k] }

// DefaultMessage is the Chinese message shown when an error carries none.
func (k Kind) DefaultMessage() string { return kindMessages[k] }

// Error is a classified error. Message is safe to show to the person who
// caused it (Chinese); Err is the cause and is only logged.
type Error struct {
	Kind    Kind
	Message string
	// Fields maps a form field (or JSON property) to its Chinese message.
	Fields map[string]string
	Err    error
}

func (e *Error) Error() string {
	msg := e.Message
	if msg == "" {
		msg = e.Kind.Code()
	}
	if e.Err != nil {
		return msg + ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// E builds a classified error with a Chinese message.
func E(k Kind, msg string) *Error { return &Error{Kind: k, Message: msg} }

// Ef builds a classified error with a formatted Chinese message.
func Ef(k Kind, format string, args ...any) *Error {
	return &Error{Kind: k, Message: fmt.Sprintf(format, args...)}
}

// Wrap classifies cause; msg may be empty to use the kind's default.
func Wrap(k Kind, msg string, cause error) *Error {
	return &Error{Kind: k, Message: msg, Err: cause}
}

// Fields returns an Invalid error carrying per-field messages.
func FieldErrors(fields map[string]string) *Error {
	return &Error{Kind: Invalid, Message: kindMessages[Invalid], Fields: fields}
}

// KindOf reports the kind of err; unclassified errors are Internal, except
// an outage (see Outage), which is Unavailable even when it was wrapped as
// Internal: the request was not at fault and may succeed when retried.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) && e.Kind != Internal {
		return e.Kind
	}
	if err != nil && Outage(err) {
		return Unavailable
	}
	return Internal
}

// Outage reports whether err says that a resource the service depends on
// could not be reached or written at all, rather than that a request or
// the code was wrong: a network error (refused, reset or timed-out
// connection, the database host gone), a connection closed mid-reply
// (unexpected EOF), a connection the database driver gave up on, or a full
// disk. Only the standard library's errors are known here; a driver's own
// (PostgreSQL's "terminating connection", SQLite's SQLITE_FULL) must be
// translated to Unavailable where drivers are known (sqldb.Translate).
func Outage(err error) bool {
	// a failed network operation; not net.Error, which every syscall.Errno
	// satisfies (a missing file is no outage)
	var op *net.OpError
	if errors.As(err, &op) {
		return true
	}
	for _, target := range outageErrors {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}

var outageErrors = []error{syscall.ECONNREFUSED, syscall.ECONNRESET, syscall.ECONNABORTED, syscall.EPIPE,
	syscall.ETIMEDOUT, syscall.EHOSTUNREACH, syscall.ENETUNREACH, syscall.ENOSPC, syscall.EDQUOT,
	io.ErrUnexpectedEOF, driver.ErrBadConn}

// Is reports whether err is classified as k.
func Is(err error, k Kind) bool { return err != nil && KindOf(err) == k }

// Message returns the Chinese message safe to show for err. Internal errors
// always get the generic message so that no detail leaks.
func Message(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Kind != Internal && e.Message != "" {
		return e.Message
	}
	return KindOf(err).DefaultMessage()
}

// FieldsOf returns the per-field messages of an Invalid error, or nil.
func FieldsOf(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}
