package supervision

import (
	"fmt"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/notify"
)

// Notification kinds sent by this package.
const (
	NoticeCaseWarning  = "case.warning"        // a case's clock turned yellow
	NoticeCaseOverdue  = "case.overdue"        // a case's clock turned red
	NoticeIssued       = "supervision.issued"  // an order or reminder reached a department
	NoticeReplied      = "supervision.replied" // the department replied
	NoticeClosed       = "supervision.closed"  // the supervisor closed it
	NoticeOrderOverdue = "supervision.overdue" // an order passed its deadline unreplied
)

// orderSubject names an order in titles: 督办：事项（办件编号）.
func orderSubject(o Order) string {
	return fmt.Sprintf("%s：%s（%s）", KindLabel(o.Kind), o.ItemName, o.CaseNumber)
}

// issuedNotice tells the addressed department about a new order or reminder.
func issuedNotice(o Order) notify.Notification {
	body := o.Content
	if o.Kind == KindOrder {
		body += fmt.Sprintf("\n请于 %s 前反馈办理情况。", o.Deadline.Label())
	}
	return notify.Notification{Kind: NoticeIssued, Title: orderSubject(o), Body: body, Link: Link(o.ID),
		CaseID: o.CaseID, ToOrgID: o.ToOrgID}
}

// repliedNotice tells the issuing supervisor that the department replied.
func repliedNotice(o Order) notify.Notification {
	return notify.Notification{Kind: NoticeReplied, Title: o.ToOrgName + "已反馈" + orderSubject(o),
		Body: o.Reply, Link: Link(o.ID), CaseID: o.CaseID, ToUserID: o.IssuedBy}
}

// closedNotice tells the addressed department that the supervisor closed it.
func closedNotice(o Order) notify.Notification {
	return notify.Notification{Kind: NoticeClosed, Title: orderSubject(o) + "已关闭",
		Body: o.CloseNote, Link: Link(o.ID), CaseID: o.CaseID, ToOrgID: o.ToOrgID}
}

// overdueNotices tell the department and the region's supervisors that an
// order passed its deadline without a reply.
func overdueNotices(o Order) []notify.Notification {
	title := orderSubject(o) + "已超过反馈期限"
	body := fmt.Sprintf("反馈期限为 %s，%s尚未反馈。", o.Deadline.Label(), o.ToOrgName)
	return []notify.Notification{
		{Kind: NoticeOrderOverdue, Title: title, Body: body, Link: Link(o.ID), CaseID: o.CaseID, ToOrgID: o.ToOrgID},
		{Kind: NoticeOrderOverdue, Title: title, Body: body, Link: Link(o.ID), CaseID: o.CaseID,
			ToRole: access.Supervisor, ToRegionCode: o.RegionCode},
	}
}

// levelNotices are the notifications of a case whose clock rose to yellow
// or red: one to each department with a pending task and to the lead
// department, and one to the supervisors of the case's region (city-level
// supervisors see every region's).
func levelNotices(ch casework.LevelChange) []notify.Notification {
	c := ch.Case
	kind, title := NoticeCaseWarning, "办件预警：%s（%s）已用 %d/%d 个工作日"
	if ch.To == casework.LevelRed {
		kind, title = NoticeCaseOverdue, "办件逾期：%s（%s）已用 %d/%d 个工作日，超过办理时限"
	}
	used, limit, deadline := 0, c.LimitDays, c.Deadline
	if c.Clock != nil {
		used, limit, deadline = c.Clock.UsedDays, c.Clock.LimitDays, c.Clock.Deadline
	}
	base := notify.Notification{Kind: kind, Title: fmt.Sprintf(title, c.ItemName, c.Number, used, limit),
		Body: fmt.Sprintf("项目：%s；办理时限截止 %s。", c.ProjectName, deadline.Label()),
		Link: fmt.Sprintf("/cases/%d", c.ID), CaseID: c.ID}
	var out []notify.Notification
	for _, id := range handlingOrgs(&c) {
		n := base
		n.ToOrgID = id
		out = append(out, n)
	}
	sup := base
	sup.ToRole, sup.ToRegionCode = access.Supervisor, c.RegionCode
	return append(out, sup)
}

// handlingOrgs is the lead department and every department with a pending
// task, each once, lead first.
func handlingOrgs(c *casework.Case) []int64 {
	var out []int64
	seen := map[int64]bool{0: true}
	add := func(id int64) {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	add(c.LeadOrgID)
	for _, t := range c.Tasks {
		if t.Status == casework.TaskPending {
			add(t.OrgUnitID)
		}
	}
	return out
}
