package ticket

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/notify"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sla"
)

// OpenInput is a new fault or complaint.
type OpenInput struct {
	Kind            Kind     `json:"kind" doc:"fault | complaint"`
	Severity        Severity `json:"severity" doc:"故障必填：emergency | important | general | ordinary"`
	Title           string   `json:"title" doc:"标题，最多 100 字"`
	Content         string   `json:"content" doc:"故障现象或投诉内容，最多 2000 字"`
	Channel         string   `json:"channel" doc:"phone | fax | email | web | monitor"`
	ReporterName    string   `json:"reporter_name" doc:"报告人或投诉人"`
	ReporterContact string   `json:"reporter_contact" doc:"联系方式（电话或邮箱）"`
	RegionCode      string   `json:"region_code" doc:"所属区县编码"`
	OrgUnitID       int64    `json:"org_unit_id" doc:"责任单位（投诉的被投诉单位），可为 0"`
	Subsystem       string   `json:"subsystem" doc:"涉及的子系统，如 网上大厅、综合受理"`
	AlertKey        string   `json:"-"`
}

// Validate checks the fields a person types, with Chinese messages.
func (in *OpenInput) Validate() error {
	f := map[string]string{}
	in.Title, in.Content = strings.TrimSpace(in.Title), strings.TrimSpace(in.Content)
	in.ReporterName, in.ReporterContact = strings.TrimSpace(in.ReporterName), strings.TrimSpace(in.ReporterContact)
	if in.Kind != Fault && in.Kind != Complaint {
		f["kind"] = "请选择工单类别（故障或投诉）。"
	}
	if in.Kind == Fault && !in.Severity.Valid() {
		f["severity"] = "请选择故障级别：紧急、重要、一般或普通。"
	}
	checkText(f, "title", in.Title, "标题", 100, true)
	checkText(f, "content", in.Content, "内容", 2000, true)
	checkText(f, "reporter_name", in.ReporterName, "报告人姓名", 50, true)
	checkText(f, "reporter_contact", in.ReporterContact, "联系方式", 100, in.Kind == Complaint)
	checkText(f, "subsystem", in.Subsystem, "子系统", 50, false)
	if !slices.ContainsFunc(Channels, func(o Option) bool { return o.Value == in.Channel }) {
		f["channel"] = "请选择来源渠道：电话、传真、电子邮件、网页表单或监控告警。"
	}
	if in.RegionCode == "" {
		f["region_code"] = "请选择所属区县。"
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return nil
}

// checkText adds a message for field when v is required and empty or
// longer than max characters.
func checkText(f map[string]string, field, v, label string, max int, required bool) {
	switch {
	case required && v == "":
		f[field] = "请填写" + label + "。"
	case utf8.RuneCountInString(v) > max:
		f[field] = label + "不能超过 " + itoa(max) + " 字。"
	}
}

// Open records a new fault or complaint, starts its clocks (event
// "activate"), routes it at once (notices to the region's operations
// engineers and, for a complaint, the responsible org unit; held until
// business hours for a 5x8 clock outside them) and records
// "ticket.open", in one transaction.
//
// Who: TicketWork may record any channel. A signed-in reporter
// (TicketReport) files through the web form: channel "web", reporter set
// from the account. Anyone, even anonymous, may file a complaint through
// the web form. Errors: Unauthenticated (a fault without signing in);
// Forbidden; Invalid with per-field messages (also an unknown region or
// org unit); Unavailable/Internal.
func (s *Service) Open(ctx context.Context, in OpenInput) (Ticket, error) {
	p := access.From(ctx)
	if err := admitOpen(p, &in); err != nil {
		return Ticket{}, err
	}
	if err := in.Validate(); err != nil {
		return Ticket{}, err
	}
	t, hours, err := s.newTicket(ctx, p, in)
	if err != nil {
		return Ticket{}, err
	}
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error { return s.insertNew(ctx, tx, &t, hours) })
	if err != nil {
		return Ticket{}, err
	}
	return t, nil
}

// admitOpen applies who may open what, forcing web-form fields for
// reporters who do not work tickets.
func admitOpen(p *access.Principal, in *OpenInput) error {
	if p.Can(access.TicketWork) {
		return nil
	}
	if in.Kind == Fault && p == nil {
		return errs.E(errs.Unauthenticated, "请先登录再报告故障。")
	}
	if in.Kind == Fault && !p.Can(access.TicketReport) {
		return errs.E(errs.Forbidden, "")
	}
	in.Channel = "web"
	if p != nil && p.UserID != 0 && in.ReporterName == "" {
		in.ReporterName = p.Name
	}
	return nil
}

// newTicket builds the ticket of in: names resolved, clocks not yet set.
func (s *Service) newTicket(ctx context.Context, p *access.Principal, in OpenInput) (Ticket, string, error) {
	if _, err := s.orgs.RegionByCode(ctx, in.RegionCode); err != nil {
		return Ticket{}, "", errs.FieldErrors(map[string]string{"region_code": "所选区县不存在。"})
	}
	now := s.instant()
	t := Ticket{Kind: in.Kind, Severity: in.Severity, Status: StatusNew, Title: in.Title, Content: in.Content,
		Channel: in.Channel, ReporterName: in.ReporterName, ReporterContact: in.ReporterContact,
		RegionCode: in.RegionCode, OrgUnitID: in.OrgUnitID, Subsystem: strings.TrimSpace(in.Subsystem),
		AlertKey: in.AlertKey, OpenedAt: now, UpdatedAt: now}
	if in.Kind == Complaint {
		t.Severity = ""
	}
	if p != nil && p.UserID != 0 && !p.Can(access.TicketWork) {
		t.ReporterUserID = p.UserID
	}
	if in.AlertKey != "" {
		t.AlertCount = 1
	}
	hours := ""
	if in.OrgUnitID != 0 {
		u, err := s.orgs.Unit(ctx, in.OrgUnitID)
		if err != nil || u.RegionCode != in.RegionCode {
			return Ticket{}, "", errs.FieldErrors(map[string]string{"org_unit_id": "所选责任单位不存在或不属于所选区县。"})
		}
		t.OrgUnitName = u.Name
		if hours, err = selectHours(ctx, s.db, u.ID); err != nil {
			return Ticket{}, "", err
		}
	}
	return t, hours, nil
}

// insertNew writes t, starts its clocks and routes it, inside tx.
func (s *Service) insertNew(ctx context.Context, tx *sql.Tx, t *Ticket, hours string) error {
	days, err := s.daysFor(ctx, t.OpenedAt)
	if err != nil {
		return err
	}
	day := sla.WorkingHours(parseHoursOrDefault(hours)...).DayMinutes()
	for _, sp := range s.cfg.specs(t.Kind, t.Severity, day) {
		c := Clock{Metric: sp.metric, Schedule: sp.schedule, Target: sp.target, StartedAt: t.OpenedAt}
		if sp.schedule == sla.Kind5x8 {
			c.Hours = hours
		}
		if missing := c.refresh(nil, false, t.OpenedAt, days, s.cfg.WarnShare); len(missing) > 0 {
			t.CalendarIncomplete = true
		}
		t.Clocks = append(t.Clocks, c)
	}
	if err := insertTicket(ctx, tx, t); err != nil {
		return err
	}
	ch := &change{t: t, now: t.OpenedAt, days: days, action: "登记" + t.Kind.Label()}
	for i := range t.Clocks {
		ch.event(&t.Clocks[i], "activate", "")
	}
	ch.history(actorName(ctx), ChannelLabel(t.Channel)+"："+t.Title)
	ch.notices = openedNotices(t)
	if t.CalendarIncomplete {
		ch.notices = append(ch.notices, notify.Notification{Kind: "ticket.calendar_incomplete", Link: Link(t.ID),
			Title: clip("工作日历缺少年度节假日安排，工单 " + t.Number + " 的时限按周一至周五暂算"),
			Body:  "请系统管理员导入相应年度的国务院办公厅节假日安排。", ToRole: access.SysAdmin})
	}
	return s.flush(ctx, tx, ch, "ticket.open", map[string]any{"number": t.Number, "kind": t.Kind,
		"severity": t.Severity, "channel": t.Channel, "region": t.RegionCode, "alert_key": t.AlertKey})
}

func parseHoursOrDefault(h string) []sla.Segment {
	segs, err := sla.ParseHours(h)
	if err != nil {
		return nil
	}
	return segs
}

func itoa(n int) string { return strconv.Itoa(n) }
