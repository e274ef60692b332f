package casework

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/pdfdoc"
)

// Notice kinds: the written decisions of the window (行政许可法 第三十二条).
const (
	NoticeAcceptance = "acceptance" // 受理通知书
	NoticeRefusal    = "refusal"    // 不予受理决定书
	NoticeCorrection = "correction" // 一次性补正告知书
)

var noticeTitles = map[string]string{NoticeAcceptance: "受理通知书", NoticeRefusal: "不予受理决定书",
	NoticeCorrection: "一次性补正告知书"}

// noticeText is what one notice says, gathered before drawing.
type noticeText struct {
	c      Case
	owner  string
	issuer string
	at     time.Time
	pause  Pause
	reason string
}

// NoticePDF renders a notice of case id as a PDF and returns it with its
// file name. pauseID picks the 补正 notice (0: the latest). The same case
// state always gives the same bytes (dated at the event, not at download).
//
// Errors: NotFound when the caller cannot see the case or the notice does
// not exist (a case not accepted has no 受理通知书).
func (s *Service) NoticePDF(ctx context.Context, id int64, kind string, pauseID int64) ([]byte, string, error) {
	c, err := s.Get(ctx, id)
	if err != nil {
		return nil, "", err
	}
	n, err := s.noticeOf(ctx, c, kind, pauseID)
	if err != nil {
		return nil, "", err
	}
	if proj, err := s.projects.Get(ctx, c.ProjectID); err == nil {
		n.owner = proj.OwnerName
	}
	if u, err := s.orgs.UnitByFunction(ctx, c.RegionCode, "window"); err == nil {
		n.issuer = u.Name
	}
	pdf, err := drawNotice(kind, n)
	return pdf, noticeTitles[kind] + "-" + c.Number + ".pdf", err
}

// noticeOf checks that the notice exists and finds its date and content.
func (s *Service) noticeOf(ctx context.Context, c Case, kind string, pauseID int64) (noticeText, error) {
	n := noticeText{c: c}
	missing := errs.E(errs.NotFound, "该办件没有这份文书。")
	switch kind {
	case NoticeAcceptance:
		if !c.Accepted() {
			return n, missing
		}
		n.at = c.AcceptedAt
	case NoticeRefusal:
		for _, st := range c.Steps {
			if st.Action == string(ActRefuse) {
				n.at, n.reason = st.OccurredAt, st.Opinion
			}
		}
		if n.at.IsZero() {
			return n, missing
		}
	case NoticeCorrection:
		for _, p := range c.Pauses {
			if p.Kind == PauseCorrection && (pauseID == 0 || p.ID == pauseID) {
				n.pause, n.at = p, p.StartedAt
			}
		}
		if n.at.IsZero() {
			return n, missing
		}
	default:
		return n, missing
	}
	return n, nil
}

func drawNotice(kind string, n noticeText) ([]byte, error) {
	d, err := pdfdoc.New(pdfdoc.Meta{Title: noticeTitles[kind], Subject: n.c.Number, Author: n.issuer,
		Creator: "gongai 工程建设项目审批管理系统", Footer: "办件编号 " + n.c.Number, Created: n.at})
	if err != nil {
		return nil, err
	}
	d.Title(noticeTitles[kind])
	d.Centered("办件编号：" + n.c.Number)
	d.Space(4)
	d.Paragraph(orDash(n.owner) + "：")
	switch kind {
	case NoticeAcceptance:
		acceptanceBody(d, n)
	case NoticeRefusal:
		d.Paragraph(fmt.Sprintf("你单位于%s提交的“%s”申请（项目：%s，项目代码 %s），经审查，本机关决定不予受理。",
			dayOf(n.c.ReceivedAt), n.c.ItemName, n.c.ProjectName, n.c.ProjectCode))
		d.Row("不予受理理由", orDash(n.reason), 0)
		d.Paragraph("如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。")
	case NoticeCorrection:
		correctionBody(d, n)
	}
	d.Space(10)
	d.Paragraph(orDash(n.issuer) + "（盖章）")
	d.Paragraph(dayOf(n.at))
	return d.Bytes()
}

func acceptanceBody(d *pdfdoc.Doc, n noticeText) {
	c := n.c
	d.Paragraph(fmt.Sprintf("你单位于%s提交的“%s”申请（项目：%s，项目代码 %s），申请材料齐全、符合法定形式，"+
		"根据《中华人民共和国行政许可法》第三十二条的规定，决定予以受理。", dayOf(c.ReceivedAt), c.ItemName, c.ProjectName, c.ProjectCode))
	d.Row("受理时间", dayOf(c.AcceptedAt), 0)
	d.Row("承诺办结时限", strconv.Itoa(c.LimitDays)+" 个工作日（自受理次日起计算；补正材料、特别程序所需时间不计入）", 0)
	if !c.Deadline.IsZero() {
		d.Row("预计办结日期", c.Deadline.Label(), 0)
	}
	if len(c.Deficiency) > 0 {
		d.Row("容缺后补材料", joinNames(c.Deficiency)+"，请于 "+c.DeficiencyDeadline.Label()+" 前补齐", 0)
	}
	d.Paragraph("办理进度可在达州市工程建设项目审批管理系统网上办事大厅查询。")
}

func correctionBody(d *pdfdoc.Doc, n noticeText) {
	c := n.c
	d.Paragraph(fmt.Sprintf("你单位于%s提交的“%s”申请（项目：%s），申请材料不齐全或者不符合法定形式，"+
		"根据《中华人民共和国行政许可法》第三十二条的规定，现一次性告知需要补正的全部内容：", dayOf(c.ReceivedAt), c.ItemName, c.ProjectName))
	for i, it := range n.pause.Items {
		d.Row(strconv.Itoa(i+1)+". "+it.Material, it.Problem, 0)
	}
	if n.pause.Reason != "" {
		d.Row("说明", n.pause.Reason, 0)
	}
	d.Paragraph("请按上述内容补正后通过网上办事大厅或综合窗口提交。补正期间不计入办理时限，补正材料提交后恢复计时。")
}

func dayOf(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return calendar.DateOf(t).Label()
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func joinNames(names []string) string {
	out := ""
	for i, n := range names {
		if i > 0 {
			out += "、"
		}
		out += n
	}
	return out
}
