package casework

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// move applies action to the locked case c inside tx: it checks the state
// machine, sets the status, and writes the processing step, the audit event
// and the outbox row — all or nothing with the caller's other writes.
func (s *Service) move(ctx context.Context, tx *txn, c *Case, action Action, opinion string, orgID int64,
	detail map[string]any) error {
	to, err := Next(c.Status, c.Accepted(), action)
	if err != nil {
		return err
	}
	tx.touch(c)
	from := c.Status
	c.Status, c.StatusLabel = to, to.Label()
	return s.note(ctx, tx, c, string(action), from, to, opinion, orgID, detail)
}

// note writes a step, audit event and outbox row for something that
// happened to c (a transition, or a task decision with from == to).
func (s *Service) note(ctx context.Context, tx *txn, c *Case, action string, from, to Status, opinion string,
	orgID int64, detail map[string]any) error {
	if detail == nil {
		detail = map[string]any{}
	}
	raw, err := json.Marshal(detail)
	if err != nil {
		return err
	}
	actor := audit.ActorFrom(ctx)
	var actorID any
	if p := access.From(ctx); p != nil && p.UserID != 0 {
		actorID = p.UserID
	}
	now := sqldb.T(s.now())
	tx.steps = append(tx.steps, []any{c.ID, action, int(from), int(to), actorID, actor.Name, nullID(orgID),
		opinion, string(raw), now})
	auditDetail := map[string]any{"number": c.Number, "from": int(from), "to": int(to), "opinion": opinion}
	for k, v := range detail {
		auditDetail[k] = v
	}
	tx.audit = append(tx.audit, audit.Entry{Action: "case." + action, ObjectType: "case",
		ObjectID: strconv.FormatInt(c.ID, 10), RegionCode: c.RegionCode, Detail: auditDetail})
	return s.outbox(tx, "gongai.case."+action, outboxPayload(c, action, from, to, opinion, s.now()))
}

// outbox queues an event to leave the system; flush writes it.
func (s *Service) outbox(tx *txn, subject string, payload any) error {
	raw, err := json.Marshal(payload)
	if err != nil {
		return err
	}
	tx.outbox = append(tx.outbox, []any{subject, string(raw), sqldb.T(s.now())})
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
