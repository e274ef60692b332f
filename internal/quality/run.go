package quality

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// RunAll evaluates every active rule as the system, stores the results and
// brings the governance tasks up to date: the job function the app runs on
// a schedule (nightly, e.g. 01:30, under a lease so one server runs it).
// Each rule is evaluated outside any transaction and written in its own
// transaction; a rule whose check fails is stored as "error" and leaves
// its tasks untouched. The run ends with a "quality.run" audit event.
func (s *Service) RunAll(ctx context.Context) (Run, error) {
	return s.run(ctx, "schedule", audit.ActorFrom(ctx).Name)
}

// RunNow is RunAll on demand. Who: QualityAdmin.
func (s *Service) RunNow(ctx context.Context) (Run, error) {
	p, err := access.Authorize(ctx, access.QualityAdmin, "")
	if err != nil {
		return Run{}, err
	}
	return s.run(ctx, "manual", p.Name)
}

func (s *Service) run(ctx context.Context, trigger, by string) (Run, error) {
	now := s.now()
	run := Run{Trigger: trigger, StartedBy: by, Day: calendar.DateOf(now.In(beijing)).String(), StartedAt: now}
	// In a transaction, so that on SQLite it queues for the write slot
	// instead of polling for the file lock (see sqldb.DB.ExecContext).
	err := s.db.WithTx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO quality_runs (trigger, started_by, day, started_at)
			VALUES ($1, $2, $3, $4) RETURNING id`, trigger, by, run.Day, sqldb.T(now)).Scan(&run.ID)
	})
	if err != nil {
		return Run{}, sqldb.Translate(err)
	}
	rules, err := selectRules(ctx, s.db, true)
	if err != nil {
		return Run{}, err
	}
	env, err := s.newEnv(ctx, now)
	if err != nil {
		return Run{}, err
	}
	units, err := loadUnits(ctx, s.db)
	if err != nil {
		return Run{}, err
	}
	for _, rule := range rules {
		res, err := s.evaluate(ctx, &run, rule, env, units)
		if err != nil {
			return Run{}, err
		}
		run.Results = append(run.Results, res)
		run.count(res.Status)
	}
	return run, s.finish(ctx, &run)
}

func (s *Service) newEnv(ctx context.Context, now time.Time) (*checkEnv, error) {
	regions, err := loadRegions(ctx, s.db)
	if err != nil {
		return nil, err
	}
	return &checkEnv{q: s.db, now: now, cal: s.cal, regions: regions}, nil
}

func (r *Run) count(status string) {
	switch status {
	case StatusPass:
		r.Pass++
	case StatusWarn:
		r.Warn++
	case StatusFail:
		r.Fail++
	default:
		r.Error++
	}
}

// finish stamps the run and records it.
func (s *Service) finish(ctx context.Context, run *Run) error {
	run.FinishedAt = s.now()
	return s.db.WithTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE quality_runs SET finished_at = $2, pass_count = $3, warn_count = $4,
			fail_count = $5, error_count = $6 WHERE id = $1`, run.ID, sqldb.T(run.FinishedAt), run.Pass, run.Warn,
			run.Fail, run.Error)
		if err != nil {
			return sqldb.Translate(err)
		}
		return s.rec.Record(ctx, tx, audit.Entry{Action: "quality.run", ObjectType: "quality_run",
			ObjectID: strconv.FormatInt(run.ID, 10), Detail: map[string]any{"trigger": run.Trigger,
				"pass": run.Pass, "warn": run.Warn, "fail": run.Fail, "error": run.Error}})
	})
}

// evaluate runs one rule's check and stores its result and tasks.
func (s *Service) evaluate(ctx context.Context, run *Run, rule Rule, env *checkEnv, units unitIndex) (Result, error) {
	start := time.Now()
	res := Result{RunID: run.ID, RuleID: rule.ID, RuleCode: rule.Code, RuleName: rule.Name, Dimension: rule.Dimension,
		Table: rule.Table, Severity: rule.Severity}
	out, err := runCheck(ctx, rule, env)
	res.DurationMS = time.Since(start).Milliseconds()
	if err != nil {
		res.Status, res.Error = StatusError, err.Error()
	} else {
		out.failures = mergeFailures(out.failures)
		for _, n := range out.evaluated {
			res.Evaluated += n
		}
		res.Failed = len(out.failures)
		res.Evaluated = max(res.Evaluated, res.Failed)
		res.Stored = min(res.Failed, MaxStored)
		res.Status = judge(rule, res.Evaluated, res.Failed)
	}
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		if err := storeResult(ctx, tx, run, &res, out, s.now()); err != nil {
			return err
		}
		if res.Status == StatusError {
			return nil
		}
		return s.reconcile(ctx, tx, run, rule, out, units)
	})
	return res, err
}

// runCheck runs the rule's check, turning a panic into an error.
func runCheck(ctx context.Context, rule Rule, env *checkEnv) (out outcome, err error) {
	c, ok := checks[rule.Code]
	if !ok {
		return outcome{}, fmt.Errorf("规则代码 %s 没有对应的检查程序", rule.Code)
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("检查程序异常：%v", p)
		}
	}()
	e := *env
	e.params = rule.Params
	return c.run(ctx, &e)
}

// judge applies the rule's thresholds: fail above FailAbove, warn above
// WarnAbove, else pass. A rate compares failed ÷ evaluated with the
// thresholds in basis points, exactly (failed·10000 > threshold·evaluated).
func judge(r Rule, evaluated, failed int) string {
	above := func(limit int64) bool {
		if r.ThresholdKind == ThresholdRate {
			return int64(failed)*10000 > limit*int64(evaluated)
		}
		return int64(failed) > limit
	}
	switch {
	case above(r.FailAbove):
		return StatusFail
	case above(r.WarnAbove):
		return StatusWarn
	}
	return StatusPass
}

// mergeFailures keeps one failure per record (the first one's region and
// link), joining the explanations of the others.
func mergeFailures(fs []Failure) []Failure {
	index := map[string]int{}
	var out []Failure
	for _, f := range fs {
		key := f.RecordType + "|" + f.RecordID
		if i, ok := index[key]; ok {
			if !strings.Contains(out[i].Explanation, f.Explanation) {
				out[i].Explanation += "；" + f.Explanation
			}
			continue
		}
		index[key] = len(out)
		out = append(out, f)
	}
	return out
}
