package ticket

import (
	"context"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// Every action below is a use case of TicketWork (operations engineers
// and administrators) in the ticket's region, runs in one transaction with
// its clock events, history line and audit event "ticket.<action>", and
// returns the ticket as written. Errors common to all: Unauthenticated;
// Forbidden; NotFound; Conflict when the status does not allow the action
// or someone changed the ticket first; Invalid with per-field messages.

// Respond records the first response: the response clock stops (fulfil),
// the ticket goes to 处理中, and the acting engineer takes it when it has
// no assignee.
func (s *Service) Respond(ctx context.Context, id int64, note string) (Ticket, error) {
	return s.mutate(ctx, id, "响应", "ticket.respond", func(ch *change) (any, error) {
		t := ch.t
		if t.Status != StatusNew {
			return nil, errs.Ef(errs.Conflict, "工单%s，不能再响应。", t.Status.Label())
		}
		t.Status, t.RespondedAt = StatusInProgress, ch.now
		takeIfFree(ctx, t)
		ch.stopClock(MetricResponse)
		ch.history(actorName(ctx), strings.TrimSpace(note))
		return map[string]any{"note": note}, nil
	})
}

// Take makes the acting engineer the assignee.
func (s *Service) Take(ctx context.Context, id int64) (Ticket, error) {
	return s.mutate(ctx, id, "认领", "ticket.assign", func(ch *change) (any, error) {
		if ch.t.Status == StatusClosed {
			return nil, errs.E(errs.Conflict, "工单已关闭，不能认领。")
		}
		p := access.From(ctx)
		if p.UserID == 0 {
			return nil, errs.E(errs.Forbidden, "工单须由运维人员本人认领。")
		}
		ch.t.AssigneeID, ch.t.AssigneeName = p.UserID, p.Name
		ch.history(p.Name, "")
		return map[string]any{"assignee_id": p.UserID}, nil
	})
}

var timeZero time.Time

func takeIfFree(ctx context.Context, t *Ticket) {
	if p := access.From(ctx); t.AssigneeID == 0 && p != nil && p.UserID != 0 {
		t.AssigneeID, t.AssigneeName = p.UserID, p.Name
	}
}

// Pause puts an open ticket on hold while waiting for the reporter
// (status waiting_reporter) or a third party (waiting_third_party); a
// reason is required. Running clocks log "pause" and stop counting.
func (s *Service) Pause(ctx context.Context, id int64, status Status, reason string) (Ticket, error) {
	reason = strings.TrimSpace(reason)
	return s.mutate(ctx, id, "挂起", "ticket.pause", func(ch *change) (any, error) {
		f := map[string]string{}
		if !status.Paused() {
			f["status"] = "请选择挂起原因类别：等待报告人或等待第三方。"
		}
		checkText(f, "reason", reason, "挂起原因", 500, true)
		if len(f) > 0 {
			return nil, errs.FieldErrors(f)
		}
		t := ch.t
		if !t.Status.Open() || t.Status.Paused() {
			return nil, errs.Ef(errs.Conflict, "工单%s，不能挂起。", t.Status.Label())
		}
		t.Status, t.PauseReason = status, reason
		ch.newPause = &Pause{Kind: string(status), Reason: reason, StartedAt: ch.now}
		ch.logRunning("pause", reason)
		ch.history(actorName(ctx), status.Label()+"："+reason)
		return map[string]any{"status": status, "reason": reason}, nil
	})
}

// Resume ends a pause: clocks log "resume" and continue with the paused
// business time credited. The ticket returns to 处理中, or 待响应 when it
// had no response yet.
func (s *Service) Resume(ctx context.Context, id int64, note string) (Ticket, error) {
	return s.mutate(ctx, id, "恢复处理", "ticket.resume", func(ch *change) (any, error) {
		t := ch.t
		if !t.Status.Paused() {
			return nil, errs.E(errs.Conflict, "工单没有挂起，无需恢复。")
		}
		t.Status, t.PauseReason = StatusInProgress, ""
		if t.RespondedAt.IsZero() {
			t.Status = StatusNew
		}
		ch.endPause = true
		ch.after = append(ch.after, func() { ch.logRunning("resume", "") })
		ch.history(actorName(ctx), strings.TrimSpace(note))
		return map[string]any{"note": note}, nil
	})
}

// logRunning logs event on every clock that is not stopped.
func (ch *change) logRunning(event, detail string) {
	for i := range ch.t.Clocks {
		if !ch.t.Clocks[i].Stopped() {
			ch.event(&ch.t.Clocks[i], event, detail)
		}
	}
}

// ResolveInput is how a ticket was dealt with.
type ResolveInput struct {
	Cause      string `json:"cause" doc:"故障原因（故障必填）"`
	Resolution string `json:"resolution" doc:"处理内容或答复内容"`
	Resolved   bool   `json:"resolved" doc:"问题是否已解决"`
}

// Resolve records cause, handling and whether the problem is solved; the
// resolution (or reply) clock stops, and so does the response clock when
// there was no separate response. A paused ticket may be resolved.
func (s *Service) Resolve(ctx context.Context, id int64, in ResolveInput) (Ticket, error) {
	in.Cause, in.Resolution = strings.TrimSpace(in.Cause), strings.TrimSpace(in.Resolution)
	return s.mutate(ctx, id, "解决", "ticket.resolve", func(ch *change) (any, error) {
		t := ch.t
		f := map[string]string{}
		checkText(f, "cause", in.Cause, "原因", 1000, t.Kind == Fault)
		checkText(f, "resolution", in.Resolution, map[Kind]string{Fault: "处理内容", Complaint: "答复内容"}[t.Kind], 2000, true)
		if len(f) > 0 {
			return nil, errs.FieldErrors(f)
		}
		if !t.Status.Open() {
			return nil, errs.Ef(errs.Conflict, "工单%s。", t.Status.Label())
		}
		if t.Status.Paused() {
			ch.endPause = true
		}
		if t.RespondedAt.IsZero() {
			t.RespondedAt = ch.now
		}
		t.Status, t.PauseReason, t.ResolvedAt = StatusResolved, "", ch.now
		t.Cause, t.Resolution, t.ResolvedOK = in.Cause, in.Resolution, in.Resolved
		takeIfFree(ctx, t)
		ch.after = append(ch.after, func() {
			ch.stopClock(MetricResponse)
			ch.stopClock(MetricResolution)
			ch.stopClock(MetricReply)
		})
		ch.history(actorName(ctx), in.Resolution)
		return map[string]any{"cause": in.Cause, "resolution": in.Resolution, "resolved": in.Resolved}, nil
	})
}
