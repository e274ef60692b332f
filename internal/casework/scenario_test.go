package casework_test

import (
	"context"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// TestStage3SmallProject walks a stage-3 application of a 小型社会投资
// project (flow type 4) in 通川区 from intake to completion: one form for
// two items reviewed by two departments in parallel (住建 and 消防审验), a
// double submission, a 补正 round trip before acceptance, a 容缺 acceptance,
// and a special procedure that stops the clock.
func TestStage3SmallProject(t *testing.T) {
	e, must := newEnv(t), mustOf(t)
	proj := e.demoProject(t, "511702", 4)
	items := e.stageItems(t, "511702", 4, 3, "low_risk_construction_permit", "fire_design_filing")
	in := casework.SubmitInput{ProjectID: proj.ID, StageNo: 3, Optional: []string{"fire_design_filing"},
		Form: fillForm(items...), Materials: e.materials(t, "建设资金已经落实承诺书", items...), IdempotencyKey: "form-1"}
	qiye := e.as(t, "qiye")
	app, err := e.cases.Submit(qiye, in)
	if err != nil {
		t.Fatal(err)
	}
	if len(app.Cases) != 2 || app.Idempotent {
		t.Fatalf("one form, two items: %+v", app)
	}
	again, err := e.cases.Submit(qiye, in)
	if err != nil || !again.Idempotent || again.ID != app.ID {
		t.Fatalf("double submission must return the first: %+v %v", again, err)
	}
	permit, filing := app.Cases[0], app.Cases[1]
	wantStatus(t, permit, casework.Received)

	permit = e.correctionRoundTrip(t, permit)
	permit = e.acceptWithDeficiency(t, permit)
	if p, _ := e.projects.Get(qiye, proj.ID); p.Stage != 3 {
		t.Fatalf("an accepted stage-3 case puts the project in stage 3, got %d", p.Stage)
	}
	filing = must(e.cases.Accept(e.as(t, "chuangkou"), filing.ID, casework.AcceptInput{}))
	wantStatus(t, filing, casework.InReview)

	permit = e.specialProcedure(t, permit)
	e.conclude(t, permit, "shenpi.zj", "kezhang.zj", casework.ApprovedDeficiency)
	e.conclude(t, filing, "shenpi.xf", "kezhang.xf", casework.Approved)
	if rep, err := audit.Verify(context.Background(), e.db); err != nil || !rep.OK {
		t.Fatalf("audit chain: %+v %v", rep, err)
	}
	if p, _ := e.projects.Get(qiye, proj.ID); p.Stage != 4 {
		t.Fatalf("both stage-3 items approved: the project moves to stage 4, got %d", p.Stage)
	}
	var outbox int
	e.db.QueryRow(`SELECT COUNT(*) FROM outbox`).Scan(&outbox)
	if outbox < 14 {
		t.Fatalf("every transition leaves an outbox row; got %d", outbox)
	}
}

// correctionRoundTrip: the window lists what is wrong in one notice, the
// applicant supplies it, the case waits for the window again.
func (e *env) correctionRoundTrip(t *testing.T, c casework.Case) casework.Case {
	t.Helper()
	must := mustOf(t)
	clerk := e.as(t, "chuangkou")
	if _, err := e.cases.RequestFix(clerk, c.ID, casework.FixInput{}); errs.FieldsOf(err)["items"] == "" {
		t.Fatalf("an empty notice is refused: %v", err)
	}
	c = must(e.cases.RequestFix(clerk, c.ID, casework.FixInput{Version: c.Version, Items: []casework.FixItem{
		{Material: "施工合同", Problem: "缺少发包方盖章页"}, {Material: "设计单位对施工图质量的承诺书", Problem: "未签字"}}}))
	wantStatus(t, c, casework.CorrectionStarted)
	if _, err := e.cases.Accept(clerk, c.ID, casework.AcceptInput{}); !errs.Is(err, errs.Conflict) {
		t.Fatalf("accepting during 补正 is illegal: %v", err)
	}
	if _, err := e.cases.SupplyFix(e.as(t, "chuangkou.qx"), c.ID, casework.SupplyInput{
		Materials: map[string]string{"施工合同": e.upload(t, 900)}}); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("another county's clerk cannot act: %v", err)
	}
	c = must(e.cases.SupplyFix(e.as(t, "qiye"), c.ID, casework.SupplyInput{Materials: map[string]string{
		"施工合同": e.upload(t, 901), "设计单位对施工图质量的承诺书": e.upload(t, 902)}}))
	wantStatus(t, c, casework.CorrectionEnded)
	c = must(e.cases.Get(e.as(t, "qiye"), c.ID))
	if c.Accepted() || len(c.Pauses) != 1 || c.Pauses[0].EndedAt.IsZero() {
		t.Fatalf("a 补正 before acceptance starts no clock: %+v", c.Pauses)
	}
	return c
}

// acceptWithDeficiency accepts on Monday 2026-03-09 10:00 with the funding
// commitment to follow (容缺受理).
func (e *env) acceptWithDeficiency(t *testing.T, c casework.Case) casework.Case {
	t.Helper()
	must := mustOf(t)
	clerk := e.as(t, "chuangkou")
	if _, err := e.cases.Accept(clerk, c.ID, casework.AcceptInput{Deficiency: []string{"施工合同"}}); errs.FieldsOf(err)["deficiency"] == "" {
		t.Fatalf("only 容缺-able materials may follow: %v", err)
	}
	if _, err := e.cases.Accept(clerk, c.ID, casework.AcceptInput{Version: c.Version - 1}); !errs.Is(err, errs.Conflict) {
		t.Fatalf("a stale form is refused: %v", err)
	}
	row := must(e.cases.Accept(clerk, c.ID, casework.AcceptInput{Version: c.Version,
		Deficiency: []string{"建设资金已经落实承诺书"}}))
	wantStatus(t, row, casework.InReview)
	c = must(e.cases.Get(clerk, c.ID))
	if row.Version != c.Version || !row.AcceptedAt.Equal(c.AcceptedAt) || row.Deadline != c.Deadline ||
		row.StartDay != c.StartDay || row.DeficiencyDeadline != c.DeficiencyDeadline || row.LeadOrgID != c.LeadOrgID {
		t.Fatalf("the returned row differs from the stored one:\n%+v\n%+v", row, c)
	}
	if c.StartDay.String() != "2026-03-09" || c.Deadline.String() != "2026-03-10" || len(c.Tasks) != 1 ||
		c.DeficiencyDeadline.String() != "2026-03-16" {
		t.Fatalf("clock: start %s deadline %s deficiency %s tasks %d", c.StartDay, c.Deadline, c.DeficiencyDeadline, len(c.Tasks))
	}
	return c
}

// specialProcedure: an expert review from Tuesday 10 March to Friday 13
// March stops the clock for 3 working days; the deadline moves from 10 to
// 13 March and the case is yellow, not red, when it resumes.
func (e *env) specialProcedure(t *testing.T, c casework.Case) casework.Case {
	t.Helper()
	must := mustOf(t)
	reviewer := e.as(t, "shenpi.zj")
	e.clock.Set(beijing(2026, 3, 10, 9, 0))
	c = must(e.cases.StartSpecial(reviewer, c.ID, casework.SpecialInput{Version: c.Version, Kind: "expert",
		Reason: "结构安全专家论证", ExpectedDays: 3}))
	wantStatus(t, c, casework.SpecialStarted)
	e.clock.Set(beijing(2026, 3, 13, 16, 0))
	if c = must(e.cases.Get(reviewer, c.ID)); c.Clock.Level != casework.LevelPaused || c.Clock.UsedDays != 1 {
		t.Fatalf("paused clock: %+v", c.Clock)
	}
	must(e.cases.EndSpecial(reviewer, c.ID, casework.EndSpecialInput{Version: c.Version, Outcome: "专家论证通过"}))
	c = must(e.cases.Get(reviewer, c.ID))
	wantStatus(t, c, casework.InReview)
	if c.PausedDays != 3 || c.Deadline.String() != "2026-03-13" || c.Clock.UsedDays != 1 {
		t.Fatalf("after the special procedure: paused %d deadline %s clock %+v", c.PausedDays, c.Deadline, c.Clock)
	}
	return c
}

// conclude: the department reviews, its head concludes.
func (e *env) conclude(t *testing.T, c casework.Case, reviewer, head string, want casework.Status) {
	t.Helper()
	must := mustOf(t)
	if _, err := e.cases.Conclude(e.as(t, head), c.ID, casework.ConcludeInput{Approve: true, Opinion: "同意"}); !errs.Is(err, errs.Conflict) {
		t.Fatalf("concluding before the review is refused: %v", err)
	}
	if _, err := e.cases.Review(e.as(t, "shenpi"), c.ID, casework.TaskInput{Opinion: "同意", Decision: "approve"}); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("another department's reviewer has no task here: %v", err)
	}
	c = must(e.cases.Review(e.as(t, reviewer), c.ID, casework.TaskInput{Opinion: "材料齐全，符合要求", Decision: "approve"}))
	if !c.ReadyToConclude {
		t.Fatal("the only department approved: ready to conclude")
	}
	e.clock.Set(e.clock.Now().Add(time.Hour))
	must(e.cases.Conclude(e.as(t, head), c.ID, casework.ConcludeInput{Version: c.Version, Approve: true,
		Opinion: "准予许可"}))
	c = must(e.cases.Get(e.as(t, head), c.ID))
	wantStatus(t, c, want)
	if c.ConcludedAt.IsZero() || c.Clock.Level != casework.LevelDone {
		t.Fatalf("concluded: %+v", c.Clock)
	}
}
