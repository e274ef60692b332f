package history

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// rowsPerStmt is the rows of one multi-row INSERT: 500 × 33 values of a
// case stays under SQLite's 32,766 variables and PostgreSQL's 65,535.
const rowsPerStmt = 500

// writer writes chunks, each in one transaction, and remembers the id
// ranges it wrote so that they are recorded under the batch.
type writer struct {
	db    *sqldb.DB
	batch int64
	sql   map[[2]int]string // (table, rows) → INSERT text
	// last[t] is the last range of table t recorded for the batch, extended
	// while chunks follow each other without foreign rows in between.
	last [nTables][2]int64
}

func newWriter(db *sqldb.DB, batch int64) *writer {
	return &writer{db: db, batch: batch, sql: map[[2]int]string{}}
}

// write stores the chunk: on PostgreSQL it first locks the tables against
// other writers (ids are assigned here, not by the sequences, which are
// then moved past them); on SQLite the transaction's write lock suffices.
func (wr *writer) write(ctx context.Context, ch *chunk) error {
	return wr.db.WithTx(ctx, func(tx *sql.Tx) error {
		if wr.db.Dialect == sqldb.Postgres {
			if _, err := tx.ExecContext(ctx, `LOCK TABLE projects, applications, cases, case_tasks, case_steps,
				case_pauses IN SHARE ROW EXCLUSIVE MODE`); err != nil {
				return sqldb.Translate(err)
			}
		}
		var base [nTables]int64
		for t := range nTables {
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM `+tableNames[t]).Scan(&base[t]); err != nil {
				return sqldb.Translate(err)
			}
		}
		for t := range nTables {
			if err := wr.insert(ctx, tx, t, ch, base); err != nil {
				return err
			}
		}
		if err := wr.counters(ctx, tx, ch.counters); err != nil {
			return err
		}
		return wr.ranges(ctx, tx, ch, base)
	})
}

// insert writes table t's rows in statements of rowsPerStmt rows, the
// remainder in power-of-two pieces so that few distinct statements exist
// (the SQLite connection caches prepared statements by text).
func (wr *writer) insert(ctx context.Context, tx *sql.Tx, t int, ch *chunk, base [nTables]int64) error {
	cols := len(tableCols[t])
	args := ch.args[t]
	for _, ref := range tableRefs[t] {
		for i := ref.col; i < len(args); i += cols {
			args[i] = args[i].(int64) + base[ref.table]
		}
	}
	for len(args) > 0 {
		n := min(len(args)/cols, rowsPerStmt)
		for n&(n-1) != 0 && n != rowsPerStmt {
			n &= n - 1 // largest power of two not above the remainder
		}
		if _, err := tx.ExecContext(ctx, wr.stmt(t, n), args[:n*cols]...); err != nil {
			return sqldb.Translate(err)
		}
		args = args[n*cols:]
	}
	return wr.setval(ctx, tx, t, base[t]+ch.rows[t], ch.rows[t])
}

// setval moves a PostgreSQL identity sequence past the ids written.
func (wr *writer) setval(ctx context.Context, tx *sql.Tx, t int, last, n int64) error {
	if wr.db.Dialect != sqldb.Postgres || n == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+tableNames[t]+`', 'id'), $1)`, last)
	return sqldb.Translate(err)
}

// stmt is the INSERT of n rows into table t. SQLite gets anonymous "?"
// placeholders: the driver looks each numbered "$n" up by name, which is
// quadratic in the statement's parameters and made a 500-row statement
// ten times slower than the rows themselves.
func (wr *writer) stmt(t, n int) string {
	if s, ok := wr.sql[[2]int{t, n}]; ok {
		return s
	}
	cols := tableCols[t]
	var b strings.Builder
	b.WriteString("INSERT INTO " + tableNames[t] + " (" + strings.Join(cols, ", ") + ") VALUES ")
	p := 0
	for r := range n {
		if r > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for c := range cols {
			if c > 0 {
				b.WriteByte(',')
			}
			p++
			if wr.db.Dialect == sqldb.Postgres {
				b.WriteString("$" + strconv.Itoa(p))
			} else {
				b.WriteByte('?')
			}
		}
		b.WriteByte(')')
	}
	s := b.String()
	wr.sql[[2]int{t, n}] = s
	return s
}

// counters moves the engine's number counters up to the numbers the chunk
// issued, never down, so that the engine's next number on those days is
// a fresh one.
func (wr *writer) counters(ctx context.Context, tx *sql.Tx, counters map[string]int) error {
	var stmts []sqldb.Stmt
	for name, v := range counters {
		stmts = append(stmts, sqldb.Stmt{SQL: `INSERT INTO counters (name, value) VALUES ($1, $2)
			ON CONFLICT (name) DO UPDATE SET value = CASE WHEN excluded.value > counters.value
			THEN excluded.value ELSE counters.value END`, Args: []any{name, v}})
	}
	return sqldb.ExecAll(ctx, tx, wr.db.Dialect, stmts)
}

// ranges records the chunk's id ranges under the batch, extending the
// batch's previous range of a table when the chunk continues it.
func (wr *writer) ranges(ctx context.Context, tx *sql.Tx, ch *chunk, base [nTables]int64) error {
	for t := range nTables {
		n := ch.rows[t]
		if n == 0 {
			continue
		}
		first, last := base[t]+1, base[t]+n
		var err error
		if wr.last[t][1] != 0 && wr.last[t][1] == base[t] {
			_, err = tx.ExecContext(ctx, `UPDATE generated_ranges SET last_id = $1 WHERE batch_id = $2
				AND table_name = $3 AND first_id = $4`, last, wr.batch, tableNames[t], wr.last[t][0])
			first = wr.last[t][0]
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO generated_ranges (batch_id, table_name, first_id, last_id)
				VALUES ($1, $2, $3, $4)`, wr.batch, tableNames[t], first, last)
		}
		if err != nil {
			return sqldb.Translate(err)
		}
		wr.last[t] = [2]int64{first, last}
	}
	return nil
}
