package quality

import (
	"context"
	"database/sql"
	"strconv"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// breakCase breaks one record by hand in one way, names the rule that must
// catch it and the unit its task must go to, and returns how to fix it.
type breakCase struct {
	name, rule, recordType string
	unit                   func(t *testing.T, e *env) int64 // the task's expected org unit
	setup                  func(t *testing.T, e *env) (recordID string, fix func())
}

func rect(lon0, lat0, lon1, lat1 float64) string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	return `{"type":"Polygon","coordinates":[[[` + f(lon0) + `,` + f(lat0) + `],[` + f(lon1) + `,` + f(lat0) + `],[` +
		f(lon1) + `,` + f(lat1) + `],[` + f(lon0) + `,` + f(lat1) + `],[` + f(lon0) + `,` + f(lat0) + `]]]}`
}

func unitOf(region, fn string) func(t *testing.T, e *env) int64 {
	return func(t *testing.T, e *env) int64 {
		u, err := e.orgs.UnitByFunction(context.Background(), region, fn)
		if err != nil {
			t.Fatal(err)
		}
		return u.ID
	}
}

var window702, zj702 = unitOf("511702", "window"), unitOf("511702", "zj")

func projectCase(serial, name, rule string, setup func(t *testing.T, e *env, id int64) func()) breakCase {
	return breakCase{name: name, rule: rule, recordType: "project", unit: window702,
		setup: func(t *testing.T, e *env) (string, func()) {
			id := e.newProject(t, "2026-511702-59-03-"+serial, "测试项目"+name, "")
			return strconv.FormatInt(id, 10), setup(t, e, id)
		}}
}

func caseCase(name, rule string, setup func(t *testing.T, e *env, id int64, accepted time.Time) func()) breakCase {
	return breakCase{name: name, rule: rule, recordType: "case", unit: zj702,
		setup: func(t *testing.T, e *env) (string, func()) {
			c := e.acceptedCase(t, "break-"+name)
			return strconv.FormatInt(c.ID, 10), setup(t, e, c.ID, c.AcceptedAt)
		}}
}

var breakCases = []breakCase{
	projectCase("900201", "code", "project_code", func(t *testing.T, e *env, id int64) func() {
		e.exec(t, `UPDATE projects SET code = '2026-110105-59-03-900301' WHERE id = $1`, id)
		return func() { e.exec(t, `UPDATE projects SET code = '2026-511702-59-03-900301' WHERE id = $1`, id) }
	}),
	projectCase("900202", "credit", "project_credit_code", func(t *testing.T, e *env, id int64) func() {
		e.exec(t, `UPDATE projects SET owner_credit_code = '91511702MA6200000X' WHERE id = $1`, id)
		good := e.demoProject(t).OwnerCreditCode
		return func() { e.exec(t, `UPDATE projects SET owner_credit_code = $2 WHERE id = $1`, id, good) }
	}),
	projectCase("900203", "required", "project_required", func(t *testing.T, e *env, id int64) func() {
		e.exec(t, `UPDATE projects SET address = '' WHERE id = $1`, id)
		return func() { e.exec(t, `UPDATE projects SET address = '达州市通川区测试路9号' WHERE id = $1`, id) }
	}),
	{name: "duplicate", rule: "project_duplicates", recordType: "project", unit: window702,
		setup: func(t *testing.T, e *env) (string, func()) {
			e.newProject(t, "2026-511702-59-03-900311", "达州市通川区测试仓储中心", rect(107.40, 31.20, 107.401, 31.201))
			b := e.newProject(t, "2026-511702-59-03-900312", "达州市 通川区测试仓储中心（新）", rect(107.4005, 31.2005, 107.4015, 31.2015))
			return strconv.FormatInt(b, 10), func() { e.exec(t, `UPDATE projects SET name = '渠江北岸滨河公园' WHERE id = $1`, b) }
		}},
	{name: "site", rule: "project_site_in_dazhou", recordType: "project", unit: unitOf("511702", "zrzy"),
		setup: func(t *testing.T, e *env) (string, func()) {
			id := e.newProject(t, "2026-511702-59-03-900321", "测试红线项目", rect(104.06, 30.66, 104.061, 30.661))
			return strconv.FormatInt(id, 10), func() {
				e.exec(t, `UPDATE projects SET site_geojson = $2 WHERE id = $1`, id, rect(107.50, 31.30, 107.501, 31.301))
			}
		}},
	caseCase("accept-after-conclude", "case_accept_before_conclude", func(t *testing.T, e *env, id int64, acc time.Time) func() {
		e.exec(t, `UPDATE cases SET status = 13, concluded_at = $2 WHERE id = $1`, id, sqldb.T(acc.Add(-time.Hour)))
		return func() { e.exec(t, `UPDATE cases SET concluded_at = $2 WHERE id = $1`, id, sqldb.T(acc.Add(time.Hour))) }
	}),
	caseCase("step-after-conclusion", "case_no_step_after_conclusion", func(t *testing.T, e *env, id int64, acc time.Time) func() {
		e.exec(t, `UPDATE cases SET status = 13, concluded_at = $2 WHERE id = $1`, id, sqldb.T(acc.Add(time.Minute)))
		e.exec(t, `INSERT INTO case_steps (case_id, action, from_status, to_status, actor_name, occurred_at)
			VALUES ($1, 'task_opinion', 13, 13, '测试', $2)`, id, sqldb.T(acc.Add(time.Hour)))
		return func() { e.exec(t, `DELETE FROM case_steps WHERE case_id = $1 AND action = 'task_opinion'`, id) }
	}),
	caseCase("blzt", "case_blzt_sequence", func(t *testing.T, e *env, id int64, _ time.Time) func() {
		e.exec(t, `UPDATE case_steps SET to_status = 11 WHERE case_id = $1 AND action = 'dispatch'`, id)
		return func() {
			e.exec(t, `UPDATE case_steps SET to_status = 8 WHERE case_id = $1 AND action = 'dispatch'`, id)
		}
	}),
	caseCase("no-licence", "case_result_document", func(t *testing.T, e *env, id int64, _ time.Time) func() {
		e.exec(t, `UPDATE cases SET status = 11, concluded_at = $2 WHERE id = $1`, id, sqldb.T(e.clock.Now().Add(-2*time.Hour)))
		return func() { e.insertLicence(t, id) }
	}),
	caseCase("time-limit", "case_time_limit", func(t *testing.T, e *env, id int64, _ time.Time) func() {
		e.exec(t, `UPDATE cases SET limit_days = limit_days + 5 WHERE id = $1`, id)
		return func() { e.exec(t, `UPDATE cases SET limit_days = limit_days - 5 WHERE id = $1`, id) }
	}),
	caseCase("orphan", "case_orphans", func(t *testing.T, e *env, id int64, _ time.Time) func() {
		e.exec(t, `UPDATE cases SET item_code = 'no_such_item' WHERE id = $1`, id)
		return func() { e.exec(t, `UPDATE cases SET item_code = 'low_risk_joint_acceptance' WHERE id = $1`, id) }
	}),
	caseCase("backfill", "case_backfilled", func(t *testing.T, e *env, id int64, acc time.Time) func() {
		e.backfill(t, id, acc.AddDate(0, 0, -5), 3)
		return func() { e.exec(t, `DELETE FROM case_steps WHERE case_id = $1 AND action = 'task_opinion'`, id) }
	}),
	{name: "silent-region", rule: "region_silent_workday", recordType: "region_day", unit: unitOf("511725", "window"),
		setup: func(t *testing.T, e *env) (string, func()) {
			return "511725/2026-03-06", func() {
				c := e.acceptedCase(t, "silent-fix")
				e.exec(t, `UPDATE cases SET region_code = '511725', received_at = $2 WHERE id = $1`, c.ID,
					sqldb.T(time.Date(2026, 3, 6, 10, 0, 0, 0, beijing)))
			}
		}},
}

// backfill adds n steps that occurred at `at` but are recorded now, each
// with its audit event (as a 补录 tool would write them).
func (e *env) backfill(t *testing.T, caseID int64, at time.Time, n int) {
	t.Helper()
	err := e.db.WithTx(context.Background(), func(tx *sql.Tx) error {
		var entries []audit.Entry
		for i := range n {
			if _, err := tx.Exec(`INSERT INTO case_steps (case_id, action, from_status, to_status, actor_name, occurred_at)
				VALUES ($1, 'task_opinion', 8, 8, '补录', $2)`, caseID, sqldb.T(at.Add(time.Duration(i)*time.Hour))); err != nil {
				return err
			}
			entries = append(entries, audit.Entry{Action: "case.task_opinion", ObjectType: "case",
				ObjectID: strconv.FormatInt(caseID, 10), RegionCode: "511702"})
		}
		return e.rec.RecordAll(context.Background(), tx, entries)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// insertLicence gives case id a licence row (the result document).
func (e *env) insertLicence(t *testing.T, caseID int64) {
	t.Helper()
	unit := zj702(t, e)
	now := sqldb.T(e.clock.Now())
	var key int64
	err := e.db.QueryRowContext(context.Background(), `INSERT INTO licence_keys (org_unit_id, algorithm, public_key_pem,
		private_key_enc, created_at) VALUES ($1, 'SM2', 'pem', $2, $3) RETURNING id`, unit, []byte{1}, now).Scan(&key)
	if err != nil {
		t.Fatal(err)
	}
	e.exec(t, `INSERT INTO licences (number, case_id, case_number, kind_code, kind_name, title, item_code, item_name,
		holder_name, holder_credit_code, project_code, project_name, region_code, issuer_org_id, issuer_name, issue_date,
		content, digest, signature, key_id, public_key_pem, issued_at)
		SELECT 'L-' || c.number, c.id, c.number, 'k', '证照', '证照', c.item_code, c.item_name, '单位', '91', c.project_code,
		c.project_name, c.region_code, $2, '住建', '2026-03-09', '{}', 'd', $3, $4, 'pem', $5 FROM cases c WHERE c.id = $1`,
		caseID, unit, []byte{1}, key, now)
}

// TestBrokenRecords breaks records by hand in each way the rules know,
// checks that each is caught and turned into a task for the right unit,
// then fixes it and checks that the next run drops it and closes the task.
func TestBrokenRecords(t *testing.T) {
	e := newEnv(t)
	for _, bc := range breakCases {
		t.Run(bc.name, func(t *testing.T) {
			id, fix := bc.setup(t, e)
			run := e.run(t)
			res := result(t, run, bc.rule)
			if res.Status == StatusPass || res.Status == StatusError || !e.failing(t, res.ID, bc.recordType, id) {
				t.Fatalf("%s: result %+v does not list %s %s", bc.rule, res, bc.recordType, id)
			}
			task, ok := e.task(t, bc.rule, bc.recordType, id)
			if !ok || !task.Open() || task.Explanation == "" || task.Link == "" {
				t.Fatalf("task after breaking: %+v (found %v)", task, ok)
			}
			if want := bc.unit(t, e); task.OrgUnitID != want {
				t.Errorf("task unit = %d (%s), want %d", task.OrgUnitID, task.OrgUnitName, want)
			}
			e.run(t) // a second failing run keeps the one task
			if again, _ := e.task(t, bc.rule, bc.recordType, id); again.ID != task.ID || !again.Open() {
				t.Fatalf("second run: task %+v, want the same open task %d", again, task.ID)
			}
			fix()
			res = result(t, e.run(t), bc.rule)
			if e.failing(t, res.ID, bc.recordType, id) {
				t.Fatalf("%s still lists %s %s after the fix", bc.rule, bc.recordType, id)
			}
			if closed, _ := e.task(t, bc.rule, bc.recordType, id); closed.Open() || closed.CloseKind != "auto" {
				t.Fatalf("task after the fix: %+v, want closed automatically", closed)
			}
		})
	}
	if n := len(testkit.AuditEvents(t, e.db, "quality.task_autoclose")); n < len(breakCases) {
		t.Errorf("%d quality.task_autoclose events, want at least %d", n, len(breakCases))
	}
}
