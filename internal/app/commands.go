package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/dazhou-gongai/gongai/internal/config"
	"github.com/dazhou-gongai/gongai/internal/identity"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// serve runs the HTTP server until ctx is cancelled, then drains requests
// for up to 15 seconds.
func serve(ctx context.Context, env Env, cfg config.Config, log *slog.Logger) error {
	sys, err := New(ctx, cfg, log, Options{})
	if err != nil {
		return err
	}
	defer sys.Close()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("无法监听 %s: %w", cfg.Addr, err)
	}
	srv := &http.Server{Handler: sys.Handler, ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 60 * time.Second, WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	sys.banner(ctx, env, ln.Addr().String())
	jobsStopped := sys.startJobs(ctx, 15*time.Second)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	err = srv.Shutdown(sctx)
	jobsStopped() // before the deferred Close: the jobs give their leases up
	if err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// banner prints the URL and, with demo data, the demo accounts.
func (s *System) banner(ctx context.Context, env Env, addr string) {
	host, port, _ := net.SplitHostPort(addr)
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	fmt.Fprintf(env.Stdout, "\n达州市工程建设项目审批管理系统 gongai %s\n", Version())
	fmt.Fprintf(env.Stdout, "访问地址: http://%s/\n", net.JoinHostPort(host, port))
	fmt.Fprintf(env.Stdout, "数据库:   %s %s\n", s.DB.Dialect, s.DB.Where)
	if !s.DemoSeeded(ctx) {
		fmt.Fprintln(env.Stdout)
		return
	}
	fmt.Fprintf(env.Stdout, "\n演示账户（密码均为 %s，仅供演示，生产环境请以 -demo=false 启动）:\n", identity.DemoPassword)
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	for _, d := range identity.DemoAccounts {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", d.Username, d.Role.Label(), d.DisplayName)
	}
	tw.Flush()
	fmt.Fprintln(env.Stdout)
}

func migrateCmd(ctx context.Context, env Env, cfg config.Config, log *slog.Logger) error {
	db, err := sqldb.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := sqldb.Migrate(ctx, db)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已执行 %d 个迁移（%s %s）\n", n, db.Dialect, db.Where)
	st, err := sqldb.MigrationStatus(ctx, db)
	for _, line := range st {
		fmt.Fprintln(env.Stdout, " ", line)
	}
	return err
}

func seedCmd(ctx context.Context, env Env, cfg config.Config, log *slog.Logger) error {
	cfg.Demo = false // New would seed demo data; do it explicitly below
	sys, err := New(ctx, cfg, log, Options{})
	if err != nil {
		return err
	}
	defer sys.Close()
	if err := sys.Seed(ctx, true); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "区县、机构与演示账户已就绪（已存在的未重复写入）。")
	return nil
}

// auditVerifyCmd exits non-zero when the chain is broken, so that it can
// run from cron or a monitoring check.
func auditVerifyCmd(ctx context.Context, env Env, cfg config.Config, log *slog.Logger) error {
	if cfg.DatabaseURL == "" {
		// Verifying must never create an empty database where a real one was expected.
		path := filepath.Join(cfg.DataDir, sqldb.SQLiteFile)
		if _, err := os.Stat(path); err != nil {
			return fmt.Errorf("找不到数据库文件 %s（请用 -data-dir 指定数据目录，或用 -database-url 指定 PostgreSQL）", path)
		}
	}
	db, err := sqldb.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := audit.Verify(ctx, db)
	if err != nil {
		return err
	}
	if !rep.OK {
		return fmt.Errorf("审计链校验未通过：%s（事件 %d，类型 %s；此前 %d 条完好）", rep.Message, rep.Seq, rep.Kind, rep.Checked)
	}
	fmt.Fprintf(env.Stdout, "审计链完整：共校验 %d 条事件。\n", rep.Checked)
	return nil
}
