package indicator

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// sampleKey identifies the stored samples of one day bucket
// (indicator_sample_sets' key).
type sampleKey struct {
	code, region string
	day          calendar.Date
	dim          string
}

func (k sampleKey) compare(o sampleKey) int {
	return cmp.Or(strings.Compare(k.code, o.code), strings.Compare(k.region, o.region), k.day.Compare(o.day),
		strings.Compare(k.dim, o.dim))
}

// sampleSets are the stored samples by bucket, each packed by packSamples.
type sampleSets map[sampleKey]string

var samplesTable = bulkTable{name: "indicator_sample_sets", key: []string{"code", "region_code", "day", "dim"},
	other: []string{"vals"}, types: []string{"text", "text", "text", "text", "text"}}

// packSamples writes xs ascending, comma-separated, each in the shortest
// form that reads back exactly ("3,5,5,12.5"); xs is sorted in place.
func packSamples(xs []float64) string {
	slices.Sort(xs)
	b := make([]byte, 0, 4*len(xs))
	for i, x := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendFloat(b, x, 'g', -1, 64)
	}
	return string(b)
}

// unpackSamples reads what packSamples wrote, appending to xs.
func unpackSamples(xs []float64, s string) ([]float64, error) {
	for s != "" {
		item, rest, _ := strings.Cut(s, ",")
		x, err := strconv.ParseFloat(item, 64)
		if err != nil {
			return xs, err
		}
		xs, s = append(xs, x), rest
	}
	return xs, nil
}

// readSampleSets reads the stored sample sets of days [from, to).
func readSampleSets(ctx context.Context, q sqldb.Querier, from, to calendar.Date) (sampleSets, error) {
	out := sampleSets{}
	in := interner{}
	err := scanSampleSets(ctx, q, from, to, func(k sampleKey, vals string) error {
		k.code, k.region, k.dim = in.get(k.code), in.get(k.region), in.get(k.dim)
		out[k] = vals
		return nil
	})
	return out, err
}

// scanSampleSets calls fn with every stored sample set of days [from, to).
func scanSampleSets(ctx context.Context, q sqldb.Querier, from, to calendar.Date, fn func(sampleKey, string) error) error {
	rows, err := q.QueryContext(ctx, `SELECT code, region_code, day, dim, vals FROM indicator_sample_sets
		WHERE day >= $1 AND day < $2`, from.String(), to.String())
	if err != nil {
		return sqldb.Translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var k sampleKey
		var vals string
		if err := rows.Scan(&k.code, &k.region, &k.day, &k.dim, &vals); err != nil {
			return err
		}
		if err := fn(k, vals); err != nil {
			return err
		}
	}
	return sqldb.Translate(rows.Err())
}

// writeSampleSets makes the stored sets of days [from, to) equal want,
// writing only the sets that changed (as writeValues does for values).
// have must hold every stored set of those days.
func writeSampleSets(ctx context.Context, tx *sql.Tx, d sqldb.Dialect, have, want sampleSets, from, to calendar.Date) error {
	var goneKeys, putKeys []sampleKey
	for k := range have {
		if _, ok := want[k]; !ok && !k.day.Before(from) && k.day.Before(to) {
			goneKeys = append(goneKeys, k)
		}
	}
	for k, v := range want {
		if old, ok := have[k]; !ok || old != v {
			putKeys = append(putKeys, k)
		}
	}
	gone := make([][]any, 0, len(goneKeys))
	for _, k := range sortKeys(goneKeys, sampleKey.compare) {
		gone = append(gone, []any{k.code, k.region, k.day.String(), k.dim})
	}
	put := make([][]any, 0, len(putKeys))
	for _, k := range sortKeys(putKeys, sampleKey.compare) {
		put = append(put, []any{k.code, k.region, k.day.String(), k.dim, want[k]})
	}
	if err := samplesTable.remove(ctx, tx, d, gone); err != nil {
		return err
	}
	return samplesTable.put(ctx, tx, d, put, sqldb.Time{})
}
