package evaluation

import (
	"fmt"

	"github.com/dazhou-gongai/gongai/internal/notify"
)

// Notification kinds sent by this package.
const (
	NoticeBadRating = "evaluation.bad_rating" // a bad rating opened a rectification for a department
	NoticeAnswered  = "evaluation.answered"   // the department answered; the rater may follow up
	NoticeClosed    = "evaluation.closed"     // the rectification was closed
)

// subject names a rectification's case in titles: 事项（办件编号）.
func subject(x Rectification) string {
	return fmt.Sprintf("%s（%s）", x.Rating.ItemName, x.Rating.CaseNumber)
}

// badRatingNotice tells the addressed department about a new rectification.
func badRatingNotice(x Rectification) notify.Notification {
	body := fmt.Sprintf("评价：%s；方面：%s。\n%s\n请于 %s 前答复整改情况。", x.Rating.Level.Label(),
		x.Rating.AspectLabels(), x.Rating.Comment, x.Due.Label())
	return notify.Notification{Kind: NoticeBadRating, Title: "差评整改：" + subject(x) + "收到“" + x.Rating.Level.Label() + "”评价",
		Body: body, Link: RectificationURL(x.ID), CaseID: x.Rating.CaseID, ToOrgID: x.OrgID}
}

// answeredNotice tells the rater that the department answered.
func answeredNotice(x Rectification) notify.Notification {
	return notify.Notification{Kind: NoticeAnswered, Title: x.OrgName + "已答复您对" + subject(x) + "的评价",
		Body: x.Answer + "\n请告诉我们您是否满意。", Link: RectificationURL(x.ID), CaseID: x.Rating.CaseID,
		ToUserID: x.Rating.RaterUserID}
}

// closedNotice tells the department how the rectification was closed.
func closedNotice(x Rectification) notify.Notification {
	body := x.CloseNote
	if x.Satisfied != nil {
		verdict := "申请人回访：不满意。"
		if *x.Satisfied {
			verdict = "申请人回访：满意。"
		}
		body = verdict + body
	}
	return notify.Notification{Kind: NoticeClosed, Title: "差评整改已办结：" + subject(x), Body: body,
		Link: RectificationURL(x.ID), CaseID: x.Rating.CaseID, ToOrgID: x.OrgID}
}
