package evaluation

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/project"
)

// The public register reads the case engine's cases and the project
// registry's projects directly, read only: it serves anonymous visitors,
// whom the engine's authorised reads refuse, and it needs one paged,
// filtered query. Only statuses 11, 12 and 13 are ever selected.

const resultColumns = `c.number, c.project_name, p.owner_name, p.owner_credit_code, c.item_code, c.item_name,
	c.region_code, c.status, c.concluded_at, COALESCE(c.lead_org_id, 0), c.limit_days, COALESCE(c.start_day, ''),
	c.paused_days`

const resultFrom = ` FROM cases c JOIN projects p ON p.id = c.project_id`

// concludedOnly selects the register's cases. The status test is written
// +c.status so that it cannot use an index on status: SQLite, without
// statistics, takes the (status, deadline) index for selective and reads
// nearly every case through it, where the partial index of migration 00195
// (cases with a conclusion, in conclusion order) answers the page, the
// count and the search alone.
const concludedOnly = `+c.status IN (11, 12, 13) AND c.concluded_at IS NOT NULL`

func scanResult(sc scanner) (Result, error) {
	var r Result
	var ownerCode string
	var concluded sqldb.Time
	err := sc.Scan(&r.CaseNumber, &r.ProjectName, &r.OwnerName, &ownerCode, &r.ItemCode, &r.ItemName,
		&r.RegionCode, &r.Status, &concluded, &r.orgID, &r.LimitDays, &r.startDay, &r.pausedDays)
	if err != nil {
		return r, sqldb.Translate(err)
	}
	r.ProjectName = MaskText(r.ProjectName)
	r.OwnerName = MaskText(MaskOwner(r.OwnerName, ownerCode))
	r.concluded = concluded.Time
	return r, nil
}

func selectResult(ctx context.Context, q sqldb.Querier, number string) (Result, error) {
	r, err := scanResult(q.QueryRowContext(ctx, `SELECT `+resultColumns+resultFrom+
		` WHERE c.number = $1 AND `+concludedOnly, number))
	if errs.Is(err, errs.NotFound) {
		return r, errs.E(errs.NotFound, "没有该办件的办结公示信息。")
	}
	return r, err
}

// likePattern is a LIKE pattern matching s as a substring, with the
// wildcards in s escaped by a backslash (ESCAPE '\').
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// resultQuery is the WHERE clause of f (already validated); narrow adds
// the candidates of t, f.Query prepared for the bigram index of project
// names (Indexed: two characters or more), written for the dialect d.
func resultQuery(d sqldb.Dialect, f ResultFilter, t project.Term, narrow bool) *query {
	q := &query{}
	q.Add(concludedOnly)
	if f.RegionCode != "" {
		q.Add(`c.region_code = ` + q.Arg(f.RegionCode))
	}
	if f.ItemCode != "" {
		q.Add(`c.item_code = ` + q.Arg(f.ItemCode))
	}
	if rng, ok := f.monthRange(); ok {
		q.Add(`c.concluded_at >= ` + q.Arg(sqldb.T(rng[0].Time())))
		q.Add(`c.concluded_at < ` + q.Arg(sqldb.T(rng[1].Time())))
	}
	if narrow {
		// FTS5's trigrams and pg_trgm need three characters and a
		// two-character Chinese term must match, hence bigrams: the cases
		// of the candidate projects are read through cases_project.
		q.Add(t.CaseNameCondition(d, "c.project_id", q.Arg))
	}
	if f.Query != "" {
		q.Add(`c.project_name LIKE ` + q.Arg(likePattern(f.Query)) + ` ESCAPE '\'`)
	}
	return q
}

// pageNarrowMax is the most candidate projects for which the page reads
// their cases and sorts them (about 8 cases each: 2,000 projects take some
// 17 ms at a million cases). A term held by more projects matches often
// enough that the newest-first walk of the register finds a page sooner.
// The count reads the candidates' cases unless more than
// project.TermCountCap projects hold the term: it stops at
// ResultCountCap+1 matches, which the walk reaches soon for so common a
// term (4 ms where the candidates took 135 ms for a term of every project)
// but only at the end of the register for a rarer one.
var pageNarrowMax = 2000 // a variable for the tests of both page paths

// pageWalkMin is the fewest matches for which the page may walk the
// register newest first; with fewer, a page of 20 passes some 100,000 of a
// million concluded cases, more than the candidates' cases the page reads
// instead.
var pageWalkMin = 200 // a variable, as pageNarrowMax

func selectResults(ctx context.Context, db *sqldb.DB, f ResultFilter) ([]Result, int, error) {
	t, err := project.NameTerm(ctx, db, f.Query)
	if err != nil {
		return nil, 0, err
	}
	q := resultQuery(db.Dialect, f, t, t.Indexed() && t.Projects <= project.TermCountCap)
	var total int
	// Counted without the join (every case has its project: NOT NULL,
	// foreign key) and only up to ResultCountCap+1: a count of every match
	// read the whole register (~0.4 s at a million cases) on each page view.
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM cases c`+q.SQL()+
		fmt.Sprintf(` LIMIT %d) m`, ResultCountCap+1), q.Args...).Scan(&total); err != nil {
		return nil, 0, sqldb.Translate(err)
	}
	if total <= ResultCountCap && max(f.Offset, 0) >= total {
		return nil, total, nil // an exact count with nothing at this offset
	}
	// The count read the candidates' cases already; when they hold few
	// matches the newest-first walk would pass most of the register for a
	// page (工业园: 5,663 candidate projects, no match, 270 ms).
	few := t.Projects <= project.TermCountCap && total <= pageWalkMin
	q = resultQuery(db.Dialect, f, t, t.Indexed() && (t.Projects <= pageNarrowMax || few))
	rows, err := db.QueryContext(ctx, `SELECT `+resultColumns+resultFrom+q.SQL()+
		fmt.Sprintf(` ORDER BY c.concluded_at DESC, c.id DESC LIMIT %d OFFSET %d`, f.limit(), max(f.Offset, 0)),
		q.Args...)
	if err != nil {
		return nil, 0, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Result
	for rows.Next() {
		r, err := scanResult(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, r)
	}
	return out, total, sqldb.Translate(rows.Err())
}

// ItemOption is an item that has concluded cases, for the register's filter.
type ItemOption struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// itemsTTL is how long ResultItems keeps its list. The list changes only
// when an item gets its first concluded case, and reading it was a tenth of
// the server's CPU at 200 users on a million cases (5 ms a view: the walk
// passes each item's refused and withdrawn cases, which the index orders
// before the concluded ones), for a filter the register's every view shows.
const itemsTTL = time.Minute

// itemsCache is the last list of ResultItems and when it was read.
type itemsCache struct {
	mu    sync.Mutex
	at    time.Time
	items []ItemOption
}

// ResultItems returns the items that have at least one concluded case, by
// name. It is public. The list is read again when it is older than
// itemsTTL, so an item's first concluded case may take that long to add it.
func (s *Service) ResultItems(ctx context.Context) ([]ItemOption, error) {
	now := s.now()
	s.items.mu.Lock()
	items, at := s.items.items, s.items.at
	s.items.mu.Unlock()
	if items != nil && now.Sub(at) < itemsTTL && !now.Before(at) {
		return slices.Clone(items), nil
	}
	// Read without the lock: a stalled database then holds up each view
	// until its own deadline, not every view behind the first one.
	items, err := s.readResultItems(ctx)
	if err != nil {
		return nil, err
	}
	s.items.mu.Lock()
	s.items.at, s.items.items = now, items
	s.items.mu.Unlock()
	return slices.Clone(items), nil
}

// readResultItems reads the list of ResultItems from the database.
func (s *Service) readResultItems(ctx context.Context) ([]ItemOption, error) {
	// A GROUP BY would read every concluded case on every visit of the
	// register; this walks the item codes one seek at a time through the
	// partial index cases_result_items_by_name (migration 00196): each step
	// is the first concluded case after the previous code, each name the
	// first of its item, a few dozen seeks in all.
	first := func(col, cond string) string {
		return `(SELECT c.` + col + ` FROM cases c WHERE ` + concludedOnly + cond + ` ORDER BY c.` + col + ` LIMIT 1)`
	}
	rows, err := s.db.QueryContext(ctx, `WITH RECURSIVE codes(code) AS (
			SELECT `+first("item_code", "")+`
			UNION ALL
			SELECT `+first("item_code", " AND c.item_code > codes.code")+` FROM codes WHERE codes.code IS NOT NULL)
		SELECT code, `+first("item_name", " AND c.item_code = codes.code")+` AS name
		FROM codes WHERE code IS NOT NULL ORDER BY name, code`)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	out := []ItemOption{}
	for rows.Next() {
		var o ItemOption
		if err := rows.Scan(&o.Code, &o.Name); err != nil {
			return nil, sqldb.Translate(err)
		}
		out = append(out, o)
	}
	return out, sqldb.Translate(rows.Err())
}
