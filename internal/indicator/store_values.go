package indicator

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// valueKey is the identity of a stored value (indicator_values' key).
type valueKey struct {
	code, region, period string
	start                calendar.Date
	dim                  string
}

func (k valueKey) compare(o valueKey) int {
	return cmp.Or(strings.Compare(k.code, o.code), strings.Compare(k.region, o.region),
		strings.Compare(k.period, o.period), k.start.Compare(o.start), strings.Compare(k.dim, o.dim))
}

// figures are a stored value's numbers; value nil is NULL (no data).
type figures struct {
	num, den float64
	value    *float64
}

func (f figures) equal(g figures) bool {
	if f.num != g.num || f.den != g.den || (f.value == nil) != (g.value == nil) {
		return false
	}
	return f.value == nil || *f.value == *g.value
}

// valueSet is values by identity.
type valueSet map[valueKey]figures

var valuesTable = bulkTable{name: "indicator_values", key: []string{"code", "region_code", "period", "period_start", "dim"},
	other: []string{"numerator", "denominator", "value"}, types: []string{"text", "text", "text", "text", "text",
		"float8", "float8", "float8"}, stamp: "computed_at"}

// readValues reads the stored values selected by where, a condition on
// indicator_values with its arguments; about hint of them are expected.
func readValues(ctx context.Context, q sqldb.Querier, hint int, where string, args ...any) (valueSet, error) {
	rows, err := q.QueryContext(ctx, `SELECT code, region_code, period, period_start, dim, numerator, denominator,
		value FROM indicator_values WHERE `+where, args...)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	out := make(valueSet, hint)
	in := interner{}
	for rows.Next() {
		var k valueKey
		var f figures
		var v sql.NullFloat64
		if err := rows.Scan(&k.code, &k.region, &k.period, &k.start, &k.dim, &f.num, &f.den, &v); err != nil {
			return nil, err
		}
		k.code, k.region, k.period, k.dim = in.get(k.code), in.get(k.region), in.get(k.period), in.get(k.dim)
		if v.Valid {
			f.value = &v.Float64
		}
		out[k] = f
	}
	return out, sqldb.Translate(rows.Err())
}

// writeValues makes the stored values that inScope selects equal want: it
// deletes the rows of have in scope that want lacks, and writes the rows of
// want that have lacks or holds with other figures (computed_at now: the
// time a value last changed). have must hold every stored row in scope;
// every key of want must be in scope. Writing only what changed is what
// makes a full recompute cheap when little changed: PostgreSQL would
// otherwise delete and insert every row again, each insert checking the
// key's dead predecessor in the index.
func writeValues(ctx context.Context, db *sqldb.DB, tx *sql.Tx, have, want valueSet, inScope func(valueKey) bool,
	now time.Time) error {
	var goneKeys, newKeys, changedKeys []valueKey
	for k := range have {
		if _, ok := want[k]; !ok && inScope(k) {
			goneKeys = append(goneKeys, k)
		}
	}
	for k, f := range want {
		if old, ok := have[k]; !ok {
			newKeys = append(newKeys, k)
		} else if !old.equal(f) {
			changedKeys = append(changedKeys, k)
		}
	}
	gone := make([][]any, 0, len(goneKeys))
	for _, k := range sortKeys(goneKeys, valueKey.compare) {
		gone = append(gone, []any{k.code, k.region, k.period, k.start.String(), k.dim})
	}
	if err := valuesTable.remove(ctx, tx, db.Dialect, gone); err != nil {
		return err
	}
	if db.Dialect == sqldb.Postgres && len(newKeys) >= copyMin {
		// New keys cannot conflict: lockValues keeps other writers out
		// since have was read, so they go by COPY (a first recompute's
		// 160,000 values: one stream instead of 32 upserts).
		if err := db.CopyFrom(ctx, tx, valuesTable.name, valuesTable.columns(),
			valueRows(want, newKeys, now.UTC().Truncate(time.Microsecond))); err != nil {
			return err
		}
		newKeys = nil
	}
	return valuesTable.put(ctx, tx, db.Dialect, valueRows(want, append(newKeys, changedKeys...), nil), sqldb.T(now))
}

// copyMin is the fewest new values worth a COPY instead of an upsert.
const copyMin = 1000

// valueRows are the rows of keys of want in key order: the key columns,
// the figures and, when stamp is not nil, stamp.
func valueRows(want valueSet, keys []valueKey, stamp any) [][]any {
	rows := make([][]any, 0, len(keys))
	for _, k := range sortKeys(keys, valueKey.compare) {
		f := want[k]
		row := []any{k.code, k.region, k.period, k.start.String(), k.dim, f.num, f.den, f.value}
		if stamp != nil {
			row = append(row, stamp)
		}
		rows = append(rows, row)
	}
	return rows
}

// lockValues keeps other writers of the values out of tx from here to its
// end, so that what tx reads of them stays true until it writes (readers go
// on), and lifts the statement timeout for tx: only jobs write values, and
// a recompute's writes may outlast a request's bound. SQLite's write
// transactions exclude each other already.
func lockValues(ctx context.Context, db *sqldb.DB, tx *sql.Tx) error {
	if db.Dialect != sqldb.Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SET LOCAL statement_timeout = 0`)
	if err == nil {
		_, err = tx.ExecContext(ctx, `LOCK TABLE indicator_values IN SHARE ROW EXCLUSIVE MODE`)
	}
	return sqldb.Translate(err)
}

// sortKeys sorts ks in the order of compare (the tables' key order) and
// returns it.
func sortKeys[K any](ks []K, compare func(a, b K) int) []K {
	slices.SortFunc(ks, compare)
	return ks
}

// interner shares equal strings, so that a few hundred thousand keys read
// back do not each hold their own copy of "day" or a region code.
type interner map[string]string

func (in interner) get(s string) string {
	if v, ok := in[s]; ok {
		return v
	}
	in[s] = s
	return s
}

// kinds maps each code of Catalogue to its kind.
var kinds = func() map[string]string {
	m := map[string]string{}
	for _, d := range Catalogue {
		m[d.Code] = d.Kind
	}
	return m
}()

func kindOf(code string) string {
	if k, ok := kinds[code]; ok {
		return k
	}
	return KindRate
}
