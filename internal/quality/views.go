package quality

import (
	"context"
	"fmt"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Runs returns the latest runs, newest first (at most limit, 1–100).
// Who: QualityView.
func (s *Service) Runs(ctx context.Context, limit int) ([]Run, error) {
	if _, _, err := viewer(ctx); err != nil {
		return nil, err
	}
	limit = min(max(limit, 1), 100)
	rows, err := s.db.QueryContext(ctx, `SELECT id, trigger, started_by, day, started_at, finished_at, pass_count,
		warn_count, fail_count, error_count FROM quality_runs ORDER BY id DESC LIMIT `+fmt.Sprint(limit))
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		var r Run
		var started sqldb.Time
		var finished sqldb.NullTime
		if err := rows.Scan(&r.ID, &r.Trigger, &r.StartedBy, &r.Day, &started, &finished, &r.Pass, &r.Warn,
			&r.Fail, &r.Error); err != nil {
			return nil, sqldb.Translate(err)
		}
		r.StartedAt, r.FinishedAt = started.Time, finished.Time
		out = append(out, r)
	}
	return out, sqldb.Translate(rows.Err())
}

// RunDetail returns run id with its results. For a viewer limited to some
// regions, Evaluated and Failed are those of its regions (the status stays
// the city-wide one). Who: QualityView.
func (s *Service) RunDetail(ctx context.Context, id int64) (Run, error) {
	runs, err := s.Runs(ctx, 100)
	if err != nil {
		return Run{}, err
	}
	var run Run
	for _, r := range runs {
		if r.ID == id {
			run = r
		}
	}
	if run.ID == 0 {
		return Run{}, notFound("质量检查运行记录")
	}
	run.Results, err = s.results(ctx, `r.run_id = $1`, id)
	return run, err
}

// results reads results matching cond (one argument), scoped to the viewer.
func (s *Service) results(ctx context.Context, cond string, arg any) ([]Result, error) {
	_, sc, err := viewer(ctx)
	if err != nil {
		return nil, err
	}
	args := []any{arg}
	counts := `r.evaluated, r.failed`
	if !sc.All {
		scope := inScope(sc, "g.region_code", &args)
		counts = `COALESCE((SELECT SUM(g.evaluated) FROM quality_result_regions g WHERE g.result_id = r.id` + scope + `), 0),
			COALESCE((SELECT SUM(g.failed) FROM quality_result_regions g WHERE g.result_id = r.id` + scope + `), 0)`
	}
	rows, err := s.db.QueryContext(ctx, `SELECT r.id, r.run_id, r.rule_id, r.rule_code, q.name, r.dimension, r.table_name,
		q.severity, r.status, `+counts+`, r.stored, r.error, r.duration_ms
		FROM quality_results r JOIN quality_rules q ON q.id = r.rule_id WHERE `+cond+` ORDER BY r.id`, args...)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Result
	for rows.Next() {
		var r Result
		if err := rows.Scan(&r.ID, &r.RunID, &r.RuleID, &r.RuleCode, &r.RuleName, &r.Dimension, &r.Table, &r.Severity,
			&r.Status, &r.Evaluated, &r.Failed, &r.Stored, &r.Error, &r.DurationMS); err != nil {
			return nil, sqldb.Translate(err)
		}
		out = append(out, r)
	}
	return out, sqldb.Translate(rows.Err())
}

// ResultDetail returns result id and its stored failing rows in the
// viewer's regions (at most MaxStored). Who: QualityView.
func (s *Service) ResultDetail(ctx context.Context, id int64) (Result, []Failure, error) {
	res, err := s.results(ctx, `r.id = $1`, id)
	if err != nil {
		return Result{}, nil, err
	}
	if len(res) == 0 {
		return Result{}, nil, notFound("检查结果")
	}
	_, sc, _ := viewer(ctx)
	args := []any{id}
	rows, err := s.db.QueryContext(ctx, `SELECT record_type, record_id, region_code, explanation, link
		FROM quality_failures WHERE result_id = $1`+inScope(sc, "region_code", &args)+` ORDER BY id`, args...)
	if err != nil {
		return Result{}, nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Failure
	for rows.Next() {
		var f Failure
		if err := rows.Scan(&f.RecordType, &f.RecordID, &f.RegionCode, &f.Explanation, &f.Link); err != nil {
			return Result{}, nil, sqldb.Translate(err)
		}
		out = append(out, f)
	}
	return res[0], out, sqldb.Translate(rows.Err())
}

// RegionTasks is the count of open tasks of one region and dimension.
type RegionTasks struct {
	RegionCode string `json:"region_code"`
	Dimension  string `json:"dimension"`
	Open       int    `json:"open"`
}

// OpenTaskCounts counts the open tasks per region and dimension in the
// viewer's scope: the bulk view per region. Who: QualityView.
func (s *Service) OpenTaskCounts(ctx context.Context) ([]RegionTasks, error) {
	_, sc, err := viewer(ctx)
	if err != nil {
		return nil, err
	}
	var args []any
	rows, err := s.db.QueryContext(ctx, `SELECT t.region_code, q.dimension, COUNT(*) FROM quality_tasks t
		JOIN quality_rules q ON q.id = t.rule_id WHERE t.closed_at IS NULL`+inScope(sc, "t.region_code", &args)+`
		GROUP BY t.region_code, q.dimension ORDER BY t.region_code, q.dimension`, args...)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []RegionTasks
	for rows.Next() {
		var r RegionTasks
		if err := rows.Scan(&r.RegionCode, &r.Dimension, &r.Open); err != nil {
			return nil, sqldb.Translate(err)
		}
		out = append(out, r)
	}
	return out, sqldb.Translate(rows.Err())
}

// asViewerIn admits QualityView holders whose scope contains region ("" = any).
func asViewerIn(ctx context.Context, region string) error {
	if region == "" {
		_, _, err := viewer(ctx)
		return err
	}
	if _, err := access.Authorize(ctx, access.QualityView, region); err != nil {
		if errs.Is(err, errs.Forbidden) {
			return errs.E(errs.Forbidden, "您无权查看其他区县的数据质量。")
		}
		return err
	}
	return nil
}
