package sqldb

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// PostgreSQL timeouts. A database host that stops answering (its packets
// dropped, not refused) must not hold a request forever; each of these
// bounds one way of waiting for it:
//
//   - connect: opening a connection (DNS, TCP, TLS, start-up and
//     authentication). The URL's connect_timeout (whole seconds) sets it,
//     DefaultConnectTimeout when absent; 0 means none.
//   - statement: the server cancels a statement that runs longer
//     (PostgreSQL's statement_timeout, SQLSTATE 57014, which Translate
//     makes Unavailable). The URL's statement_timeout parameter sets it (a
//     PostgreSQL duration: "30s", or milliseconds), DefaultStatementTimeout
//     when absent; 0 means none. A job with longer statements sets
//     SET LOCAL statement_timeout = 0 in its transaction.
//   - a dead host mid-statement: TCP keep-alive probes while a reply is
//     awaited and, on Linux, TCP_USER_TIMEOUT while sent data goes
//     unacknowledged, break the connection after deadPeerTimeout.
//
// A server that keeps the connection but never replies (hung, not gone)
// is bounded only by the caller's context deadline.
const (
	DefaultConnectTimeout   = 10 * time.Second
	DefaultStatementTimeout = 30 * time.Second
	deadPeerTimeout         = 30 * time.Second
)

// pgConfig parses databaseURL into pgx's configuration with the timeouts
// above.
//
// The connect timeout is enforced on the socket rather than through pgx's
// ConnectTimeout context: a context deadline comes back as
// context.DeadlineExceeded, which says nothing of an outage, while an
// expired socket deadline is a *net.OpError, which errs classifies as
// Unavailable (503 with the usual Chinese message) wherever it surfaces.
func pgConfig(databaseURL string) (*pgx.ConnConfig, error) {
	cfg, err := pgx.ParseConfig(databaseURL)
	if err != nil {
		return nil, err
	}
	connect := cfg.ConnectTimeout // from the URL or PGCONNECT_TIMEOUT
	if connect == 0 && !hasParam(databaseURL, "connect_timeout") {
		connect = DefaultConnectTimeout
	}
	cfg.ConnectTimeout = 0
	if _, set := cfg.RuntimeParams["statement_timeout"]; !set {
		cfg.RuntimeParams["statement_timeout"] = strconv.FormatInt(DefaultStatementTimeout.Milliseconds(), 10)
	}
	cfg.DialFunc = dialFunc(connect)
	cfg.AfterConnect = func(ctx context.Context, c *pgconn.PgConn) error {
		// connected: lift the connect deadline dialFunc set
		if err := c.Conn().SetDeadline(time.Time{}); err != nil {
			return fmt.Errorf("clear connect deadline: %w", err)
		}
		return nil
	}
	return cfg, nil
}

// dialFunc dials with keep-alive probes and the dead-peer timeout, and
// gives the new connection a deadline connect from now (none when connect
// is 0) that pgConfig's AfterConnect lifts once start-up is done.
func dialFunc(connect time.Duration) pgconn.DialFunc {
	d := &net.Dialer{
		Timeout: connect,
		KeepAliveConfig: net.KeepAliveConfig{Enable: true, Idle: deadPeerTimeout / 2,
			Interval: deadPeerTimeout / 6, Count: 3},
		Control: setUserTimeout(deadPeerTimeout),
	}
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		start := time.Now()
		c, err := d.DialContext(ctx, network, addr)
		if err != nil || connect == 0 {
			return c, err
		}
		if err := c.SetDeadline(start.Add(connect)); err != nil {
			c.Close()
			return nil, err
		}
		return c, nil
	}
}

// hasParam reports whether the URL's query names param (with 0 for
// none, which pgx cannot tell from absent).
func hasParam(databaseURL, param string) bool {
	u, err := url.Parse(databaseURL)
	return err == nil && u.Query().Has(param)
}
