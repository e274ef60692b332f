// Package config builds gongai's one typed Config from command-line flags and
// GONGAI_* environment variables (flags win), validates it, and prints it
// with secrets masked.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is the whole configuration of a gongai process.
type Config struct {
	Addr          string
	DataDir       string
	DatabaseURL   string
	NATSURL       string
	LogLevel      slog.Level
	LogFormat     string
	SecureCookies bool
	Demo          bool
	SessionIdle   time.Duration
	WarnShare     float64
	// BaseURL is the public address printed in licence QR codes; empty
	// means http://<Addr>.
	BaseURL string
	// ExchangeURL and ExchangeSecret are the upper system's record endpoint
	// and the shared key that signs each request (data exchange over HTTP).
	ExchangeURL    string
	ExchangeSecret string
	// ComplaintDue is when a complaint's reply is due: "workdays5" (five
	// working days on the 5x8 clock) or "calendar7" (seven calendar days).
	ComplaintDue string
	// DBConnectTimeout bounds opening a PostgreSQL connection and
	// DBStatementTimeout one statement (0: none); both are folded into
	// DatabaseURL (see database.go).
	DBConnectTimeout   time.Duration
	DBStatementTimeout time.Duration
	// RequestTimeout bounds the handling of one HTTP request (0: none):
	// its context ends then, so its database work stops and it answers 503.
	RequestTimeout time.Duration
	// LicenceKeyFile holds the master key that seals the licence signing
	// keys; empty means <DataDir>/licence-master.key, created on first use.
	LicenceKeyFile string
}

// option describes one setting: its flag, its environment variable, its
// default and its Chinese/English help.
type option struct {
	flag, env, def, help string
	set                  func(c *Config, v string) error
}

var options = []option{
	{"addr", "GONGAI_ADDR", "127.0.0.1:8080", "监听地址 host:port (listen address)", setAddr},
	{"data-dir", "GONGAI_DATA_DIR", "./data", "数据目录：SQLite 文件等 (data directory)", setDataDir},
	{"database-url", "GONGAI_DATABASE_URL", "", "为空则用数据目录中的 SQLite；postgres://… 则用 PostgreSQL", setDatabaseURL},
	{"db-connect-timeout", "GONGAI_DB_CONNECT_TIMEOUT", "10s", "PostgreSQL 建立连接的时限（整秒；数据库主机无响应时请求在此后返回 503）", setDBConnectTimeout},
	{"db-statement-timeout", "GONGAI_DB_STATEMENT_TIMEOUT", "30s", "PostgreSQL 单条语句的时限，超时返回 503；0 为不限", setDBStatementTimeout},
	{"request-timeout", "GONGAI_REQUEST_TIMEOUT", "60s", "单个请求的处理时限（含导出），超时停止其数据库操作并返回 503；0 为不限", setRequestTimeout},
	{"nats-url", "GONGAI_NATS_URL", "", "NATS JetStream 地址 nats://…：向省、国家工改系统上报数据（SPGL 流）", setNATSURL},
	{"exchange-url", "GONGAI_EXCHANGE_URL", "", "上级系统的数据接收地址 https://…（HTTP 上报，与 NATS 可同时使用）", setExchangeURL},
	{"exchange-secret", "GONGAI_EXCHANGE_SECRET", "", "HTTP 上报的签名密钥（HMAC-SHA256，与上级系统约定）", setExchangeSecret},
	{"log-level", "GONGAI_LOG_LEVEL", "info", "日志级别 debug|info|warn|error", setLogLevel},
	{"log-format", "GONGAI_LOG_FORMAT", "text", "日志格式 text|json", setLogFormat},
	{"secure-cookies", "GONGAI_SECURE_COOKIES", "false", "仅通过 HTTPS 发送 Cookie（生产环境在 HTTPS 后部署时设为 true）", setSecureCookies},
	{"demo", "GONGAI_DEMO", "true", "首次启动时写入达州演示数据与演示账户", setDemo},
	{"session-idle", "GONGAI_SESSION_IDLE", "30m", "会话空闲超时（等保三级要求不超过 30m）", setSessionIdle},
	{"warn-share", "GONGAI_WARN_SHARE", "0.8", "办件已用时限达到此比例时黄色预警（0.5–0.95）", setWarnShare},
	{"complaint-due", "GONGAI_COMPLAINT_DUE", "workdays5", "投诉答复期限 workdays5（5 个工作日，按 5x8 计时）| calendar7（7 个自然日）", setComplaintDue},
	{"base-url", "GONGAI_BASE_URL", "", "对外访问地址 https://…，写入电子证照二维码；为空则用 http://监听地址", setBaseURL},
	{"licence-key-file", "GONGAI_LICENCE_KEY_FILE", "", "电子证照签名密钥的主密钥文件（32 字节，十六进制）；为空则用数据目录中的 licence-master.key，首次启动时生成", setLicenceKeyFile},
}

// Parse reads flags from args (without the program and subcommand names) and
// the environment through getenv. Errors name the offending setting in
// Chinese and English; -h returns flag.ErrHelp after printing the usage to out.
func Parse(name string, args []string, getenv func(string) string, out io.Writer) (Config, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	values := make([]*string, len(options))
	for i, o := range options {
		def := o.def
		if v := getenv(o.env); v != "" {
			def = v
		}
		values[i] = fs.String(o.flag, def, o.help)
	}
	fs.Usage = func() { Usage(out, name) }
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("多余的参数 (unexpected arguments): %s", strings.Join(fs.Args(), " "))
	}
	var c Config
	var errList []error
	for i, o := range options {
		if err := o.set(&c, strings.TrimSpace(*values[i])); err != nil {
			errList = append(errList, fmt.Errorf("-%s / %s: %w", o.flag, o.env, err))
		}
	}
	c.DatabaseURL = c.withDBTimeouts(c.DatabaseURL)
	if c.ExchangeURL != "" && c.ExchangeSecret == "" {
		errList = append(errList, errors.New("-exchange-secret / GONGAI_EXCHANGE_SECRET: 设置了上报地址时必须同时设置签名密钥"))
	}
	return c, errors.Join(errList...)
}

// Usage prints every option with its environment variable and default.
func Usage(out io.Writer, name string) {
	fmt.Fprintf(out, "用法 (usage): gongai %s [选项]\n\n", name)
	fmt.Fprintf(out, "%-18s %-24s %-16s %s\n", "选项", "环境变量", "默认值", "说明")
	for _, o := range options {
		fmt.Fprintf(out, "-%-17s %-24s %-16s %s\n", o.flag, o.env, o.def, o.help)
	}
}

// Print writes the effective configuration, masking database passwords.
func (c Config) Print(w io.Writer) {
	db := c.DatabaseURL
	if db == "" {
		db = "(SQLite in data dir)"
	} else {
		db = maskURL(db)
	}
	fmt.Fprintf(w, "addr=%s data_dir=%s database=%s nats=%s log=%s/%s secure_cookies=%t demo=%t session_idle=%s warn_share=%g\n",
		c.Addr, c.DataDir, db, maskURL(c.NATSURL), c.LogLevel, c.LogFormat, c.SecureCookies, c.Demo, c.SessionIdle, c.WarnShare)
}

func setAddr(c *Config, v string) error {
	host, port, err := net.SplitHostPort(v)
	if err != nil {
		return fmt.Errorf("监听地址应为 host:port，例如 127.0.0.1:8080 (got %q)", v)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("端口应为 0–65535 的数字 (got %q)", port)
	}
	c.Addr = net.JoinHostPort(host, port)
	return nil
}

func setDataDir(c *Config, v string) error {
	if v == "" {
		return errors.New("数据目录不能为空 (must not be empty)")
	}
	c.DataDir = v
	return nil
}

func setDatabaseURL(c *Config, v string) error {
	if v == "" {
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.Host == "" {
		return fmt.Errorf("应为空（使用 SQLite）或 postgres://用户@主机:端口/数据库 (got %q)", maskURL(v))
	}
	c.DatabaseURL = v
	return nil
}

func setNATSURL(c *Config, v string) error {
	if v == "" {
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "nats" && u.Scheme != "tls") || u.Host == "" {
		return fmt.Errorf("应为 nats://主机:端口 (got %q)", v)
	}
	c.NATSURL = v
	return nil
}

func setLogLevel(c *Config, v string) error {
	if err := c.LogLevel.UnmarshalText([]byte(v)); err != nil || v == "" {
		return fmt.Errorf("应为 debug、info、warn 或 error (got %q)", v)
	}
	return nil
}

func setLogFormat(c *Config, v string) error {
	if v != "text" && v != "json" {
		return fmt.Errorf("应为 text 或 json (got %q)", v)
	}
	c.LogFormat = v
	return nil
}

func setSecureCookies(c *Config, v string) (err error) {
	c.SecureCookies, err = parseBool(v)
	return err
}

func setDemo(c *Config, v string) (err error) {
	c.Demo, err = parseBool(v)
	return err
}

func setRequestTimeout(c *Config, v string) error {
	d, err := time.ParseDuration(v)
	if v == "0" {
		d, err = 0, nil
	}
	if err != nil || d < 0 || (d > 0 && d < time.Second) || d > time.Hour {
		return fmt.Errorf("应为 0（不限）或 1s 至 1h 之间的时长，如 60s (got %q)", v)
	}
	c.RequestTimeout = d
	return nil
}

func setSessionIdle(c *Config, v string) error {
	d, err := time.ParseDuration(v)
	if err != nil || d < time.Minute || d > 30*time.Minute {
		return fmt.Errorf("应为 1m 至 30m 之间的时长，如 30m (got %q)", v)
	}
	c.SessionIdle = d
	return nil
}

func setWarnShare(c *Config, v string) error {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0.5 || f > 0.95 {
		return fmt.Errorf("应为 0.5 至 0.95 之间的小数，如 0.8 (got %q)", v)
	}
	c.WarnShare = f
	return nil
}

func parseBool(v string) (bool, error) {
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("应为 true 或 false (got %q)", v)
	}
	return b, nil
}

func maskURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

func setBaseURL(c *Config, v string) error {
	if v == "" {
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
		return fmt.Errorf("应为 http(s)://主机[:端口]，不带路径 (got %q)", v)
	}
	c.BaseURL = strings.TrimSuffix(v, "/")
	return nil
}

func setLicenceKeyFile(c *Config, v string) error {
	c.LicenceKeyFile = v
	return nil
}

func setComplaintDue(c *Config, v string) error {
	if v != "workdays5" && v != "calendar7" {
		return fmt.Errorf("应为 workdays5 或 calendar7 (got %q)", v)
	}
	c.ComplaintDue = v
	return nil
}

func setExchangeURL(c *Config, v string) error {
	if v == "" {
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("应为 http(s)://… (got %q)", v)
	}
	c.ExchangeURL = v
	return nil
}

func setExchangeSecret(c *Config, v string) error {
	c.ExchangeSecret = v
	return nil
}
