package quality

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// TestBaseline: the demo data and a case moved only by the engine break no
// rule; only the silent-region rule fails (nothing happened last week).
func TestBaseline(t *testing.T) {
	e := newEnv(t)
	e.acceptedCase(t, "baseline")
	run := e.run(t)
	if len(run.Results) != len(DefaultRules) {
		t.Fatalf("%d results, want %d", len(run.Results), len(DefaultRules))
	}
	for _, r := range run.Results {
		want := StatusPass
		if r.RuleCode == "region_silent_workday" {
			want = StatusFail
		}
		if r.Status != want {
			t.Errorf("%s: %s (%d of %d failing, %q), want %s", r.RuleCode, r.Status, r.Failed, r.Evaluated, r.Error, want)
		}
		if r.Evaluated == 0 && r.RuleCode != "case_no_step_after_conclusion" && r.RuleCode != "case_accept_before_conclude" &&
			r.RuleCode != "case_result_document" {
			t.Errorf("%s evaluated nothing", r.RuleCode)
		}
	}
	if run.Pass+run.Warn+run.Fail+run.Error != len(run.Results) || run.FinishedAt.IsZero() {
		t.Errorf("run counts %+v", run)
	}
	if len(testkit.AuditEvents(t, e.db, "quality.run")) != 1 {
		t.Error("want one quality.run event")
	}
	testkit.AuditChainOK(t, e.db)
}

func TestJudge(t *testing.T) {
	count := Rule{ThresholdKind: ThresholdCount, WarnAbove: 0, FailAbove: 3}
	rate := Rule{ThresholdKind: ThresholdRate, WarnAbove: 100, FailAbove: 1000} // 1%, 10%
	for _, tc := range []struct {
		rule              Rule
		evaluated, failed int
		want              string
	}{
		{count, 100, 0, StatusPass}, {count, 100, 1, StatusWarn}, {count, 100, 3, StatusWarn}, {count, 100, 4, StatusFail},
		{rate, 1000, 10, StatusPass}, {rate, 1000, 11, StatusWarn}, {rate, 1000, 100, StatusWarn},
		{rate, 1000, 101, StatusFail}, {rate, 0, 0, StatusPass},
		{Rule{ThresholdKind: ThresholdCount}, 5, 1, StatusFail},
	} {
		if got := judge(tc.rule, tc.evaluated, tc.failed); got != tc.want {
			t.Errorf("judge(%+v, %d, %d) = %s, want %s", tc.rule, tc.evaluated, tc.failed, got, tc.want)
		}
	}
}

// TestCapAndThresholds: 520 bad credit codes are all counted and tasked,
// 500 rows stored; raising the threshold turns the result into a warning.
func TestCapAndThresholds(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	err := e.db.WithTx(ctx, func(tx *sql.Tx) error {
		for i := range 520 {
			_, err := tx.Exec(`INSERT INTO projects (code, name, region_id, flow_type, owner_name, owner_credit_code,
				investment, address, created_at, updated_at) VALUES ($1, $2, (SELECT id FROM regions WHERE code = '511725'),
				4, '测试单位', '91511702MA6200000X', 100, '渠县', '2026-03-09T02:00:00.000000Z', '2026-03-09T02:00:00.000000Z')`,
				fmt.Sprintf("2026-511725-59-03-%06d", 700000+i), fmt.Sprintf("批量测试项目%d", i))
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	res := result(t, e.run(t), "project_credit_code")
	if res.Status != StatusFail || res.Failed != 520 || res.Stored != MaxStored {
		t.Fatalf("result %+v, want fail with 520 failing and %d stored", res, MaxStored)
	}
	var stored, tasks int
	_ = e.db.QueryRow(`SELECT COUNT(*) FROM quality_failures WHERE result_id = $1`, res.ID).Scan(&stored)
	_ = e.db.QueryRow(`SELECT COUNT(*) FROM quality_tasks WHERE rule_code = 'project_credit_code' AND closed_at IS NULL`).Scan(&tasks)
	if stored != MaxStored || tasks != 520 {
		t.Fatalf("stored %d rows and %d tasks, want %d and 520", stored, tasks, MaxStored)
	}
	rule := e.ruleByCode(t, "project_credit_code")
	in := RuleInput{Name: rule.Name, Severity: "low", ThresholdKind: ThresholdRate, WarnAbove: 0, FailAbove: 9950, // 520 of 524 is 99.24%
		Responsible: rule.Responsible, Params: "{}", Active: true}
	if _, err := e.q.UpdateRule(e.as(t, "yunwei"), rule.ID, in); err != nil {
		t.Fatal(err)
	}
	if res := result(t, e.run(t), "project_credit_code"); res.Status != StatusWarn {
		t.Fatalf("after raising the threshold: %+v, want warn", res)
	}
	if len(testkit.AuditEvents(t, e.db, "quality.rule_update")) != 1 {
		t.Error("want one quality.rule_update event")
	}
}

func (e *env) ruleByCode(t testing.TB, code string) Rule {
	t.Helper()
	rules, err := e.q.Rules(e.as(t, "yunwei"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		if r.Code == code {
			return r
		}
	}
	t.Fatalf("no rule %s", code)
	return Rule{}
}

func TestUpdateRuleChecks(t *testing.T) {
	e := newEnv(t)
	rule := e.ruleByCode(t, "project_code")
	bad := RuleInput{Name: "", Severity: "x", ThresholdKind: "y", WarnAbove: 5, FailAbove: 1, Responsible: "nobody",
		Params: "[1]"}
	_, err := e.q.UpdateRule(e.as(t, "yunwei"), rule.ID, bad)
	for _, field := range []string{"name", "severity", "threshold_kind", "responsible", "params"} {
		if errs.FieldsOf(err)[field] == "" {
			t.Errorf("no message for %s in %v", field, err)
		}
	}
	if _, err := e.q.UpdateRule(e.as(t, "jianguan"), rule.ID, bad); !errs.Is(err, errs.Forbidden) {
		t.Errorf("supervisor updating a rule: %v, want Forbidden", err)
	}
	if _, err := e.q.RunNow(e.as(t, "jianguan")); !errs.Is(err, errs.Forbidden) {
		t.Errorf("supervisor running the rules: %v, want Forbidden", err)
	}
}
