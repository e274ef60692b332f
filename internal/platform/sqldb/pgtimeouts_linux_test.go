package sqldb_test

import (
	"context"
	"net"
	"syscall"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/jackc/pgx/v5/stdlib"
)

// TestOpenPostgres_DeadPeerDetection: connections probe an idle peer
// (keep-alive) and, on Linux, give up on unacknowledged data
// (TCP_USER_TIMEOUT), so that a host gone mid-statement breaks the
// connection instead of holding it for a quarter of an hour.
func TestOpenPostgres_DeadPeerDetection(t *testing.T) {
	ctx := context.Background()
	db, err := sqldb.OpenPostgres(ctx, pgURL(t, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		tcp, ok := dc.(*stdlib.Conn).Conn().PgConn().Conn().(*net.TCPConn)
		if !ok {
			t.Skip("not a plain TCP connection (TLS or a Unix socket)")
		}
		raw, err := tcp.SyscallConn()
		if err != nil {
			return err
		}
		return raw.Control(func(fd uintptr) {
			if on, err := syscall.GetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_KEEPALIVE); err != nil || on != 1 {
				t.Errorf("SO_KEEPALIVE %d, %v", on, err)
			}
			const tcpUserTimeout = 18 // Linux
			if ms, err := syscall.GetsockoptInt(int(fd), syscall.IPPROTO_TCP, tcpUserTimeout); err != nil || ms != 30_000 {
				t.Errorf("TCP_USER_TIMEOUT %d ms, %v; want 30000", ms, err)
			}
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}
