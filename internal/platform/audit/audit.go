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
	detail, err := json.Marshal(e.Detail)
	if err != nil {
		return fmt.Errorf("audit detail: %w", err)
	}
	if e.Detail == nil {
		detail = []byte("{}")
	}
	a, o := ActorFrom(ctx), OriginFrom(ctx)
	ev := Event{
		OccurredAt: r.now().UTC().Truncate(time.Microsecond),
		ActorKind:  a.Kind, ActorID: a.ID, ActorName: a.Name,
		Action: e.Action, ObjectType: e.ObjectType, ObjectID: e.ObjectID,
		RegionCode: e.RegionCode, IP: o.IP, RequestID: o.RequestID, Detail: string(detail),
	}
	// RETURNING yields the incremented seq and the unchanged (previous) hash.
	err = q.QueryRowContext(ctx,
		`UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash`).Scan(&ev.Seq, &ev.PrevHash)
	if err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	ev.Hash = ev.computeHash()
	_, err = q.ExecContext(ctx, `INSERT INTO audit_events
		(seq, occurred_at, actor_kind, actor_id, actor_name, action, object_type, object_id,
		 region_code, ip, request_id, detail, prev_hash, hash)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
		ev.Seq, sqldb.T(ev.OccurredAt), ev.ActorKind, nullID(ev.ActorID), ev.ActorName, ev.Action,
		ev.ObjectType, ev.ObjectID, ev.RegionCode, ev.IP, ev.RequestID, ev.Detail, ev.PrevHash, ev.Hash)
	if err != nil {
		return fmt.Errorf("audit insert: %w", err)
	}
	if _, err := q.ExecContext(ctx, `UPDATE audit_head SET hash = $1 WHERE id = 1`, ev.Hash); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	return nil
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
