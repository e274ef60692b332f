package audit

import (
	"context"
	"fmt"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Filter selects events for listing. Zero fields do not filter.
type Filter struct {
	ActorID    int64
	Action     string // prefix match, e.g. "user."
	ObjectType string
	ObjectID   string
	// RegionCodes limits to these regions (nil = all). Events with no region
	// (system-wide) are only shown when nil.
	RegionCodes []string
	BeforeSeq   int64 // paging: events with seq < BeforeSeq
	Limit       int
}

// List returns events newest first.
func List(ctx context.Context, q sqldb.Querier, f Filter) ([]Event, error) {
	where, args := f.where()
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	sqlText := `SELECT seq, occurred_at, actor_kind, COALESCE(actor_id, 0), actor_name, action,
		object_type, object_id, region_code, ip, request_id, detail, prev_hash, hash FROM audit_events`
	if len(where) > 0 {
		sqlText += " WHERE " + strings.Join(where, " AND ")
	}
	sqlText += fmt.Sprintf(" ORDER BY seq DESC LIMIT %d", limit)
	rows, err := q.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		ev, err := scanEvent(rows)
		if err != nil {
			return nil, sqldb.Translate(err)
		}
		out = append(out, ev)
	}
	return out, sqldb.Translate(rows.Err())
}

// where builds the conditions and arguments of f.
func (f Filter) where() ([]string, []any) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(args))))
	}
	if f.ActorID != 0 {
		add("actor_id = ?", f.ActorID)
	}
	if f.Action != "" {
		add("action LIKE ?", f.Action+"%")
	}
	if f.ObjectType != "" {
		add("object_type = ?", f.ObjectType)
	}
	if f.ObjectID != "" {
		add("object_id = ?", f.ObjectID)
	}
	if f.BeforeSeq > 0 {
		add("seq < ?", f.BeforeSeq)
	}
	if f.RegionCodes != nil {
		in := []string{"'-'"} // keeps IN () valid when the list is empty
		for _, c := range f.RegionCodes {
			args = append(args, c)
			in = append(in, fmt.Sprintf("$%d", len(args)))
		}
		where = append(where, "region_code IN ("+strings.Join(in, ",")+")")
	}
	return where, args
}
