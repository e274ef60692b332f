package casework_test

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/project"
)

// BenchmarkDurableUpdate is the physical limit of a durable write on this
// database: one single-row UPDATE and a commit (fsync), measured on the
// same database as BenchmarkCaseTransition so the ratio is fair.
func BenchmarkDurableUpdate(b *testing.B) {
	e := newEnv(b)
	ctx := context.Background()
	if _, err := e.db.Exec(`INSERT INTO counters (name, value) VALUES ('bench', 0)`); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		err := e.db.WithTx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE counters SET value = $1 WHERE name = 'bench'`, i)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "commits/s")
}

// BenchmarkCaseTransition measures the engine as a caller sees it: each
// op is one case action in one transaction — authorisation, the case lock,
// the state machine, the processing step, the audit event, the outbox row,
// the clock bookkeeping and the commit — followed by the reload with the
// clock that the API returns. The actions cycle through a realistic life:
// 受理 (1→3→8, dispatch to 住建), 审查意见, 办结 (8→11), on a pool of
// received cases, so no case grows beyond its normal size.
func BenchmarkCaseTransition(b *testing.B) {
	e := newEnv(b)
	ids := e.benchCases(b, b.N/3+1)
	a := e.benchActors(b)
	transitions := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := e.cycleStep(a, i, ids[i/3]); err != nil {
			b.Fatal(err)
		}
		transitions += [3]int{2, 0, 1}[i%3] // 受理 is 1→3→8, 办结 8→11
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "commits/s")
	b.ReportMetric(float64(transitions)/b.Elapsed().Seconds(), "transitions/s")
}

// actors are the three people of the benchmarks' cycle of actions.
type actors struct{ clerk, reviewer, head context.Context }

func (e *env) benchActors(b *testing.B) actors {
	return actors{clerk: e.as(b, "chuangkou"), reviewer: e.as(b, "shenpi.zj"), head: e.as(b, "kezhang.zj")}
}

// cycleStep runs action i of the benchmarks' cycle on case id: 受理 (1→3→8,
// dispatch to 住建), 审查意见 and 办结 (8→11), by i%3.
func (e *env) cycleStep(a actors, i int, id int64) error {
	var err error
	switch i % 3 {
	case 0:
		_, err = e.cases.Accept(a.clerk, id, casework.AcceptInput{})
	case 1:
		_, err = e.cases.Review(a.reviewer, id, casework.TaskInput{Opinion: "同意", Decision: "approve"})
	default:
		_, err = e.cases.Conclude(a.head, id, casework.ConcludeInput{Approve: true, Opinion: "准予许可"})
	}
	return err
}

// benchCases submits n single-item applications, spread over 50 projects
// of the demo enterprise (a real project has a handful of cases, not
// thousands), and returns their cases.
func (e *env) benchCases(b *testing.B, n int) []int64 {
	b.Helper()
	demo := e.demoProject(b, "511702", 4)
	qiye := e.as(b, "qiye")
	projects := []project.Project{demo}
	for i := 1; len(projects) < 50; i++ {
		p, err := e.projects.Register(qiye, project.NewProject{Code: fmt.Sprintf("2026-511702-59-03-%06d", 800000+i),
			Name: fmt.Sprintf("基准测试项目 %d", i), RegionCode: "511702", FlowType: 4, OwnerName: demo.OwnerName,
			OwnerCreditCode: demo.OwnerCreditCode, Address: "通川区"})
		if err != nil {
			b.Fatal(err)
		}
		projects = append(projects, p)
	}
	items := e.stageItems(b, "511702", 4, 3, "low_risk_construction_permit")
	in := casework.SubmitInput{StageNo: 3, ItemCodes: []string{"low_risk_construction_permit"},
		Form: fillForm(items...), Materials: e.materials(b, "", items...)}
	ids := make([]int64, n)
	for i := range ids {
		in.ProjectID, in.IdempotencyKey = projects[i%len(projects)].ID, "bench-"+strconv.Itoa(i)
		app, err := e.cases.Submit(qiye, in)
		if err != nil {
			b.Fatal(err)
		}
		ids[i] = app.Cases[0].ID
	}
	return ids
}

// BenchmarkCaseTransitionParallel is BenchmarkCaseTransition with several
// clients at once (as behind a web server), each on its own cases: on
// PostgreSQL their round trips overlap and commits are grouped; SQLite still
// takes one writer at a time.
func BenchmarkCaseTransitionParallel(b *testing.B) {
	e := newEnv(b)
	ids := e.benchCases(b, b.N/3+2*runtime.GOMAXPROCS(0)*8)
	a := e.benchActors(b)
	var next atomic.Int64
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		step, id := 0, ids[next.Add(1)-1]
		for pb.Next() {
			if err := e.cycleStep(a, step, id); err != nil {
				b.Error(err)
				return
			}
			if step%3 == 2 {
				id = ids[next.Add(1)-1]
			}
			step++
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "commits/s")
}

// BenchmarkCaseTransitionVsDurable interleaves the two measurements above
// on one database: blocks of 30 engine actions (受理, 审查意见, 办结 on ten
// cases) alternate with blocks of 30 single-row durable writes, each block
// timed on its own, so that both see the same machine load and the ratio
// holds even on a shared, noisy machine. b.N counts engine actions.
func BenchmarkCaseTransitionVsDurable(b *testing.B) {
	e := newEnv(b)
	if _, err := e.db.Exec(`INSERT INTO counters (name, value) VALUES ('bench', 0)`); err != nil {
		b.Fatal(err)
	}
	ids := e.benchCases(b, b.N/3+1)
	a := e.benchActors(b)
	const block = 30
	var engine, durable time.Duration
	b.ResetTimer()
	for done := 0; done < b.N; {
		durable += durableBlock(b, e.db, done, block)
		start := time.Now()
		for i := done; i < min(done+block, b.N); i++ {
			if err := e.cycleStep(a, i, ids[i/3]); err != nil {
				b.Fatal(err)
			}
		}
		engine += time.Since(start)
		done += block
	}
	reportVsDurable(b, block, engine, durable)
}
