// Package audit writes gongai's append-only, hash-chained audit trail and
// verifies it.
//
// Every state change calls Recorder.Record with the transaction that makes
// the change, so the event exists exactly when the change does. Each event's
// hash is SM3(prev_hash || canonical row); the chain tip lives in audit_head,
// whose row is updated by every append. That update serialises appenders on
// both engines (a row lock in PostgreSQL, the write lock in SQLite) and lets
// Verify notice events deleted from the end of the chain.
package audit

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/emmansun/gmsm/sm3"
)

// Actor kinds.
const (
	ActorUser   = "user"
	ActorAPIKey = "apikey"
	ActorSystem = "system"
	ActorAnon   = "anonymous"
)

// Actor is who performed an action. It travels in the context.
type Actor struct {
	Kind string
	ID   int64 // user id or api key id; 0 for system and anonymous
	Name string
}

// Origin is where the request came from.
type Origin struct {
	IP        string
	RequestID string
}

type actorKey struct{}
type originKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// WithOrigin returns ctx carrying o.
func WithOrigin(ctx context.Context, o Origin) context.Context {
	return context.WithValue(ctx, originKey{}, o)
}

// ActorFrom returns the actor in ctx, or the system actor when none is set
// (jobs and command-line tools).
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok {
		return a
	}
	return Actor{Kind: ActorSystem, Name: "system"}
}

// OriginFrom returns the origin in ctx (zero when not in a request).
func OriginFrom(ctx context.Context) Origin {
	o, _ := ctx.Value(originKey{}).(Origin)
	return o
}

// Entry is what a caller records; actor, origin and time are filled in.
type Entry struct {
	Action     string // dotted verb, e.g. "user.login", "org.update"
	ObjectType string
	ObjectID   string
	RegionCode string
	Detail     any // marshalled to JSON; must not contain secrets
}

// Event is one stored audit event.
type Event struct {
	Seq        int64     `json:"seq"`
	OccurredAt time.Time `json:"occurred_at"`
	ActorKind  string    `json:"actor_kind"`
	ActorID    int64     `json:"actor_id"`
	ActorName  string    `json:"actor_name"`
	Action     string    `json:"action"`
	ObjectType string    `json:"object_type"`
	ObjectID   string    `json:"object_id"`
	RegionCode string    `json:"region_code"`
	IP         string    `json:"ip"`
	RequestID  string    `json:"request_id"`
	Detail     string    `json:"detail"`
	PrevHash   string    `json:"prev_hash"`
	Hash       string    `json:"hash"`
}

// Recorder appends audit events.
type Recorder struct {
	now func() time.Time
}

// NewRecorder returns a Recorder that stamps events with now().
func NewRecorder(now func() time.Time) *Recorder { return &Recorder{now: now} }

// Record appends e inside q, which must be the transaction making the change
// being recorded. It fails (and so must abort the transaction) when the chain
// tip cannot be advanced.
func (r *Recorder) Record(ctx context.Context, q sqldb.Querier, e Entry) error {
	return r.RecordAll(ctx, q, []Entry{e})
}

// RecordAll appends entries in order inside q with one advance of the chain
// tip. Callers that record several events in one transaction should collect
// them and call this once, as late as possible: the tip's row lock is held
// from here to commit, and every audited transaction waits for it.
func (r *Recorder) RecordAll(ctx context.Context, q sqldb.Querier, entries []Entry) error {
	stmts, err := r.Reserve(ctx, q, entries)
	if err != nil {
		return err
	}
	for _, st := range stmts {
		if _, err := q.ExecContext(ctx, st.SQL, st.Args...); err != nil {
			return fmt.Errorf("audit write: %w", err)
		}
	}
	return nil
}

// Reserve advances the chain tip for entries inside q (taking the tip's
// row lock), computes their hashes and returns the statements that store
// them and the new tip. The caller must execute them, in order, in the same
// transaction — alone, or batched with its own writes (sqldb.ExecAll).
func (r *Recorder) Reserve(ctx context.Context, q sqldb.Querier, entries []Entry) ([]sqldb.Stmt, error) {
	if len(entries) == 0 {
		return nil, nil
	}
	events, err := r.events(ctx, entries)
	if err != nil {
		return nil, err
	}
	// RETURNING yields the advanced seq and the unchanged (previous) hash.
	var last int64
	var prev string
	err = q.QueryRowContext(ctx, `UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash`,
		len(events)).Scan(&last, &prev)
	if err != nil {
		return nil, fmt.Errorf("audit head: %w", err)
	}
	for i := range events {
		events[i].Seq, events[i].PrevHash = last-int64(len(events)-1-i), prev
		events[i].Hash = events[i].computeHash()
		prev = events[i].Hash
	}
	return []sqldb.Stmt{insertEvents(events),
		{SQL: `UPDATE audit_head SET hash = $1 WHERE id = 1`, Args: []any{prev}}}, nil
}

// events stamps entries with the actor, origin and time of ctx.
func (r *Recorder) events(ctx context.Context, entries []Entry) ([]Event, error) {
	a, o := ActorFrom(ctx), OriginFrom(ctx)
	at := r.now().UTC().Truncate(time.Microsecond)
	out := make([]Event, len(entries))
	for i, e := range entries {
		detail := []byte("{}")
		if e.Detail != nil {
			var err error
			if detail, err = json.Marshal(e.Detail); err != nil {
				return nil, fmt.Errorf("audit detail: %w", err)
			}
		}
		out[i] = Event{OccurredAt: at, ActorKind: a.Kind, ActorID: a.ID, ActorName: a.Name,
			Action: e.Action, ObjectType: e.ObjectType, ObjectID: e.ObjectID, RegionCode: e.RegionCode,
			IP: o.IP, RequestID: o.RequestID, Detail: string(detail)}
	}
	return out, nil
}

// insertEvents is the multi-row INSERT of the events.
func insertEvents(events []Event) sqldb.Stmt {
	const cols = 14
	var b strings.Builder
	b.WriteString(`INSERT INTO audit_events (seq, occurred_at, actor_kind, actor_id, actor_name, action,
		object_type, object_id, region_code, ip, request_id, detail, prev_hash, hash) VALUES `)
	args := make([]any, 0, cols*len(events))
	for i, ev := range events {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(")
		for j := 1; j <= cols; j++ {
			if j > 1 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, "$%d", i*cols+j)
		}
		b.WriteString(")")
		args = append(args, ev.Seq, sqldb.T(ev.OccurredAt), ev.ActorKind, nullID(ev.ActorID), ev.ActorName,
			ev.Action, ev.ObjectType, ev.ObjectID, ev.RegionCode, ev.IP, ev.RequestID, ev.Detail, ev.PrevHash, ev.Hash)
	}
	return sqldb.Stmt{SQL: b.String(), Args: args}
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// computeHash is SM3 over the previous hash and a canonical JSON array of
// every other column, so that no field can change without changing the hash.
func (e Event) computeHash() string {
	canon, _ := json.Marshal([]any{
		e.Seq, e.OccurredAt.UTC().Format(sqldb.TimeLayout), e.ActorKind, e.ActorID, e.ActorName,
		e.Action, e.ObjectType, e.ObjectID, e.RegionCode, e.IP, e.RequestID, e.Detail,
	})
	h := sm3.New()
	h.Write([]byte(e.PrevHash))
	h.Write(canon)
	return hex.EncodeToString(h.Sum(nil))
}
