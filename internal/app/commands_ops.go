package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/dazhou-gongai/gongai/internal/config"
	"github.com/dazhou-gongai/gongai/internal/exchange"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// indicatorsRecomputeCmd recomputes every indicator value from the source
// tables (after a definition change, a data repair or an import).
func indicatorsRecomputeCmd(ctx context.Context, env Env, cfg config.Config, log *slog.Logger) error {
	sys, err := New(ctx, cfg, log, Options{})
	if err != nil {
		return err
	}
	defer sys.Close()
	if err := sys.Indicators.Recompute(ctx); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "全部指标已重新计算。")
	return nil
}

// qualityRunCmd runs every data-quality rule once and prints the outcome;
// it exits non-zero when a rule could not run.
func qualityRunCmd(ctx context.Context, env Env, cfg config.Config, log *slog.Logger) error {
	sys, err := New(ctx, cfg, log, Options{})
	if err != nil {
		return err
	}
	defer sys.Close()
	run, err := sys.Quality.RunAll(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "数据质量检查 %d：通过 %d，预警 %d，不通过 %d，出错 %d\n", run.ID, run.Pass, run.Warn, run.Fail, run.Error)
	if run.Error > 0 {
		return errors.New("有规则未能运行，详见“数据治理”页面")
	}
	return nil
}

// exchangeReceiverCmd runs the reference receiver of the upper system: it
// consumes the SPGL stream from NATS (GONGAI_NATS_URL) and/or serves the
// HTTP endpoint POST /spgl/records on GONGAI_RECEIVER_ADDR, checks each
// record with the same rules, and stores what it accepts in its own
// database (-data-dir or -database-url: use a separate one from gongai's).
func exchangeReceiverCmd(ctx context.Context, env Env, cfg config.Config, log *slog.Logger) error {
	addr := env.Getenv("GONGAI_RECEIVER_ADDR")
	if cfg.NATSURL == "" && addr == "" {
		return errors.New("请设置 GONGAI_NATS_URL（从 NATS 接收）或 GONGAI_RECEIVER_ADDR（HTTP 接收，如 127.0.0.1:8095）")
	}
	if addr != "" && cfg.ExchangeSecret == "" {
		return errors.New("HTTP 接收需要签名密钥：请设置 GONGAI_EXCHANGE_SECRET")
	}
	db, err := sqldb.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := sqldb.Migrate(ctx, db); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "参考接收端已启动（NATS %q，HTTP %q，数据库 %s %s）\n", cfg.NATSURL, addr, db.Dialect, db.Where)
	err = exchange.RunReceiver(ctx, exchange.ReceiverConfig{DB: db, NATSURL: cfg.NATSURL, HTTPAddr: addr,
		Secret: cfg.ExchangeSecret}, log)
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}
