package ticket

import (
	"context"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sla"
)

// Close closes a resolved ticket. A complaint needs the complainant's
// satisfaction, 1 (非常不满意) to 5 (非常满意); for a fault it is optional
// (0 = not asked).
func (s *Service) Close(ctx context.Context, id int64, satisfaction int, note string) (Ticket, error) {
	return s.mutate(ctx, id, "关闭", "ticket.close", func(ch *change) (any, error) {
		t := ch.t
		if satisfaction < 0 || satisfaction > 5 || (t.Kind == Complaint && satisfaction == 0) {
			return nil, errs.FieldErrors(map[string]string{"satisfaction": "请选择投诉人的满意度（非常满意到非常不满意）。"})
		}
		if t.Status != StatusResolved {
			return nil, errs.Ef(errs.Conflict, "工单%s，解决后才能关闭。", t.Status.Label())
		}
		t.Status, t.ClosedAt, t.Satisfaction = StatusClosed, ch.now, satisfaction
		ch.history(actorName(ctx), strings.TrimSpace(note))
		return map[string]any{"satisfaction": satisfaction, "note": note}, nil
	})
}

// SatisfactionLabels names the satisfaction levels 1..5 (index 0 unused).
var SatisfactionLabels = []string{"未记录", "非常不满意", "不满意", "基本满意", "满意", "非常满意"}

// Reopen reopens a resolved or closed ticket (reason required); SendBack
// is the complaint desk's 退回重办 of a resolved complaint. Both continue
// the resolution/reply clock from its accumulated time: the period since
// it was resolved is credited like a pause. The response clock stays as it
// was. Reopen counts reopen_count, SendBack sendback_count.
func (s *Service) Reopen(ctx context.Context, id int64, reason string) (Ticket, error) {
	return s.reopen(ctx, id, reason, false)
}

// SendBack sends a resolved complaint back for rework; see Reopen.
func (s *Service) SendBack(ctx context.Context, id int64, reason string) (Ticket, error) {
	return s.reopen(ctx, id, reason, true)
}

func (s *Service) reopen(ctx context.Context, id int64, reason string, sendBack bool) (Ticket, error) {
	reason = strings.TrimSpace(reason)
	action, audit := "重新打开", "ticket.reopen"
	if sendBack {
		action, audit = "退回重办", "ticket.send_back"
	}
	return s.mutate(ctx, id, action, audit, func(ch *change) (any, error) {
		t := ch.t
		f := map[string]string{}
		if checkText(f, "reason", reason, "原因", 500, true); len(f) > 0 {
			return nil, errs.FieldErrors(f)
		}
		switch {
		case sendBack && (t.Kind != Complaint || t.Status != StatusResolved):
			return nil, errs.E(errs.Conflict, "只有已答复、尚未关闭的投诉可以退回重办。")
		case !sendBack && t.Status.Open():
			return nil, errs.E(errs.Conflict, "工单尚未解决，无需重新打开。")
		}
		gap := Pause{Kind: "resolved", Reason: action + "：" + reason, StartedAt: t.ResolvedAt, EndedAt: ch.now}
		ch.newPause = &gap
		if sendBack {
			t.SendBackCount++
		} else {
			t.ReopenCount++
		}
		t.Status, t.ResolvedAt, t.ClosedAt, t.ResolvedOK = StatusInProgress, timeZero, timeZero, false
		for _, m := range []string{MetricResolution, MetricReply} {
			if c, ok := t.Clock(m); ok {
				c.StoppedAt = timeZero
				ch.after = append(ch.after, func() { ch.event(c, "activate", action) })
			}
		}
		ch.history(actorName(ctx), reason)
		return map[string]any{"reason": reason}, nil
	})
}

// ChangeSeverity changes a fault's severity: running clocks are
// recomputed from the original start with the new target and schedule,
// keeping the pause credit (event "apply_sla" with old → new); stopped
// clocks keep their result.
func (s *Service) ChangeSeverity(ctx context.Context, id int64, sev Severity, reason string) (Ticket, error) {
	reason = strings.TrimSpace(reason)
	return s.mutate(ctx, id, "调整级别", "ticket.severity", func(ch *change) (any, error) {
		t := ch.t
		f := map[string]string{}
		if !sev.Valid() {
			f["severity"] = "请选择故障级别。"
		}
		if checkText(f, "reason", reason, "调整原因", 500, true); len(f) > 0 {
			return nil, errs.FieldErrors(f)
		}
		if t.Kind != Fault || !t.Status.Open() || sev == t.Severity {
			return nil, errs.E(errs.Conflict, "只能调整未解决故障的级别，且须与原级别不同。")
		}
		old := t.Severity
		t.Severity = sev
		for i := range t.Clocks {
			c := &t.Clocks[i]
			if c.Stopped() {
				continue
			}
			c.Schedule = sev.Schedule()
			c.Target = map[string]map[Severity]int{MetricResponse: s.cfg.Response, MetricResolution: s.cfg.Resolution}[c.Metric][sev]
			if c.Schedule == sla.Kind7x24 {
				c.Hours = ""
			}
			ch.after = append(ch.after, func() { ch.event(c, "apply_sla", string(old)+"→"+string(sev)) })
		}
		ch.history(actorName(ctx), old.Label()+" → "+sev.Label()+"："+reason)
		return map[string]any{"from": old, "to": sev, "reason": reason}, nil
	})
}
