package errs

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"syscall"
	"testing"
)

func TestKindOf(t *testing.T) {
	reset := &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}
	full := &fs.PathError{Op: "write", Path: "/data/blobs/x", Err: syscall.ENOSPC}
	tests := []struct {
		name string
		err  error
		want Kind
	}{
		{"unclassified", errors.New("boom"), Internal},
		{"classified", E(Conflict, "冲突"), Conflict},
		{"wrapped classified", fmt.Errorf("save: %w", E(NotFound, "")), NotFound},
		{"connection reset", reset, Unavailable},
		{"connection reset wrapped as internal", Wrap(Internal, "", fmt.Errorf("begin: %w", reset)), Unavailable},
		{"refused", fmt.Errorf("dial: %w", syscall.ECONNREFUSED), Unavailable},
		{"unexpected EOF", Wrap(Internal, "", io.ErrUnexpectedEOF), Unavailable},
		{"bad connection", driver.ErrBadConn, Unavailable},
		{"disk full", full, Unavailable},
		{"a classified kind wins over its cause", Wrap(Invalid, "请求体不完整", io.ErrUnexpectedEOF), Invalid},
		{"plain EOF is no outage", Wrap(Internal, "", io.EOF), Internal},
		{"cancelled is no outage", context.Canceled, Internal},
		{"missing file is no outage", &fs.PathError{Op: "open", Path: "x", Err: syscall.ENOENT}, Internal},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := KindOf(tc.err); got != tc.want {
				t.Fatalf("KindOf(%v) = %s, want %s", tc.err, got.Code(), tc.want.Code())
			}
		})
	}
}

// TestMessage_Outage: an outage wrapped as Internal shows the Unavailable
// message, never the cause.
func TestMessage_Outage(t *testing.T) {
	err := Wrap(Internal, "", fmt.Errorf("commit: %w", io.ErrUnexpectedEOF))
	if got := Message(err); got != Unavailable.DefaultMessage() {
		t.Fatalf("Message = %q", got)
	}
	if got := Message(Wrap(Internal, "内部细节", errors.New("x"))); got != Internal.DefaultMessage() {
		t.Fatalf("Message of an internal error = %q, want the generic one", got)
	}
}
