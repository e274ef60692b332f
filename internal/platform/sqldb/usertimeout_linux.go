package sqldb

import (
	"syscall"
	"time"
)

// tcpUserTimeout is TCP_USER_TIMEOUT of <linux/tcp.h>, which package
// syscall does not name.
const tcpUserTimeout = 18

// setUserTimeout returns a dialer Control that sets TCP_USER_TIMEOUT: the
// kernel gives up on a connection whose sent data stays unacknowledged
// for d (a query sent to a host that went dark), instead of retrying for
// some fifteen minutes.
func setUserTimeout(d time.Duration) func(network, address string, c syscall.RawConn) error {
	return func(network, address string, c syscall.RawConn) error {
		var sockErr error
		err := c.Control(func(fd uintptr) {
			sockErr = syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, tcpUserTimeout, int(d.Milliseconds()))
		})
		if err != nil {
			return err
		}
		return sockErr
	}
}
