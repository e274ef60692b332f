package history

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Batch is one generated history.
type Batch struct {
	ID         int64     `json:"id"`
	Label      string    `json:"label"`
	Params     string    `json:"params"` // the Params as JSON
	Status     string    `json:"status"` // running | complete
	Projects   int       `json:"projects"`
	Cases      int       `json:"cases"`
	CreatedAt  time.Time `json:"created_at"`
	FinishedAt time.Time `json:"finished_at,omitzero"`
}

// Batches lists the generated batches, newest first.
func (s *Service) Batches(ctx context.Context) ([]Batch, error) {
	rows, err := s.d.DB.QueryContext(ctx, `SELECT id, label, params, status, projects, cases, created_at, finished_at
		FROM generated_batches ORDER BY id DESC`)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Batch
	for rows.Next() {
		var b Batch
		var created sqldb.Time
		var finished sqldb.NullTime
		if err := rows.Scan(&b.ID, &b.Label, &b.Params, &b.Status, &b.Projects, &b.Cases, &created, &finished); err != nil {
			return nil, sqldb.Translate(err)
		}
		b.CreatedAt, b.FinishedAt = created.Time, finished.Time
		out = append(out, b)
	}
	return out, sqldb.Translate(rows.Err())
}

// Deleted counts the rows Delete removed, by table.
type Deleted map[string]int64

// Delete removes every row of the batch — complete or interrupted — and
// the batch itself, in one transaction, and records "history.delete".
// Only the batch's id ranges are touched. The engine's number counters
// stay where they are (a number is never issued twice).
//
// Errors: NotFound for an unknown batch; Conflict (Chinese message) when
// other records now point at generated rows, e.g. a licence issued for a
// generated case, which must be removed by its owner first.
func (s *Service) Delete(ctx context.Context, batch int64) (Deleted, error) {
	out := Deleted{}
	err := s.d.DB.WithTx(ctx, func(tx *sql.Tx) error {
		var label string
		err := tx.QueryRowContext(ctx, `SELECT label FROM generated_batches WHERE id = $1`, batch).Scan(&label)
		if sqldb.NotFoundIf(err) {
			return errs.E(errs.NotFound, "生成数据批次不存在。")
		}
		if err != nil {
			return sqldb.Translate(err)
		}
		for t := nTables - 1; t >= 0; t-- {
			n, err := deleteRanges(ctx, tx, batch, tableNames[t])
			if err != nil {
				return err
			}
			out[tableNames[t]] = n
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM generated_ranges WHERE batch_id = $1`, batch); err != nil {
			return sqldb.Translate(err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM generated_batches WHERE id = $1`, batch); err != nil {
			return sqldb.Translate(err)
		}
		return s.d.Audit.Record(ctx, tx, audit.Entry{Action: "history.delete", ObjectType: "generated_batch",
			ObjectID: fmt.Sprint(batch), Detail: map[string]any{"label": label, "deleted": out}})
	})
	return out, err
}

func deleteRanges(ctx context.Context, tx *sql.Tx, batch int64, table string) (int64, error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE EXISTS (SELECT 1 FROM generated_ranges g
		WHERE g.batch_id = $1 AND g.table_name = $2 AND `+table+`.id BETWEEN g.first_id AND g.last_id)`, batch, table)
	if errs.Is(sqldb.Translate(err), errs.Conflict) {
		return 0, errs.Wrap(errs.Conflict, "生成的数据已被其他记录引用（如为生成的办件签发的电子证照），"+
			"请先删除这些记录后再删除本批数据。", err)
	}
	if err != nil {
		return 0, sqldb.Translate(err)
	}
	return res.RowsAffected()
}

// GeneratedSQL is a condition that holds when idExpr (e.g. "c.id") is the
// id of a generated row of table (one of the six the generator writes),
// for queries that must leave demo data out — the upward exchange, the
// licence catch-up — or label it. It panics on an unknown table.
func GeneratedSQL(table, idExpr string) string {
	known := false
	for _, t := range tableNames {
		known = known || t == table
	}
	if !known {
		panic("history: GeneratedSQL of unknown table " + table)
	}
	return `EXISTS (SELECT 1 FROM generated_ranges g WHERE g.table_name = '` + table + `' AND ` + idExpr +
		` BETWEEN g.first_id AND g.last_id)`
}

// SeedDemo generates the demo history (DemoParams(now)) when no batch
// exists yet, and reports whether it ran. Safe to call on every start.
func (s *Service) SeedDemo(ctx context.Context, now time.Time) (Summary, bool, error) {
	var n int
	if err := s.d.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM generated_batches`).Scan(&n); err != nil {
		return Summary{}, false, sqldb.Translate(err)
	}
	if n > 0 {
		return Summary{}, false, nil
	}
	sum, err := s.Generate(ctx, DemoParams(now))
	return sum, err == nil, err
}
