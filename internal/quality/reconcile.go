package quality

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// openTask is what reconcile needs of an open task.
type openTask struct {
	id     int64
	region string
}

// reconcile brings the rule's tasks in line with this run, inside tx: a
// failing record with an open task refreshes it; one without gets a new
// task (unless the rule and record were closed as an exception, and at
// most MaxTasks new ones per run); an open task whose record the check
// covered and found passing closes itself ("auto"). Openings and automatic
// closings are audited.
func (s *Service) reconcile(ctx context.Context, tx *sql.Tx, run *Run, rule Rule, out outcome, units unitIndex) error {
	open, exempt, err := ruleTasks(ctx, tx, rule.ID)
	if err != nil {
		return err
	}
	now := sqldb.T(s.now())
	var entries []audit.Entry
	failing := map[string]bool{}
	opened := 0
	for _, f := range out.failures {
		key := f.RecordType + "|" + f.RecordID
		failing[key] = true
		if t, ok := open[key]; ok {
			if _, err := tx.ExecContext(ctx, `UPDATE quality_tasks SET last_run = $2, last_seen_at = $3, explanation = $4,
				link = $5 WHERE id = $1`, t.id, run.ID, now, f.Explanation, f.Link); err != nil {
				return sqldb.Translate(err)
			}
			continue
		}
		if exempt[key] || opened >= MaxTasks {
			continue
		}
		id, err := insertTask(ctx, tx, run, rule, f, units.responsible(rule.Responsible, f), now)
		if err != nil {
			return err
		}
		opened++
		entries = append(entries, taskEntry("quality.task_open", id, f.RegionCode, map[string]any{"rule": rule.Code,
			"record_type": f.RecordType, "record_id": f.RecordID, "explanation": f.Explanation}))
	}
	for key, t := range open {
		if failing[key] || (out.covers != nil && !out.covers(recordIDOf(key))) {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE quality_tasks SET closed_at = $2, close_kind = 'auto', last_run = $3,
			close_reason = '复核通过' WHERE id = $1 AND closed_at IS NULL`, t.id, now, run.ID); err != nil {
			return sqldb.Translate(err)
		}
		entries = append(entries, taskEntry("quality.task_autoclose", t.id, t.region, map[string]any{"rule": rule.Code,
			"run_id": run.ID}))
	}
	return s.rec.RecordAll(ctx, tx, entries)
}

func taskEntry(action string, id int64, region string, detail map[string]any) audit.Entry {
	return audit.Entry{Action: action, ObjectType: "quality_task", ObjectID: strconv.FormatInt(id, 10),
		RegionCode: region, Detail: detail}
}

// recordIDOf returns the record id of a "type|id" key.
func recordIDOf(key string) string {
	for i := 0; i < len(key); i++ {
		if key[i] == '|' {
			return key[i+1:]
		}
	}
	return key
}

// ruleTasks returns the rule's open tasks and the records closed as exceptions.
func ruleTasks(ctx context.Context, tx *sql.Tx, ruleID int64) (map[string]openTask, map[string]bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, record_type, record_id, region_code, close_kind FROM quality_tasks
		WHERE rule_id = $1 AND (closed_at IS NULL OR close_kind = 'exempt')`, ruleID)
	if err != nil {
		return nil, nil, sqldb.Translate(err)
	}
	defer rows.Close()
	open, exempt := map[string]openTask{}, map[string]bool{}
	for rows.Next() {
		var t openTask
		var typ, rec, kind string
		if err := rows.Scan(&t.id, &typ, &rec, &t.region, &kind); err != nil {
			return nil, nil, sqldb.Translate(err)
		}
		if kind == "exempt" {
			exempt[typ+"|"+rec] = true
		} else {
			open[typ+"|"+rec] = t
		}
	}
	return open, exempt, sqldb.Translate(rows.Err())
}

func insertTask(ctx context.Context, tx *sql.Tx, run *Run, rule Rule, f Failure, unit int64, now sqldb.Time) (int64, error) {
	var orgID any
	if unit != 0 {
		orgID = unit
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO quality_tasks (rule_id, rule_code, record_type, record_id, region_code,
		org_unit_id, explanation, link, opened_run, last_run, opened_at, last_seen_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $10) RETURNING id`,
		rule.ID, rule.Code, f.RecordType, f.RecordID, f.RegionCode, orgID, f.Explanation, f.Link, run.ID, now).Scan(&id)
	return id, sqldb.Translate(err)
}
