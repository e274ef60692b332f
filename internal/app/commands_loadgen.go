package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/pprof"
	"time"

	"github.com/dazhou-gongai/gongai/internal/config"
	"github.com/dazhou-gongai/gongai/internal/loadgen"
)

// loadgenOpts are the flags of gongai loadgen beyond loadgen.Config.
type loadgenOpts struct {
	jsonPath   string
	inProcess  bool
	dataDir    string
	dbURL      string
	cpuProfile string
}

// loadgenCmd runs the bounded load generator against a gongai server on a
// loopback address (or, with -inprocess, against one it starts itself in
// this process, so that -cpuprofile profiles the server under load) and
// prints the report; it exits non-zero when requests failed.
func loadgenCmd(ctx context.Context, env Env, args []string) error {
	cfg, o, err := parseLoadgen(env, args)
	if err != nil {
		return err
	}
	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if o.inProcess {
		stop, target, err := serveInProcess(ctx, env, o)
		if err != nil {
			return err
		}
		defer stop()
		cfg.Target = target
	}
	rep, err := loadgen.Run(ctx, cfg)
	if err != nil {
		return err
	}
	if err := rep.WriteText(env.Stdout); err != nil {
		return err
	}
	if o.jsonPath != "" {
		if err := writeReportJSON(o.jsonPath, rep); err != nil {
			return err
		}
	}
	if n := rep.Failed(); n > 0 {
		return fmt.Errorf("%d 个请求失败（见上表 error 列）", n)
	}
	return nil
}

func parseLoadgen(env Env, args []string) (loadgen.Config, loadgenOpts, error) {
	var cfg loadgen.Config
	var o loadgenOpts
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.StringVar(&cfg.Target, "target", "http://127.0.0.1:8080", "被测服务地址，只接受回环地址 (loopback only)")
	fs.IntVar(&cfg.Users, "users", 50, fmt.Sprintf("并发虚拟用户数（1–%d）", loadgen.MaxUsers))
	fs.DurationVar(&cfg.Duration, "duration", 30*time.Second, fmt.Sprintf("施压时长（登录之后计时，最长 %s；0 = 只按 -ops）", loadgen.MaxDuration))
	fs.IntVar(&cfg.Ops, "ops", 0, fmt.Sprintf("最多发出的请求数（0 = 只按时长；最多 %d）", loadgen.MaxOps))
	fs.DurationVar(&cfg.Think, "think", time.Second, "每打开一个页面前的平均思考时间（0.5–1.5 倍随机；0 = 不停顿）")
	fs.StringVar(&cfg.Password, "password", loadgen.DemoPassword, "演示账户的密码")
	fs.StringVar(&cfg.Region, "region", "511702", "企业申报、窗口受理所在区县的区划代码")
	fs.Uint64Var(&cfg.Seed, "seed", 1, "随机种子（同一种子得到同样的操作选择）")
	fs.DurationVar(&cfg.Timeout, "timeout", 30*time.Second, "单个请求的超时")
	fs.StringVar(&o.jsonPath, "json", "", "另将报告以 JSON 写入此文件")
	fs.BoolVar(&o.inProcess, "inprocess", false, "在本进程内启动被测服务（监听 127.0.0.1 随机端口），忽略 -target")
	fs.StringVar(&o.dataDir, "data-dir", env.Getenv("GONGAI_DATA_DIR"), "-inprocess 时服务的数据目录")
	fs.StringVar(&o.dbURL, "database-url", env.Getenv("GONGAI_DATABASE_URL"), "-inprocess 时服务的数据库（空 = 数据目录中的 SQLite）")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "将本进程的 CPU 剖析写入此文件（与 -inprocess 一起用于剖析服务）")
	if err := fs.Parse(args); err != nil {
		return cfg, o, err
	}
	if fs.NArg() > 0 {
		return cfg, o, fmt.Errorf("loadgen 不接受参数 %q", fs.Args())
	}
	if o.inProcess && o.dataDir == "" {
		return cfg, o, errors.New("-inprocess 需要 -data-dir（请用一个新的目录，不要用生产数据）")
	}
	cfg.Log = env.Stderr
	return cfg, o, nil
}

// serveInProcess starts gongai on 127.0.0.1 with a free port, background
// jobs included, and returns its stop function and address.
func serveInProcess(ctx context.Context, env Env, o loadgenOpts) (func(), string, error) {
	args := []string{"-data-dir", o.dataDir, "-log-level", "warn", "-addr", "127.0.0.1:0"}
	if o.dbURL != "" {
		args = append(args, "-database-url", o.dbURL)
	}
	cfg, err := config.Parse("serve", args, func(string) string { return "" }, io.Discard)
	if err != nil {
		return nil, "", err
	}
	log := newLogger(cfg, env.Stderr)
	sys, err := New(ctx, cfg, log, Options{})
	if err != nil {
		return nil, "", err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		sys.Close()
		return nil, "", err
	}
	jobs, cancel := context.WithCancel(ctx)
	jobsStopped := sys.startJobs(jobs, 15*time.Second)
	srv := &http.Server{Handler: sys.Handler, ReadHeaderTimeout: 10 * time.Second,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	go func() { _ = srv.Serve(ln) }()
	stop := func() {
		cancel()
		sctx, done := context.WithTimeout(context.Background(), 15*time.Second)
		defer done()
		_ = srv.Shutdown(sctx)
		jobsStopped()
		sys.Close()
	}
	return stop, "http://" + ln.Addr().String(), nil
}

func writeReportJSON(path string, rep *loadgen.Report) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := rep.WriteJSON(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
