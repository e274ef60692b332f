package config

import (
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// The PostgreSQL timeouts (package sqldb, pgtimeouts.go, says what each
// bounds). Parse folds them into DatabaseURL as the libpq parameters
// connect_timeout (whole seconds) and statement_timeout (milliseconds),
// which is how the database layer receives them; a parameter the URL
// already has wins. SQLite has neither: it waits for its lock for 10 s.

func setDBConnectTimeout(c *Config, v string) error {
	d, err := time.ParseDuration(v)
	if err != nil || d < time.Second || d > 5*time.Minute || d%time.Second != 0 {
		return fmt.Errorf("应为 1s 至 5m 之间的整秒时长，如 10s (got %q)", v)
	}
	c.DBConnectTimeout = d
	return nil
}

func setDBStatementTimeout(c *Config, v string) error {
	d, err := time.ParseDuration(v)
	if v == "0" {
		d, err = 0, nil
	}
	if err != nil || d < 0 || (d > 0 && d < 100*time.Millisecond) || d > 24*time.Hour || d%time.Millisecond != 0 {
		return fmt.Errorf("应为 0（不限）或 100ms 至 24h 之间的时长，如 30s (got %q)", v)
	}
	c.DBStatementTimeout = d
	return nil
}

// withDBTimeouts returns the PostgreSQL URL raw with c's timeouts added
// as parameters it does not set itself; "" stays "" (SQLite).
func (c Config) withDBTimeouts(raw string) string {
	if raw == "" {
		return raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return raw // setDatabaseURL has refused it already
	}
	q := u.Query()
	if !q.Has("connect_timeout") {
		q.Set("connect_timeout", strconv.FormatInt(int64(c.DBConnectTimeout/time.Second), 10))
	}
	if !q.Has("statement_timeout") {
		q.Set("statement_timeout", strconv.FormatInt(c.DBStatementTimeout.Milliseconds(), 10))
	}
	u.RawQuery = q.Encode()
	return u.String()
}
