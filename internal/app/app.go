// Package app wires gongai together: configuration, database, migrations,
// seeds, services, routes and the HTTP server, and dispatches the
// subcommands of the gongai binary. It holds no business logic.
package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"

	"github.com/dazhou-gongai/gongai/internal/config"
)

// Env is what the process gets from the outside world; tests supply their own.
type Env struct {
	Args   []string // without the program name
	Getenv func(string) string
	Stdout io.Writer
	Stderr io.Writer
}

// OSEnv returns the real process environment.
func OSEnv() Env {
	return Env{Args: os.Args[1:], Getenv: os.Getenv, Stdout: os.Stdout, Stderr: os.Stderr}
}

// Version is the module version or VCS revision of this build.
func Version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	v := info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += "+" + s.Value[:12]
		}
	}
	if v == "" || v == "(devel)" {
		return "dev"
	}
	return v
}

const usage = `gongai — 达州市工程建设项目审批管理系统

用法 (usage):
  gongai [serve] [选项]   启动服务（默认）：迁移数据库、首次写入达州演示数据、监听 HTTP
  gongai migrate [选项]   只执行数据库迁移并列出迁移状态
  gongai seed [选项]      写入区县、机构与演示账户（已存在的跳过）
  gongai seed --scale [--cases N]   生成规模测试数据（默认约 100 万件，十年，标注为生成数据）
  gongai seed --delete-generated ID 删除一个生成数据批次
  gongai audit verify     校验审计链，报告第一处被篡改、插入或删除的事件
  gongai indicators recompute  从源数据重新计算全部监测指标
  gongai quality-run      运行全部数据质量规则一次，生成治理任务
  gongai exchange-receiver 上级系统的参考接收端（NATS 和/或 HTTP），校验并保存收到的上报记录
  gongai loadgen -target http://127.0.0.1:8080 [-users N -duration D]  本机压力测试（只连回环地址，自动停止）
  gongai version          显示版本

每个子命令加 -h 查看其选项与对应的环境变量。
`

// Run executes the subcommand in env.Args and returns the process exit code.
func Run(ctx context.Context, env Env) int {
	cmd, args := "serve", env.Args
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "serve":
		err = withConfig(ctx, env, "serve", args, serve)
	case "migrate":
		err = withConfig(ctx, env, "migrate", args, migrateCmd)
	case "seed":
		rest, scale, cases, deleteID, perr := seedExtras(args)
		switch {
		case perr != nil:
			err = perr
		case scale || deleteID != 0:
			err = withConfig(ctx, env, "seed", rest, seedHistoryCmd(scale, cases, deleteID))
		default:
			err = withConfig(ctx, env, "seed", rest, seedCmd)
		}
	case "audit":
		if len(args) == 0 || args[0] != "verify" {
			err = errors.New("用法: gongai audit verify [选项]")
			break
		}
		err = withConfig(ctx, env, "audit verify", args[1:], auditVerifyCmd)
	case "indicators":
		if len(args) == 0 || args[0] != "recompute" {
			err = errors.New("用法: gongai indicators recompute [选项]")
			break
		}
		err = withConfig(ctx, env, "indicators recompute", args[1:], indicatorsRecomputeCmd)
	case "quality-run":
		err = withConfig(ctx, env, "quality-run", args, qualityRunCmd)
	case "exchange-receiver":
		err = withConfig(ctx, env, "exchange-receiver", args, exchangeReceiverCmd)
	case "loadgen":
		err = loadgenCmd(ctx, env, args)
	case "version":
		fmt.Fprintln(env.Stdout, "gongai", Version())
	case "help", "-h", "--help":
		fmt.Fprint(env.Stdout, usage)
	default:
		err = fmt.Errorf("未知的子命令 %q (unknown command)\n\n%s", cmd, usage)
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, "gongai:", err)
		return 1
	}
	return 0
}

type command func(ctx context.Context, env Env, cfg config.Config, log *slog.Logger) error

func withConfig(ctx context.Context, env Env, name string, args []string, cmd command) error {
	cfg, err := config.Parse(name, args, env.Getenv, env.Stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("配置错误 (invalid configuration):\n%w", err)
	}
	return cmd(ctx, env, cfg, newLogger(cfg, env.Stderr))
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
