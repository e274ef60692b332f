// Package ticket is the operations team's daily tool: fault tickets (故障)
// and complaints (投诉) with SLA clocks, the clock-event log the compliance
// reports read, the printable problem register, the knowledge base and
// training records (业务培训), and the tickets monitoring opens by itself.
//
// Clock rules (anchors-ops.md §2, with the product decisions taken here):
//   - A fault has a response clock (紧急 1 h and 重要 2 h on 7x24, 一般 4 h
//     and 普通 6 h on 5x8) and a resolution clock (target from Config; 0 =
//     no target, the time is still recorded). A complaint has a reply
//     clock: five working days on 5x8 by default, or seven calendar days.
//   - Pauses (waiting for the reporter or a third party, reason required)
//     are credited in business time of each clock's own schedule, and only
//     the part before a clock stopped counts (a pause after the first
//     response leaves the response clock alone).
//   - Reopen and 退回重办 continue the resolution/reply clock from its
//     accumulated time (the resolved period is credited like a pause); the
//     response clock stays as it was. A logged breach is never undone.
//   - A severity change recomputes running clocks from the original start
//     with the new target and schedule, keeping the pause credit; stopped
//     clocks keep their result.
//   - Every clock event (activate, pause, resume, warn, breach, fulfil,
//     apply_sla, recompute) is written to ticket_clock_events in the
//     transaction of the change; reports read that log.
package ticket

import (
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/sla"
)

// Kind is fault or complaint.
type Kind string

// The ticket kinds.
const (
	Fault     Kind = "fault"
	Complaint Kind = "complaint"
)

// Label is the Chinese name of the kind.
func (k Kind) Label() string {
	if k == Complaint {
		return "投诉"
	}
	return "故障"
}

// Severity is the urgency of a fault.
type Severity string

// The severities (API codes of the issue).
const (
	Emergency Severity = "emergency"
	Important Severity = "important"
	General   Severity = "general"
	Ordinary  Severity = "ordinary"
)

// Severities lists the severities, most urgent first.
var Severities = []Severity{Emergency, Important, General, Ordinary}

var severityLabels = map[Severity]string{Emergency: "紧急", Important: "重要", General: "一般", Ordinary: "普通"}

// Label is the Chinese name of the severity ("—" for complaints).
func (s Severity) Label() string {
	if l, ok := severityLabels[s]; ok {
		return l
	}
	return "—"
}

// Valid reports whether s is one of the severities.
func (s Severity) Valid() bool { _, ok := severityLabels[s]; return ok }

// Schedule is the clock the severity runs on: 7x24 for 紧急 and 重要, 5x8
// for 一般 and 普通.
func (s Severity) Schedule() sla.Kind {
	if s == Emergency || s == Important {
		return sla.Kind7x24
	}
	return sla.Kind5x8
}

// Status is where a ticket is.
type Status string

// The statuses. The two waiting statuses pause the clocks.
const (
	StatusNew               Status = "new"
	StatusInProgress        Status = "in_progress"
	StatusWaitingReporter   Status = "waiting_reporter"
	StatusWaitingThirdParty Status = "waiting_third_party"
	StatusResolved          Status = "resolved"
	StatusClosed            Status = "closed"
)

var statusLabels = map[Status]string{StatusNew: "待响应", StatusInProgress: "处理中",
	StatusWaitingReporter: "挂起（等待报告人）", StatusWaitingThirdParty: "挂起（等待第三方）",
	StatusResolved: "已解决", StatusClosed: "已关闭"}

// Label is the Chinese name of the status.
func (s Status) Label() string { return statusLabels[s] }

// Paused reports whether the status stops the clocks.
func (s Status) Paused() bool { return s == StatusWaitingReporter || s == StatusWaitingThirdParty }

// Open reports whether the ticket still needs work.
func (s Status) Open() bool { return s != StatusResolved && s != StatusClosed }

// Channels are how a ticket may come in, with their labels.
var Channels = []Option{{"phone", "电话"}, {"fax", "传真"}, {"email", "电子邮件"}, {"web", "网页表单"}, {"monitor", "监控告警"}}

// ChannelLabel names a channel in Chinese.
func ChannelLabel(c string) string {
	for _, o := range Channels {
		if o.Value == c {
			return o.Label
		}
	}
	return c
}

// Option is one choice of a select.
type Option struct{ Value, Label string }

// Ticket is one fault or complaint with its clocks.
type Ticket struct {
	ID                 int64     `json:"id"`
	Number             string    `json:"number" doc:"工单编号，故障 GZ…，投诉 TS…"`
	Kind               Kind      `json:"kind"`
	Severity           Severity  `json:"severity,omitempty" doc:"emergency | important | general | ordinary（投诉为空）"`
	Status             Status    `json:"status"`
	StatusLabel        string    `json:"status_label"`
	Title              string    `json:"title"`
	Content            string    `json:"content"`
	Cause              string    `json:"cause"`
	Resolution         string    `json:"resolution"`
	ResolvedOK         bool      `json:"resolved_ok" doc:"是否已解决（解决时填写）"`
	Channel            string    `json:"channel"`
	ReporterName       string    `json:"reporter_name"`
	ReporterContact    string    `json:"reporter_contact"`
	ReporterUserID     int64     `json:"-"`
	RegionCode         string    `json:"region_code"`
	OrgUnitID          int64     `json:"org_unit_id,omitempty"`
	OrgUnitName        string    `json:"org_unit_name"`
	Subsystem          string    `json:"subsystem"`
	AssigneeID         int64     `json:"assignee_id,omitempty"`
	AssigneeName       string    `json:"assignee_name"`
	PauseReason        string    `json:"pause_reason"`
	AlertKey           string    `json:"alert_key,omitempty"`
	AlertCount         int       `json:"alert_count"`
	Satisfaction       int       `json:"satisfaction" doc:"满意度 1–5（投诉关闭时记录），0 为未记录"`
	SendBackCount      int       `json:"sendback_count"`
	ReopenCount        int       `json:"reopen_count"`
	CalendarIncomplete bool      `json:"calendar_incomplete" doc:"时限跨入未公布节假日安排的年度，按周一至周五暂算"`
	OpenedAt           time.Time `json:"opened_at"`
	RespondedAt        time.Time `json:"responded_at,omitzero"`
	ResolvedAt         time.Time `json:"resolved_at,omitzero"`
	ClosedAt           time.Time `json:"closed_at,omitzero"`
	UpdatedAt          time.Time `json:"updated_at"`
	Clocks             []Clock   `json:"clocks"`
}

// Clock returns the ticket's clock of metric, and whether it has one.
func (t *Ticket) Clock(metric string) (*Clock, bool) {
	for i := range t.Clocks {
		if t.Clocks[i].Metric == metric {
			return &t.Clocks[i], true
		}
	}
	return nil, false
}

// The clock metrics.
const (
	MetricResponse   = "response"
	MetricResolution = "resolution"
	MetricReply      = "reply"
)

var metricLabels = map[string]string{MetricResponse: "响应", MetricResolution: "解决", MetricReply: "答复"}

// MetricLabel names a metric in Chinese.
func MetricLabel(m string) string { return metricLabels[m] }

// The clock states.
const (
	ClockRunning  = "running"
	ClockPaused   = "paused"
	ClockMet      = "met"
	ClockBreached = "breached"
	ClockDone     = "done" // stopped, no target
)

var clockLabels = map[string]string{ClockRunning: "计时中", ClockPaused: "暂停", ClockMet: "按时",
	ClockBreached: "超时", ClockDone: "已完成（无时限）"}

// Clock is one SLA clock of a ticket. DueAt and WarnAt are zero while
// paused or without a target.
type Clock struct {
	Metric      string    `json:"metric" doc:"response | resolution | reply"`
	Schedule    sla.Kind  `json:"schedule" doc:"5x8 | 7x24"`
	Hours       string    `json:"hours,omitempty" doc:"5x8 的工作时段"`
	Target      int       `json:"target_minutes" doc:"目标（业务分钟），0 为不设时限"`
	StartedAt   time.Time `json:"started_at"`
	DueAt       time.Time `json:"due_at,omitzero"`
	WarnAt      time.Time `json:"warn_at,omitzero"`
	StoppedAt   time.Time `json:"stopped_at,omitzero"`
	UsedSeconds int64     `json:"used_seconds" doc:"已用业务时间（秒，扣除暂停），停止时定格"`
	State       string    `json:"state" doc:"running | paused | met | breached | done"`
	Warned      bool      `json:"warned"`
	Breached    bool      `json:"breached"`
}

// StateLabel is the Chinese name of the clock's state.
func (c Clock) StateLabel() string { return clockLabels[c.State] }

// MetricLabel is the Chinese name of the clock's metric.
func (c Clock) MetricLabel() string { return MetricLabel(c.Metric) }

// Stopped reports whether the clock has stopped.
func (c Clock) Stopped() bool { return !c.StoppedAt.IsZero() }

// UsedMinutes is the business time used, in whole minutes.
func (c Clock) UsedMinutes() int64 { return c.UsedSeconds / 60 }

// Pause is one period during which clocks did not run.
type Pause struct {
	Kind      string
	Reason    string
	StartedAt time.Time
	EndedAt   time.Time // zero while it lasts
}

// ClockEvent is one row of the clock-event log.
type ClockEvent struct {
	Metric      string    `json:"metric"`
	Event       string    `json:"event"`
	At          time.Time `json:"at"`
	Target      int       `json:"target_minutes"`
	UsedSeconds int64     `json:"used_seconds"`
	DueAt       time.Time `json:"due_at,omitzero"`
	Detail      string    `json:"detail"`
}

// HistoryEntry is one line of a ticket's history.
type HistoryEntry struct {
	At        time.Time `json:"at"`
	ActorName string    `json:"actor_name"`
	Action    string    `json:"action"`
	Note      string    `json:"note"`
}

// ChannelLabel is the Chinese name of the ticket's channel.
func (t Ticket) ChannelLabel() string { return ChannelLabel(t.Channel) }

// MetricLabel is the Chinese name of the event's metric.
func (e ClockEvent) MetricLabel() string { return MetricLabel(e.Metric) }
