package config

import (
	"errors"
	"flag"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		check   func(Config) bool
		wantErr string
	}{
		{"defaults", nil, nil, func(c Config) bool {
			return c.Addr == "127.0.0.1:8080" && c.DataDir == "./data" && c.DatabaseURL == "" &&
				c.LogLevel == slog.LevelInfo && c.Demo && c.SessionIdle == 30*time.Minute && c.WarnShare == 0.8
		}, ""},
		{"env", nil, map[string]string{"GONGAI_ADDR": ":9000", "GONGAI_DATABASE_URL": "postgres://u:p@h:5432/db",
			"GONGAI_LOG_LEVEL": "debug", "GONGAI_NATS_URL": "nats://127.0.0.1:4222"}, func(c Config) bool {
			return c.Addr == ":9000" && c.DatabaseURL == "postgres://u:p@h:5432/db?connect_timeout=10&statement_timeout=30000" &&
				c.LogLevel == slog.LevelDebug && c.NATSURL == "nats://127.0.0.1:4222"
		}, ""},
		{"flag beats env", []string{"-addr", "0.0.0.0:1"}, map[string]string{"GONGAI_ADDR": ":9000"},
			func(c Config) bool { return c.Addr == "0.0.0.0:1" }, ""},
		{"bad addr", []string{"-addr", "8080"}, nil, nil, "GONGAI_ADDR"},
		{"bad port", []string{"-addr", "h:99999"}, nil, nil, "端口"},
		{"bad db", nil, map[string]string{"GONGAI_DATABASE_URL": "mysql://x"}, nil, "GONGAI_DATABASE_URL"},
		{"bad level", []string{"-log-level", "loud"}, nil, nil, "GONGAI_LOG_LEVEL"},
		{"exchange url without secret", []string{"-exchange-url", "https://spgl.example.cn/records"}, nil, nil, "GONGAI_EXCHANGE_SECRET"},
		{"bad exchange url", []string{"-exchange-url", "ftp://x"}, nil, nil, "GONGAI_EXCHANGE_URL"},
		{"bad complaint due", []string{"-complaint-due", "week"}, nil, nil, "GONGAI_COMPLAINT_DUE"},
		{"bad base url", []string{"-base-url", "gongai.example.cn"}, nil, nil, "GONGAI_BASE_URL"},
		{"bad nats", []string{"-nats-url", "http://x"}, nil, nil, "GONGAI_NATS_URL"},
		{"idle too long", []string{"-session-idle", "2h"}, nil, nil, "30m"},
		{"bad bool", []string{"-demo", "maybe"}, nil, nil, "GONGAI_DEMO"},
		{"warn share", []string{"-warn-share", "0.75"}, nil, func(c Config) bool { return c.WarnShare == 0.75 }, ""},
		{"bad warn share", nil, map[string]string{"GONGAI_WARN_SHARE": "1.5"}, nil, "GONGAI_WARN_SHARE"},
		{"stray arg", []string{"extra"}, nil, nil, "unexpected"},
		{"db timeouts", []string{"-db-connect-timeout", "3s", "-db-statement-timeout", "0"},
			map[string]string{"GONGAI_DATABASE_URL": "postgres://h/db?sslmode=disable"}, func(c Config) bool {
				return c.DBConnectTimeout == 3*time.Second && c.DBStatementTimeout == 0 &&
					c.DatabaseURL == "postgres://h/db?connect_timeout=3&sslmode=disable&statement_timeout=0"
			}, ""},
		{"db timeouts in the url win", []string{"-db-statement-timeout", "2m"},
			map[string]string{"GONGAI_DATABASE_URL": "postgres://h/db?statement_timeout=5000&connect_timeout=1"}, func(c Config) bool {
				return c.DBStatementTimeout == 2*time.Minute &&
					c.DatabaseURL == "postgres://h/db?connect_timeout=1&statement_timeout=5000"
			}, ""},
		{"no db timeouts on sqlite", []string{"-db-statement-timeout", "1s"}, nil,
			func(c Config) bool { return c.DatabaseURL == "" && c.DBStatementTimeout == time.Second }, ""},
		{"connect timeout not whole seconds", []string{"-db-connect-timeout", "1500ms"}, nil, nil, "GONGAI_DB_CONNECT_TIMEOUT"},
		{"connect timeout zero", nil, map[string]string{"GONGAI_DB_CONNECT_TIMEOUT": "0s"}, nil, "GONGAI_DB_CONNECT_TIMEOUT"},
		{"bad statement timeout", []string{"-db-statement-timeout", "soon"}, nil, nil, "GONGAI_DB_STATEMENT_TIMEOUT"},
		{"request timeout", []string{"-request-timeout", "90s"}, nil,
			func(c Config) bool { return c.RequestTimeout == 90*time.Second }, ""},
		{"request timeout default", nil, nil, func(c Config) bool { return c.RequestTimeout == time.Minute }, ""},
		{"no request timeout", nil, map[string]string{"GONGAI_REQUEST_TIMEOUT": "0"},
			func(c Config) bool { return c.RequestTimeout == 0 }, ""},
		{"request timeout too short", []string{"-request-timeout", "10ms"}, nil, nil, "GONGAI_REQUEST_TIMEOUT"},
		{"request timeout negative", []string{"-request-timeout", "-1s"}, nil, nil, "GONGAI_REQUEST_TIMEOUT"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse("serve", tc.args, env(tc.env), io.Discard)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want mention of %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || !tc.check(c) {
				t.Fatalf("got %+v, %v", c, err)
			}
		})
	}
}

func TestParse_HelpListsEveryVariable(t *testing.T) {
	var b strings.Builder
	_, err := Parse("serve", []string{"-h"}, env(nil), &b)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("err = %v", err)
	}
	for _, o := range options {
		if !strings.Contains(b.String(), o.env) {
			t.Errorf("help lacks %s", o.env)
		}
	}
}

func TestPrint_MasksPassword(t *testing.T) {
	c, _ := Parse("serve", []string{"-database-url", "postgres://u:secret@h/db"}, env(nil), io.Discard)
	var b strings.Builder
	c.Print(&b)
	if strings.Contains(b.String(), "secret") {
		t.Fatal(b.String())
	}
}
