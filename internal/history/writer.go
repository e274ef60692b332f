package history

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/project"
)

// rowsPerStmt is the rows of one multi-row INSERT: 500 × 33 values of a
// case stays under SQLite's 32,766 variables and PostgreSQL's 65,535.
const rowsPerStmt = 500

// writer writes chunks, each in one transaction on one connection held
// for the whole run (its prepared statements and page cache stay warm),
// and remembers the id ranges it wrote so that they are recorded under
// the batch.
type writer struct {
	db    *sqldb.DB
	conn  *sql.Conn
	batch int64
	sql   map[[2]int]string // (table, rows) → INSERT text
	// last[t] is the last range of table t recorded for the batch, extended
	// while chunks follow each other without foreign rows in between.
	last [nTables][2]int64
	// restore holds the connection's settings from before the run.
	restore [][2]string
	// regions and units are the outside rows the chunks point at.
	regions, units []int64
}

// writerPragmas are the SQLite settings of the writer's connection while
// it writes, restored before the connection returns to the pool.
//   - cache_size: index pages of a million cases do not fit the server's
//     16 MB, and re-reading them was a fifth of the time.
//   - foreign_keys: the check looked every parent row up again (a sixth
//     of a million-case run). The writer's own ids are consistent by
//     construction, and each chunk checks the rows it points at outside
//     itself (checkRefs) in its transaction instead.
var writerPragmas = [][2]string{{"cache_size", "-262144"}, {"foreign_keys", "OFF"}}

// newWriter takes a connection for the run; close gives it back.
func newWriter(ctx context.Context, db *sqldb.DB, batch int64, w *world) (*writer, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	wr := &writer{db: db, conn: conn, batch: batch, sql: map[[2]int]string{}}
	wr.regions, wr.units = w.refs()
	if db.Dialect == sqldb.SQLite {
		for _, p := range writerPragmas {
			var was string
			err := conn.QueryRowContext(ctx, "PRAGMA "+p[0]).Scan(&was)
			if err == nil {
				wr.restore = append(wr.restore, [2]string{p[0], was})
				_, err = conn.ExecContext(ctx, "PRAGMA "+p[0]+" = "+p[1])
			}
			if err != nil {
				wr.close()
				return nil, sqldb.Translate(err)
			}
		}
	}
	return wr, nil
}

// close restores the connection's settings and releases it; a connection
// that cannot be put back as it was is discarded rather than pooled.
func (wr *writer) close() {
	for _, p := range wr.restore {
		if _, err := wr.conn.ExecContext(context.Background(), "PRAGMA "+p[0]+" = "+p[1]); err != nil {
			_ = wr.conn.Raw(func(any) error { return driver.ErrBadConn })
			break
		}
	}
	wr.conn.Close()
}

// write stores the chunk in one transaction. On PostgreSQL it first locks
// the tables against other writers (ids are assigned here, not by the
// sequences, which are then moved past them); on SQLite the transaction's
// write lock (BEGIN IMMEDIATE) does that. It runs outside DB.WithTx's
// queue, which would hand it a different connection each time; a chunk
// holds the lock well under the busy timeout others wait for.
func (wr *writer) write(ctx context.Context, ch *chunk) error {
	tx, err := wr.conn.BeginTx(ctx, nil)
	if err != nil {
		return sqldb.Translate(err)
	}
	if err := wr.writeTx(ctx, tx, ch); err != nil {
		_ = tx.Rollback()
		return err
	}
	return sqldb.Translate(tx.Commit())
}

func (wr *writer) writeTx(ctx context.Context, tx *sql.Tx, ch *chunk) error {
	if wr.db.Dialect == sqldb.Postgres {
		if _, err := tx.ExecContext(ctx, `LOCK TABLE projects, applications, cases, case_tasks, case_steps,
			case_pauses IN SHARE ROW EXCLUSIVE MODE`); err != nil {
			return sqldb.Translate(err)
		}
	}
	if err := wr.checkRefs(ctx, tx); err != nil {
		return err
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
	// Project names are searched through their bigram index, which every
	// writer of projects keeps in the same transaction.
	if n := ch.rows[tProjects]; n > 0 {
		if err := project.RefreshGrams(ctx, tx, base[tProjects]+1, base[tProjects]+n); err != nil {
			return err
		}
	}
	if err := wr.counters(ctx, tx, ch.counters); err != nil {
		return err
	}
	return wr.ranges(ctx, tx, ch, base)
}

// checkRefs makes sure, in the chunk's transaction, that the regions and
// org units the rows point at still exist: on SQLite the writer's
// connection does not check foreign keys (see writerPragmas), and the
// write lock held keeps them so until the commit.
func (wr *writer) checkRefs(ctx context.Context, tx *sql.Tx) error {
	if wr.db.Dialect != sqldb.SQLite {
		return nil
	}
	var regions, units int
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM regions WHERE id IN (`+sqldb.IDList(wr.regions)+`)),
		(SELECT COUNT(*) FROM org_units WHERE id IN (`+sqldb.IDList(wr.units)+`))`).Scan(&regions, &units); err != nil {
		return sqldb.Translate(err)
	}
	if regions != len(wr.regions) || units != len(wr.units) {
		return errs.E(errs.Conflict, "生成数据引用的区县或机构已被删除，请重新开始生成。")
	}
	return nil
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
	s := wr.values("INSERT INTO "+tableNames[t]+" ("+strings.Join(cols, ", ")+") VALUES ", len(cols), n)
	wr.sql[[2]int{t, n}] = s
	return s
}

// values appends n rows of cols placeholders to head.
func (wr *writer) values(head string, cols, n int) string {
	var b strings.Builder
	b.WriteString(head)
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
	return b.String()
}

// counters moves the engine's number counters up to the numbers the chunk
// issued, never down, so that the engine's next number on those days is
// a fresh one. Rows go in pieces of at most rowsPerStmt, sorted by name.
func (wr *writer) counters(ctx context.Context, tx *sql.Tx, counters map[string]int) error {
	names := slices.Sorted(maps.Keys(counters))
	for len(names) > 0 {
		n := min(len(names), rowsPerStmt)
		for n&(n-1) != 0 && n != rowsPerStmt {
			n &= n - 1
		}
		args := make([]any, 0, 2*n)
		for _, name := range names[:n] {
			args = append(args, name, counters[name])
		}
		q := wr.values("INSERT INTO counters (name, value) VALUES ", 2, n) + ` ON CONFLICT (name) DO UPDATE
			SET value = CASE WHEN excluded.value > counters.value THEN excluded.value ELSE counters.value END`
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return sqldb.Translate(err)
		}
		names = names[n:]
	}
	return nil
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
