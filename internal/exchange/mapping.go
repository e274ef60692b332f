package exchange

import (
	"strconv"
	"time"
)

// beijing is the time zone of every wire time (China has no DST).
var beijing = time.FixedZone("CST", 8*3600)

func wireTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(beijing).Format(DateTimeLayout)
}

func wireDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(beijing).Format(DateLayout)
}

// region is what a record needs of a region: its internal code (for scope
// filters) and the code reported upward (东部经开区 511772 reports 511703).
type region struct{ Code, Reporting string }

// projectRow is the source of a project and its owner unit.
type projectRow struct {
	Code, Name          string
	Region              region
	FlowType            int
	OwnerName, OwnerUSC string
	Investment          int64 // hundredths of 万元 (project.Money)
	Address             string
}

// caseRow is the source of an item instance and its result.
type caseRow struct {
	ID                       int64
	Number, ProjectCode      string
	Region                   region
	ItemCode, ItemName       string
	StandardCode, ResultName string
	StageNo, Status, Limit   int
	OwnerUSC                 string
	ReceivedAt, AcceptedAt   time.Time
	ConcludedAt              time.Time
	Licence                  *licenceRow // nil when none was issued
}

type licenceRow struct {
	Number, Title, IssueDate string
	Revoked                  bool
}

type stepRow struct {
	ID, Seq             int64
	Action              string
	ToStatus            int
	Actor, Org, Opinion string
	OccurredAt          time.Time
}

type pauseRow struct {
	ID                 int64
	Kind, Reason       string
	ExpectedDays       int
	StartedAt, EndedAt time.Time
	Outcome            string
}

type consultRow struct {
	ID                    int64
	FromOrg, ToOrg        string
	Question, Answer      string
	Deadline              string
	CreatedAt, AnsweredAt time.Time
}

// draft is a record before it has a queue id: the entity, its fields and
// validity, and what scopes and orders it.
type draft struct {
	Table, DFSJZJ string
	Chain         string
	Region        region
	Ref           string
	Fields        map[string]string
	Valid         int
	Why           string
}

func newDraft(table, key, chain string, r region, fields map[string]string) draft {
	fields["XZQHDM"] = r.Reporting
	fields["XMDM"] = chain
	return draft{Table: table, DFSJZJ: key, Chain: chain, Region: r, Fields: fields, Valid: 1}
}

func mapProject(p projectRow) draft {
	return newDraft(TableProject, p.Code, p.Code, p.Region, map[string]string{
		"GCDM": p.Code, "XMMC": p.Name, "SPLCLX": strconv.Itoa(p.FlowType),
		"ZTZE": moneyText(p.Investment), "JSDD": p.Address})
}

// mapUnit is the project's 建设单位 (DWLX 1).
func mapUnit(p projectRow) draft {
	return newDraft(TableUnit, unitKey(p.Code, p.OwnerUSC), p.Code, p.Region, map[string]string{
		"DWMC": p.OwnerName, "DWTYSHXYDM": p.OwnerUSC, "DWLX": "1"})
}

func mapInstance(c caseRow) draft {
	return newDraft(TableInstance, c.Number, c.ProjectCode, c.Region, map[string]string{
		"GCDM": c.ProjectCode, "SPSXSLBM": c.Number, "SPSXBM": c.ItemCode, "SPSXMC": c.ItemName,
		"SPJDXH": strconv.Itoa(c.StageNo), "DWTYSHXYDM": c.OwnerUSC, "BLZT": strconv.Itoa(c.Status),
		"SQSJ": wireTime(c.ReceivedAt), "SLSJ": wireTime(c.AcceptedAt), "BJSJ": concludedTime(c),
		"BLSX": strconv.Itoa(c.Limit), "DYBZSPSXBM": c.StandardCode})
}

// concludedTime is BJSJ: the time of 办结 (BLZT 11/12/13) or of the
// revocation of a concluded case (15). The engine stamps concluded_at on
// every end (withdrawal, 不予受理 …) to stop the clock, but those cases were
// never 办结 and the upper system refuses a BJSJ on them (crossProblems).
func concludedTime(c caseRow) string {
	switch c.Status {
	case 11, 12, 13, 15:
		return wireTime(c.ConcludedAt)
	}
	return ""
}

func mapStep(c caseRow, s stepRow) draft {
	return newDraft(TableStep, c.Number+"/BL/"+strconv.FormatInt(s.ID, 10), c.ProjectCode, c.Region,
		map[string]string{"SPSXSLBM": c.Number, "XH": strconv.FormatInt(s.Seq, 10), "BLHJ": actionLabel(s.Action),
			"BLZT": strconv.Itoa(s.ToStatus), "BLSJ": wireTime(s.OccurredAt), "BLR": s.Actor, "BLBM": s.Org,
			"BLYJ": s.Opinion})
}

func mapSpecial(c caseRow, p pauseRow) draft {
	kind := p.Kind
	if kind == "" {
		kind = "其他"
	}
	return newDraft(TableSpecial, c.Number+"/TBCX/"+strconv.FormatInt(p.ID, 10), c.ProjectCode, c.Region,
		map[string]string{"SPSXSLBM": c.Number, "TBCXLX": kind, "TBCXYY": p.Reason,
			"TBCXKSSJ": wireTime(p.StartedAt), "TBCXJSSJ": wireTime(p.EndedAt),
			"TBCXSX": strconv.Itoa(p.ExpectedDays), "TBCXJG": p.Outcome})
}

func mapConsultation(c caseRow, q consultRow) draft {
	return newDraft(TableConsultation, c.Number+"/ZQYJ/"+strconv.FormatInt(q.ID, 10), c.ProjectCode, c.Region,
		map[string]string{"SPSXSLBM": c.Number, "ZQBM": q.FromOrg, "BZQBM": q.ToOrg, "ZQNR": q.Question,
			"ZQSJ": wireTime(q.CreatedAt), "DFQX": q.Deadline, "FKYJ": q.Answer, "FKSJ": wireTime(q.AnsweredAt)})
}

// mapResult is the 批复文件 of a concluded (or later revoked) case: the
// electronic licence when one was issued, else the decision itself under
// the case number. ok is false for a case that has no result.
func mapResult(c caseRow) (draft, bool) {
	if c.ConcludedAt.IsZero() || (!concludedStatus(c.Status) && c.Status != 15) {
		return draft{}, false
	}
	f := map[string]string{"SPSXSLBM": c.Number, "BLZT": strconv.Itoa(c.Status), "PFWH": c.Number,
		"PFWJMC": c.ResultName, "PFRQ": wireDate(c.ConcludedAt)}
	if f["PFWJMC"] == "" {
		f["PFWJMC"] = c.ItemName + "办理结果"
	}
	ref := ""
	if l := c.Licence; l != nil {
		f["PFWH"], f["PFWJMC"], f["PFRQ"], f["ZZBS"] = l.Number, l.Title, l.IssueDate, l.Number
		ref = l.Number
	}
	d := newDraft(TableResult, c.Number+"/PFWJ", c.ProjectCode, c.Region, f)
	d.Ref = ref
	switch {
	case c.Status == 15:
		d.Valid, d.Why = 0, "办件已撤销"
	case c.Licence != nil && c.Licence.Revoked:
		d.Valid, d.Why = 0, "电子证照已注销"
	}
	return d, true
}

func concludedStatus(s int) bool { return s == 11 || s == 12 || s == 13 }

// moneyText is hundredths of 万元 as a decimal, e.g. "1250.50".
func moneyText(m int64) string {
	return strconv.FormatInt(m/100, 10) + "." + strconv.FormatInt(m%100/10, 10) + strconv.FormatInt(m%10, 10)
}

var actionLabels = map[string]string{
	"receive": "接件", "accept": "受理", "not_receive": "不受理", "refuse": "不予受理",
	"request_fix": "补正告知", "supply_fix": "补正材料提交", "resume": "恢复办理", "dispatch": "分送部门",
	"send_back": "退回窗口", "start_special": "特别程序开始", "end_special": "特别程序结束",
	"approve": "办结（通过）", "approve_deficit": "办结（容缺通过）", "deny": "办结（不通过）",
	"withdraw": "撤件", "revoke": "撤销", "consult": "征求意见", "consult_answer": "意见反馈",
	"supply_deficiency": "容缺材料补齐", "task_approve": "部门审查通过", "task_deny": "部门审查不通过", "task_opinion": "部门审查意见",
}

// actionLabel is the Chinese 环节 name of an engine action.
func actionLabel(a string) string {
	if l, ok := actionLabels[a]; ok {
		return l
	}
	return a
}
