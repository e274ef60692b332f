package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/config"
	"github.com/dazhou-gongai/gongai/internal/exchange"
	"github.com/dazhou-gongai/gongai/internal/history"
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

// seedExtras takes the seed command's own options out of args:
// --scale [--cases N] generates a large history (default 1,050,000 cases,
// so that at least a million remain after rounding); --delete-generated ID
// removes one generated batch.
func seedExtras(args []string) (rest []string, scale bool, cases int, deleteID int64, err error) {
	cases = 1_050_000
	for i := 0; i < len(args); i++ {
		switch strings.TrimLeft(args[i], "-") {
		case "scale":
			scale = true
		case "cases", "delete-generated":
			if i+1 >= len(args) {
				return nil, false, 0, 0, fmt.Errorf("%s 需要一个数值", args[i])
			}
			n, perr := strconv.ParseInt(args[i+1], 10, 64)
			if perr != nil || n <= 0 {
				return nil, false, 0, 0, fmt.Errorf("%s 应为正整数 (got %q)", args[i], args[i+1])
			}
			if strings.TrimLeft(args[i], "-") == "cases" {
				cases = int(n)
			} else {
				deleteID = n
			}
			i++
		default:
			rest = append(rest, args[i])
		}
	}
	return rest, scale, cases, deleteID, nil
}

// seedHistoryCmd generates (scale) or deletes (deleteID) generated history.
func seedHistoryCmd(scale bool, cases int, deleteID int64) command {
	return func(ctx context.Context, env Env, cfg config.Config, log *slog.Logger) error {
		cfg.Demo = false
		sys, err := New(ctx, cfg, log, Options{NoHistory: true})
		if err != nil {
			return err
		}
		defer sys.Close()
		if deleteID != 0 {
			d, err := sys.History.Delete(ctx, deleteID)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "已删除生成数据批次 %d：%+v\n", deleteID, d)
			return nil
		}
		start := time.Now()
		sum, err := sys.History.Generate(ctx, history.ScaleParams(sys.Now(), cases))
		if err != nil {
			return err
		}
		secs := time.Since(start).Seconds()
		fmt.Fprintf(env.Stdout, "已生成规模测试数据（批次 %d，标注为生成数据）：%d 个项目，%d 个办件，%d 条办理记录，用时 %.1f 秒（%.0f 件/秒）\n",
			sum.Batch, sum.Projects, sum.Cases, sum.Steps, secs, float64(sum.Cases)/secs)
		return nil
	}
}
