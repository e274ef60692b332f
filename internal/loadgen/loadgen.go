// Package loadgen drives a running gongai server with simulated users the
// way a browser would: each virtual user signs in through the login form,
// keeps its session and CSRF cookies, takes the CSRF token and the case
// version from the page it acts on, and clicks through the pages of its
// role — enterprise (网上大厅, projects, cases, applications), window clerk
// (待受理 queue, acceptance), department reviewer (本部门待办, review),
// department head (办结), supervisor (督办, warning lists, indicators,
// search) and the anonymous public (办事指南, 办结公示). It records the
// latency of every request by kind and reports percentiles, throughput and
// errors.
//
// It is bounded by construction: it connects only to loopback addresses
// (checked on the URL and again on every connection it opens), and it stops
// by itself after a duration and/or a number of requests, each with a hard
// upper bound. What it writes (applications, acceptances, reviews,
// conclusions) says 压力测试 in its texts, so that nobody takes it for real.
package loadgen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"
)

// Hard upper bounds: no configuration runs longer, wider or more often.
const (
	MaxUsers    = 1000
	MaxDuration = 15 * time.Minute
	MaxOps      = 1_000_000
	MaxThink    = time.Minute
)

// DemoPassword is the password of the demo accounts (README.md).
const DemoPassword = "Dazhou@2026"

// Config is one load run. Zero values take the defaults noted.
type Config struct {
	Target   string        // base URL of the server, loopback only; default http://127.0.0.1:8080
	Users    int           // concurrent virtual users, 1..MaxUsers; default 50
	Duration time.Duration // measured phase; 0 with Ops = 0 means 30 s
	Ops      int           // stop after this many measured requests; 0 = by duration only
	Think    time.Duration // mean pause before each page (uniform 0.5–1.5×); 0 = none
	Password string        // of every account; default DemoPassword
	Region   string        // region code whose projects the enterprise applies for; default 511702 (通川区)
	Seed     uint64        // random choices are reproducible per seed
	Timeout  time.Duration // per request; default 30 s
	Logins   int           // concurrent sign-ins while ramping up; default 4 (argon2id is costly)
	Log      io.Writer     // progress lines; nil = silent
}

// withDefaults checks c against the bounds and fills in the defaults.
func (c Config) withDefaults() (Config, error) {
	if c.Target == "" {
		c.Target = "http://127.0.0.1:8080"
	}
	base, err := loopbackBase(c.Target)
	if err != nil {
		return c, err
	}
	c.Target = base
	if c.Users == 0 {
		c.Users = 50
	}
	if c.Duration == 0 && c.Ops == 0 {
		c.Duration = 30 * time.Second
	}
	switch {
	case c.Users < 1 || c.Users > MaxUsers:
		return c, fmt.Errorf("并发用户数应在 1–%d 之间 (users %d)", MaxUsers, c.Users)
	case c.Duration < 0 || c.Duration > MaxDuration:
		return c, fmt.Errorf("持续时间应在 0–%s 之间 (duration %s)", MaxDuration, c.Duration)
	case c.Ops < 0 || c.Ops > MaxOps:
		return c, fmt.Errorf("请求数应在 0–%d 之间 (ops %d)", MaxOps, c.Ops)
	case c.Think < 0 || c.Think > MaxThink:
		return c, fmt.Errorf("思考时间应在 0–%s 之间 (think %s)", MaxThink, c.Think)
	}
	if c.Password == "" {
		c.Password = DemoPassword
	}
	if c.Region == "" {
		c.Region = "511702"
	}
	if c.Timeout <= 0 {
		c.Timeout = 30 * time.Second
	}
	if c.Logins <= 0 {
		c.Logins = 4
	}
	if c.Log == nil {
		c.Log = io.Discard
	}
	return c, nil
}

// Run signs the virtual users in (ramp-up, measured apart), then lets them
// work until the duration or the request count is reached, and returns the
// report. Requests in flight when the phase ends are completed and counted;
// cancelling ctx stops at once and leaves interrupted requests uncounted.
// It fails when the configuration is out of bounds or a user cannot sign
// in (a wrong password would otherwise measure the login page).
func Run(ctx context.Context, cfg Config) (*Report, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	tr := newTransport(cfg.Users)
	defer tr.CloseIdleConnections()
	users := newUsers(cfg, tr)
	ramp := newRecorder()
	fmt.Fprintf(cfg.Log, "loadgen: %d 个用户登录中 (%s)…\n", cfg.Users, cfg.Target)
	if err := signIn(ctx, cfg, users, ramp); err != nil {
		return nil, err
	}
	rec := newRecorder()
	phase, cancel := context.WithCancel(ctx)
	if cfg.Duration > 0 {
		phase, cancel = context.WithTimeout(ctx, cfg.Duration)
	}
	defer cancel()
	bud := &budget{ctx: phase, parent: ctx, max: int64(cfg.Ops)}
	fmt.Fprintf(cfg.Log, "loadgen: 施压开始（时长 %s，请求上限 %d，思考时间 %s）\n", cfg.Duration, cfg.Ops, cfg.Think)
	start := time.Now()
	var wg sync.WaitGroup
	for _, u := range users {
		u.b.rec, u.b.bud = rec, bud
		wg.Go(func() { u.work() })
	}
	wg.Wait()
	elapsed := time.Since(start)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return buildReport(cfg, users, rec, ramp, elapsed), nil
}

// signIn logs every non-public user in, a few at a time.
func signIn(ctx context.Context, cfg Config, users []*user, rec *recorder) error {
	sem := make(chan struct{}, cfg.Logins)
	errc := make(chan error, len(users))
	var wg sync.WaitGroup
	for _, u := range users {
		u.b.rec, u.b.bud = rec, &budget{ctx: ctx, parent: ctx}
		if u.account == "" {
			continue
		}
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			errc <- u.login(cfg.Password)
		})
	}
	wg.Wait()
	close(errc)
	var all []error
	for err := range errc {
		all = append(all, err)
	}
	return errors.Join(all...)
}

// newUsers builds the virtual users, their roles spread by the mix.
func newUsers(cfg Config, tr http.RoundTripper) []*user {
	counts := roleCounts(cfg.Users)
	var users []*user
	for ri, r := range roles {
		for i := range counts[ri] {
			n := len(users)
			u := &user{role: r, region: cfg.Region,
				rng: rand.New(rand.NewPCG(cfg.Seed, uint64(n)+1))}
			if len(r.accounts) > 0 {
				u.account = r.accounts[i%len(r.accounts)]
			}
			u.b = newBrowser(cfg, tr, u.rng)
			users = append(users, u)
		}
	}
	return users
}

// budget is the measured phase's stop condition, shared by all users.
type budget struct {
	ctx    context.Context // the phase: its end stops new requests
	parent context.Context // the run: its end interrupts requests
	max    int64
	mu     sync.Mutex
	n      int64
}

// live reports whether the phase goes on.
func (b *budget) live() bool { return b.ctx.Err() == nil }

// take reserves one request; false once the phase is over.
func (b *budget) take() bool {
	if b.ctx.Err() != nil {
		return false
	}
	if b.max == 0 {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.n >= b.max {
		return false
	}
	b.n++
	return true
}

// errStop ends a user's work: the phase is over.
var errStop = errors.New("loadgen: phase over")
