//go:build !linux

package sqldb

import (
	"syscall"
	"time"
)

// setUserTimeout is a no-op off Linux, which has no TCP_USER_TIMEOUT;
// keep-alive probes still find a host gone while a reply is awaited.
func setUserTimeout(time.Duration) func(network, address string, c syscall.RawConn) error {
	return nil
}
