package faults

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// openCases applies n times for the plan's stage as the demo enterprise
// and accepts every case as the window clerk, all over HTTP, and returns
// the ids of the cases now in review.
func openCases(ctx context.Context, t *testing.T, base string, n int) []int64 {
	t.Helper()
	qiye, err := login(ctx, base, "qiye")
	if err != nil {
		t.Fatal(err)
	}
	clerk, err := login(ctx, base, "chuangkou")
	if err != nil {
		t.Fatal(err)
	}
	pl, err := loadPlan(ctx, qiye)
	if err != nil {
		t.Fatal(err)
	}
	st, hash, err := qiye.upload(ctx, "材料.pdf", samplePDF("two servers"))
	if err != nil || st != 201 {
		t.Fatalf("upload: %d %v", st, err)
	}
	mats := map[string]string{}
	for _, m := range pl.materials {
		mats[m] = hash
	}
	var ids []int64
	for i := range n {
		var app struct {
			Cases []caseView `json:"cases"`
		}
		in := map[string]any{"project_id": pl.projectID, "stage_no": pl.stage, "form": pl.form, "materials": mats,
			"optional": pl.optional[:i%2*len(pl.optional)]}
		st, raw, err := qiye.api(ctx, "POST", "/api/v1/applications", in, &app, "Idempotency-Key", fmt.Sprintf("two-%d", i))
		if err != nil || st != 201 {
			t.Fatalf("submit: %d %v %s", st, err, raw)
		}
		for _, c := range app.Cases {
			var after caseView
			st, raw, err := clerk.api(ctx, "POST", fmt.Sprintf("/api/v1/cases/%d/accept", c.ID),
				map[string]any{"version": c.Version, "opinion": "受理"}, &after)
			if err != nil || st != 200 || after.Status != 8 {
				t.Fatalf("accept %d: %d %v %s", c.ID, st, err, raw)
			}
			ids = append(ids, c.ID)
		}
	}
	return ids
}

// scheduleReport saves a weekly dynamic report as the supervisor through
// the API and returns its id.
func scheduleReport(ctx context.Context, t *testing.T, base string) int64 {
	t.Helper()
	sup, err := login(ctx, base, "jianguan")
	if err != nil {
		t.Fatal(err)
	}
	year := time.Now().Year()
	in := map[string]any{"name": "故障测试：定时周报", "share": "private", "schedule": "weekly", "weekday": 1,
		"spec": map[string]any{"rows": []string{"region"}, "measures": []string{"received", "accepted"},
			"period": "month", "from": fmt.Sprintf("%d-01-01", year), "to": fmt.Sprintf("%d-12-31", year),
			"filters": map[string]any{}}}
	var def struct {
		ID int64 `json:"id"`
	}
	st, raw, err := sup.api(ctx, "POST", "/api/v1/reports/saved", in, &def)
	if err != nil || st/100 != 2 || def.ID == 0 {
		t.Fatalf("save report: %d %v %s", st, err, raw)
	}
	return def.ID
}

// earliestDeadline is noon (Beijing) of the earliest deadline of ids.
func earliestDeadline(ctx context.Context, t *testing.T, db *sqldb.DB, ids []int64) time.Time {
	t.Helper()
	var d string
	if err := db.QueryRowContext(ctx, `SELECT MIN(deadline) FROM cases WHERE status = 8 AND deadline IS NOT NULL`).Scan(&d); err != nil {
		t.Fatal(err)
	}
	day, err := time.ParseInLocation(time.DateOnly, d[:10], time.FixedZone("CST", 8*3600))
	if err != nil {
		t.Fatal(err)
	}
	return day.Add(12 * time.Hour)
}

// reportDue is the definition's next scheduled run.
func reportDue(ctx context.Context, t *testing.T, db *sqldb.DB, id int64) time.Time {
	t.Helper()
	var at sqldb.NullTime
	if err := db.QueryRowContext(ctx, `SELECT next_run_at FROM report_definitions WHERE id = $1`, id).Scan(&at); err != nil {
		t.Fatal(err)
	}
	if !at.Valid {
		t.Fatalf("report %d has no next run", id)
	}
	return at.Time
}

// checkWarnings: every case got exactly one 逾期 (red) step and at most one
// 预警 (yellow) step, and each raise reached each recipient once (no
// recipient of a case has two notices of one kind, and each raise left
// at least one notice).
func checkWarnings(ctx context.Context, t *testing.T, db *sqldb.DB, ids []int64) {
	t.Helper()
	steps := map[string]int{}
	notices := map[string]int{}
	err := eachRow(ctx, db, `SELECT case_id, action FROM case_steps WHERE action IN ('warn_yellow', 'warn_red')`,
		func(r *sql.Rows) error {
			var id int64
			var a string
			err := r.Scan(&id, &a)
			steps[fmt.Sprintf("%d %s", id, a)]++
			return err
		})
	if err != nil {
		t.Fatal(err)
	}
	perCase := map[string]int{}
	err = eachRow(ctx, db, `SELECT case_id, kind, COALESCE(to_org_id, 0), to_role, to_region_code FROM notifications
		WHERE kind IN ('case.warning', 'case.overdue')`, func(r *sql.Rows) error {
		var id, org int64
		var kind, role, region string
		err := r.Scan(&id, &kind, &org, &role, &region)
		notices[fmt.Sprintf("%d %s %d %s %s", id, kind, org, role, region)]++
		perCase[fmt.Sprintf("%d %s", id, kind)]++
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	yellow := 0
	for _, id := range ids {
		y, r := steps[fmt.Sprintf("%d warn_yellow", id)], steps[fmt.Sprintf("%d warn_red", id)]
		yellow += y
		if y > 1 || r != 1 {
			t.Errorf("case %d: %d yellow and %d red warning steps, want ≤1 and 1", id, y, r)
		}
		if (y == 1) != (perCase[fmt.Sprintf("%d case.warning", id)] > 0) || perCase[fmt.Sprintf("%d case.overdue", id)] == 0 {
			t.Errorf("case %d: warning steps without their notices (%v)", id, perCase)
		}
	}
	for k, n := range notices {
		if n != 1 {
			t.Errorf("notice %s sent %d times", k, n)
		}
	}
	t.Logf("%d cases: %d yellow and %d red warnings, %d warning notices", len(ids), yellow, len(ids), len(notices))
}

// checkReportRuns: the scheduled report ran exactly want times, each run
// made once (done) and for a distinct due time.
func checkReportRuns(ctx context.Context, t *testing.T, db *sqldb.DB, id int64, want int) {
	t.Helper()
	var runs, done int
	err := db.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(CASE WHEN status = 'done' THEN 1 END) FROM report_runs
		WHERE definition_id = $1 AND origin = 'schedule'`, id).Scan(&runs, &done)
	if err != nil {
		t.Fatal(err)
	}
	if runs != want || done != want {
		t.Errorf("scheduled report %d: %d runs (%d done), want %d", id, runs, done, want)
	}
	t.Logf("scheduled report: %d runs for %d due times", runs, want)
}

func eachRow(ctx context.Context, db *sqldb.DB, query string, fn func(*sql.Rows) error) error {
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
