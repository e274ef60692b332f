package audit

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Problem kinds reported by Verify.
const (
	ProblemEdited   = "edited"
	ProblemDeleted  = "deleted"
	ProblemInserted = "inserted"
)

// Report is the outcome of Verify. When OK is false, Seq is the first event
// at which the chain fails and Kind/Message say how.
type Report struct {
	Checked int64  `json:"checked"`
	OK      bool   `json:"ok"`
	Seq     int64  `json:"seq,omitempty"`
	Kind    string `json:"kind,omitempty"`
	Message string `json:"message,omitempty"`
}

// Verify walks the whole chain in order and reports the first edited,
// inserted or deleted event. It reads only; it never repairs.
func Verify(ctx context.Context, q sqldb.Querier) (Report, error) {
	var head Event
	err := q.QueryRowContext(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&head.Seq, &head.Hash)
	if err != nil {
		return Report{}, fmt.Errorf("audit head: %w", err)
	}
	rows, err := q.QueryContext(ctx, `SELECT seq, occurred_at, actor_kind, COALESCE(actor_id, 0),
		actor_name, action, object_type, object_id, region_code, ip, request_id, detail, prev_hash, hash
		FROM audit_events ORDER BY seq`)
	if err != nil {
		return Report{}, fmt.Errorf("audit verify: %w", err)
	}
	defer rows.Close()
	var rep Report
	var last Event
	for rows.Next() {
		ev, err := scanEvent(rows)
		if err != nil {
			return Report{}, err
		}
		if ev.Seq > head.Seq {
			return Report{Checked: rep.Checked, Seq: ev.Seq, Kind: ProblemInserted,
				Message: fmt.Sprintf("审计事件 %d 在链头之后，系被插入", ev.Seq)}, nil
		}
		if bad := checkLink(last, ev); bad != nil {
			bad.Checked = rep.Checked
			return *bad, nil
		}
		rep.Checked++
		last = ev
	}
	if err := rows.Err(); err != nil {
		return Report{}, err
	}
	return checkHead(rep, head, last), nil
}

// checkLink compares ev with its predecessor (zero Event for the first).
func checkLink(prev, ev Event) *Report {
	switch {
	case ev.Seq > prev.Seq+1:
		return &Report{Seq: prev.Seq + 1, Kind: ProblemDeleted,
			Message: fmt.Sprintf("审计事件 %d 至 %d 已被删除", prev.Seq+1, ev.Seq-1)}
	case ev.Seq <= prev.Seq:
		return &Report{Seq: ev.Seq, Kind: ProblemInserted, Message: fmt.Sprintf("审计事件序号 %d 重复或乱序", ev.Seq)}
	case ev.PrevHash != prev.Hash && ev.computeHash() == ev.Hash:
		// ev is self-consistent but does not link to its predecessor: either
		// the predecessor was edited and re-hashed, or ev was forged in.
		return &Report{Seq: prev.Seq, Kind: ProblemEdited,
			Message: fmt.Sprintf("审计事件 %d 被篡改（后续事件 %d 的链接不再匹配）", prev.Seq, ev.Seq)}
	case ev.PrevHash != prev.Hash || ev.computeHash() != ev.Hash:
		return &Report{Seq: ev.Seq, Kind: ProblemEdited, Message: fmt.Sprintf("审计事件 %d 的内容被篡改", ev.Seq)}
	}
	return nil
}

func checkHead(rep Report, head, last Event) Report {
	switch {
	case head.Seq > last.Seq:
		rep.Seq, rep.Kind = last.Seq+1, ProblemDeleted
		rep.Message = fmt.Sprintf("审计链末尾的事件 %d 至 %d 已被删除", last.Seq+1, head.Seq)
	case head.Hash != last.Hash:
		rep.Seq, rep.Kind = last.Seq, ProblemEdited
		rep.Message = fmt.Sprintf("审计事件 %d 被篡改（与链头不符）", last.Seq)
	default:
		rep.OK = true
	}
	return rep
}

func scanEvent(rows *sql.Rows) (Event, error) {
	var ev Event
	var at sqldb.Time
	err := rows.Scan(&ev.Seq, &at, &ev.ActorKind, &ev.ActorID, &ev.ActorName, &ev.Action,
		&ev.ObjectType, &ev.ObjectID, &ev.RegionCode, &ev.IP, &ev.RequestID, &ev.Detail, &ev.PrevHash, &ev.Hash)
	ev.OccurredAt = at.Time
	return ev, err
}
