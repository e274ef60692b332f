package app

import (
	"fmt"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/exchange"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/report"
)

// monitorFixtures names, for the operations capabilities: an indicator
// alert of 通川区 and a rule; a data-quality run, a result and a task (a
// 通川区 project with a wrong credit-code check character, for the
// window); an exchange record and an import; a report shared city-wide
// by the supervisor and a finished run of it.
func monitorFixtures(t *testing.T, sys *System, ids map[string]string) {
	t.Helper()
	ids["alert_rule"], ids["alert"] = alertFixture(t, sys)
	qualityFixture(t, sys, ids)
	if _, err := sys.Exchange.Enqueue(as(t, sys, "yunwei")); err != nil {
		t.Fatal(err)
	}
	var rec int64
	if err := sys.DB.QueryRow(`SELECT MIN(id) FROM exchange_records`).Scan(&rec); err != nil {
		t.Fatal(err)
	}
	imp, err := sys.Exchange.Import(as(t, sys, "yunwei"), exchange.ImportInput{Source: "api", Format: "json",
		Data: []byte(`[{"code":"2026-511702-47-03-777001","name":"导入测试项目","region_code":"511702","flow_type":4,` +
			`"owner_name":"达州川东建设有限公司（演示）","owner_credit_code":"91511702MA6DH20267"}]`)})
	if err != nil {
		t.Fatal(err)
	}
	ids["exchange_record"], ids["exchange_import"] = fmt.Sprint(rec), fmt.Sprint(imp.ID)
	reportFixture(t, sys, ids)
}

func alertFixture(t *testing.T, sys *System) (rule, alert string) {
	t.Helper()
	var ruleID, alertID int64
	now := sqldb.T(sys.Now())
	err := sys.DB.QueryRow(`SELECT MIN(id) FROM anomaly_rules`).Scan(&ruleID)
	if err == nil {
		err = sys.DB.QueryRow(`INSERT INTO anomaly_alerts (rule_id, region_code, region_name, state, day, explanation,
			opened_at, fired_at, updated_at) VALUES ($1, '511702', '通川区', 'firing', '2026-11-20', '通川区 逾期率 12 %（测试）',
			$2, $2, $2) RETURNING id`, ruleID, now).Scan(&alertID)
	}
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(ruleID), fmt.Sprint(alertID)
}

func qualityFixture(t *testing.T, sys *System, ids map[string]string) {
	t.Helper()
	proj := demoProject(t, sys, "511702", 4)
	_, err := sys.DB.Exec(`INSERT INTO projects (code, name, region_id, flow_type, owner_name, owner_credit_code,
		investment, address, created_at, updated_at) VALUES ('2026-511702-59-03-900777', '治理测试项目',
		(SELECT id FROM regions WHERE code = '511702'), 4, $1, '91511702MA6200000X', 100000, '达州市通川区测试路1号', $2, $2)`,
		proj.OwnerName, sqldb.T(sys.Now()))
	if err != nil {
		t.Fatal(err)
	}
	run, err := sys.Quality.RunAll(as(t, sys, "yunwei"))
	if err != nil {
		t.Fatal(err)
	}
	var result, task, rule int64
	err = sys.DB.QueryRow(`SELECT r.id, r.rule_id FROM quality_results r JOIN quality_rules q ON q.id = r.rule_id
		WHERE r.run_id = $1 ORDER BY r.id LIMIT 1`, run.ID).Scan(&result, &rule)
	if err == nil {
		err = sys.DB.QueryRow(`SELECT t.id FROM quality_tasks t JOIN projects p ON CAST(p.id AS TEXT) = t.record_id
			WHERE p.code = '2026-511702-59-03-900777' AND t.record_type = 'project' ORDER BY t.id LIMIT 1`).Scan(&task)
	}
	if err != nil {
		t.Fatal(err)
	}
	ids["quality_run"], ids["quality_result"], ids["quality_task"], ids["quality_rule"] = fmt.Sprint(run.ID),
		fmt.Sprint(result), fmt.Sprint(task), fmt.Sprint(rule)
}

func reportFixture(t *testing.T, sys *System, ids map[string]string) {
	t.Helper()
	ctx := as(t, sys, "jianguan")
	month := sys.Now().In(time.FixedZone("CST", 8*3600)).Format("2006-01")
	def, err := sys.Reports.Save(ctx, 0, report.DefinitionInput{Name: "各区县受理办结", Share: "city", Schedule: "none",
		Spec: report.Spec{Rows: []string{"region"}, Measures: []string{"accepted", "concluded"}, Period: "month",
			From: month + "-01", To: month + "-01"}})
	if err != nil {
		t.Fatal(err)
	}
	run, err := sys.Reports.Export(ctx, def.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sys.Reports.ProcessQueued(ctx); err != nil {
		t.Fatal(err)
	}
	ids["report"], ids["report_run"] = fmt.Sprint(def.ID), fmt.Sprint(run.ID)
	for _, key := range []string{"report_del", "report_del_api"} { // the delete routes each remove their own
		d, err := sys.Reports.Save(ctx, 0, report.DefinitionInput{Name: "待删除 " + key, Share: "city", Schedule: "none",
			Spec: def.Spec})
		if err != nil {
			t.Fatal(err)
		}
		ids[key] = fmt.Sprint(d.ID)
	}
}

// pathOverrides name the fixture of routes whose path alone cannot tell it.
var pathOverrides = map[string]string{"POST /reports/saved/{id}/delete": "report_del",
	"DELETE /api/v1/reports/saved/{id}": "report_del_api"}
