package sitestats

import (
	"cmp"
	"slices"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// All stands for "every module" or "every region" in sitestats_visitors
// and sitestats_uniques.
const All = "*"

// event is one recorded request, already stripped of anything personal.
type event struct {
	apply   bool // an online application (conversion), not a page view
	day     calendar.Date
	module  string
	region  string // "" unknown
	group   string
	visitor string
	item    string // 办事指南 item page viewed
	term    string // normalised search term, "" none
	results int    // of the search; -1 unknown
	items   []string
}

type viewKey struct{ day, module, region, group string }
type visitorKey struct{ day, module, region, visitor string }
type itemKey struct{ day, item string }
type searchKey struct{ day, module, term string }
type searchAgg struct{ n, with, without int64 }

// batch is a flush's events aggregated into rows.
type batch struct {
	views    map[viewKey]int64
	visitors map[visitorKey]bool
	items    map[itemKey]int64
	searches map[searchKey]*searchAgg
	guide    []sqldb.Stmt // visits and conversions, in event order
}

// flushStatements turns events into the statements of one flush: additive
// upserts for the counters, insert-or-ignore for the visitors, and the
// guide visits and conversions in the order they happened (a conversion
// needs the view before it). Counter rows go in key order, so that two
// servers flushing at once lock rows in the same order and cannot deadlock.
func flushStatements(events []event) []sqldb.Stmt {
	b := batch{views: map[viewKey]int64{}, visitors: map[visitorKey]bool{}, items: map[itemKey]int64{},
		searches: map[searchKey]*searchAgg{}}
	for i := range events {
		b.add(&events[i])
	}
	var out []sqldb.Stmt
	for _, k := range sortedKeys(b.views, func(a, c viewKey) int {
		return cmp.Or(cmp.Compare(a.day, c.day), cmp.Compare(a.module, c.module),
			cmp.Compare(a.region, c.region), cmp.Compare(a.group, c.group))
	}) {
		out = append(out, sqldb.Stmt{SQL: upsertViews, Args: []any{k.day, k.module, k.region, k.group, b.views[k]}})
	}
	for _, k := range sortedKeys(b.visitors, func(a, c visitorKey) int {
		return cmp.Or(cmp.Compare(a.day, c.day), cmp.Compare(a.module, c.module),
			cmp.Compare(a.region, c.region), cmp.Compare(a.visitor, c.visitor))
	}) {
		out = append(out, sqldb.Stmt{SQL: insertVisitor, Args: []any{k.day, k.module, k.region, k.visitor}})
	}
	for _, k := range sortedKeys(b.items, func(a, c itemKey) int {
		return cmp.Or(cmp.Compare(a.day, c.day), cmp.Compare(a.item, c.item))
	}) {
		out = append(out, sqldb.Stmt{SQL: upsertItemViews, Args: []any{k.day, k.item, b.items[k]}})
	}
	for _, k := range sortedKeys(b.searches, func(a, c searchKey) int {
		return cmp.Or(cmp.Compare(a.day, c.day), cmp.Compare(a.module, c.module), cmp.Compare(a.term, c.term))
	}) {
		a := b.searches[k]
		out = append(out, sqldb.Stmt{SQL: upsertSearch, Args: []any{k.day, k.module, k.term, a.n, a.with, a.without}})
	}
	return append(out, b.guide...)
}

func (b *batch) add(e *event) {
	day := e.day.String()
	if e.apply {
		b.convert(day, e)
		return
	}
	b.views[viewKey{day, e.module, e.region, e.group}]++
	for _, m := range []string{All, e.module} {
		for _, r := range []string{All, e.region} {
			b.visitors[visitorKey{day, m, r, e.visitor}] = true
		}
	}
	if e.item != "" {
		b.items[itemKey{day, e.item}]++
		b.guide = append(b.guide, sqldb.Stmt{SQL: insertGuideVisit, Args: []any{day, e.visitor, e.item}})
	}
	if e.term != "" {
		a := b.searches[searchKey{day, e.module, e.term}]
		if a == nil {
			a = &searchAgg{}
			b.searches[searchKey{day, e.module, e.term}] = a
		}
		a.n++
		switch {
		case e.results > 0:
			a.with++
		case e.results == 0:
			a.without++
		}
	}
}

// convert marks the visitor's guide visits of the day as converted: those
// of e.items, or every one when the application named no item.
func (b *batch) convert(day string, e *event) {
	if len(e.items) == 0 {
		b.guide = append(b.guide, sqldb.Stmt{SQL: convertAll, Args: []any{day, e.visitor}})
		return
	}
	for _, code := range e.items {
		b.guide = append(b.guide, sqldb.Stmt{SQL: convertItem, Args: []any{day, e.visitor, code}})
	}
}

func sortedKeys[K comparable, V any](m map[K]V, less func(a, b K) int) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, less)
	return keys
}

// The statements of a flush. ON CONFLICT … DO UPDATE with excluded.* is
// the same on SQLite (3.24+) and PostgreSQL.
const (
	upsertViews = `INSERT INTO sitestats_views (day, module, region_code, path_group, views)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (day, module, region_code, path_group) DO UPDATE SET views = sitestats_views.views + excluded.views`
	insertVisitor = `INSERT INTO sitestats_visitors (day, module, region_code, visitor) VALUES ($1, $2, $3, $4)
		ON CONFLICT (day, module, region_code, visitor) DO NOTHING`
	upsertItemViews = `INSERT INTO sitestats_items (day, item_code, views) VALUES ($1, $2, $3)
		ON CONFLICT (day, item_code) DO UPDATE SET views = sitestats_items.views + excluded.views`
	upsertSearch = `INSERT INTO sitestats_searches (day, module, term, searches, with_results, no_results)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (day, module, term) DO UPDATE SET searches = sitestats_searches.searches + excluded.searches,
			with_results = sitestats_searches.with_results + excluded.with_results,
			no_results = sitestats_searches.no_results + excluded.no_results`
	insertGuideVisit = `INSERT INTO sitestats_guide_visits (day, visitor, item_code) VALUES ($1, $2, $3)
		ON CONFLICT (day, visitor, item_code) DO NOTHING`
	convertItem = `UPDATE sitestats_guide_visits SET converted = 1
		WHERE day = $1 AND visitor = $2 AND item_code = $3 AND converted = 0`
	convertAll = `UPDATE sitestats_guide_visits SET converted = 1 WHERE day = $1 AND visitor = $2 AND converted = 0`
)
