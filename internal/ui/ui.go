// Package ui holds gongai's shared layout, partials, error page and static
// assets (CSS and a little JS), all embedded, and the template functions
// every page may use.
package ui

import (
	"embed"
	"html/template"
	"io/fs"
	"strconv"
	"strings"
	"time"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed pages/*.html
var pageFS embed.FS

//go:embed static
var staticFS embed.FS

// Layout is the layout and partials (named "layout", "errorsummary", …).
func Layout() fs.FS { sub, _ := fs.Sub(templateFS, "templates"); return sub }

// Pages is the shared pages (the error page), registered as "ui/…".
func Pages() fs.FS { sub, _ := fs.Sub(pageFS, "pages"); return sub }

// Static is the embedded asset tree served under /static/.
func Static() fs.FS { sub, _ := fs.Sub(staticFS, "static"); return sub }

// Shanghai is the time zone every page shows.
var Shanghai = mustZone()

func mustZone() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		// time/tzdata is not linked in: China has had no DST since 1991.
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}

// Funcs returns the template functions; staticURL resolves asset names.
func Funcs(staticURL func(string) string) template.FuncMap {
	return template.FuncMap{
		"static":    staticURL,
		"date":      Date,
		"datetime":  DateTime,
		"isodate":   func(t time.Time) string { return t.In(Shanghai).Format("2006-01-02") },
		"thousands": Thousands,
		"fielderr":  func(fields map[string]string, name string) string { return fields[name] },
		"field":     NewField,
		"action":    ActionLabel,
		"rows":      Rows,
	}
}

// Date formats t as 2026年3月9日 in Shanghai time; zero is "—".
func Date(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	t = t.In(Shanghai)
	return strconv.Itoa(t.Year()) + "年" + strconv.Itoa(int(t.Month())) + "月" + strconv.Itoa(t.Day()) + "日"
}

// DateTime formats t as 2026年3月9日 14:05 in Shanghai time; zero is "—".
func DateTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return Date(t) + " " + t.In(Shanghai).Format("15:04")
}

// Thousands formats n with thousands separators.
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Field is the model of the "field" partial: one labelled input with its
// hint and error, wired for screen readers.
type Field struct {
	Type, Name, Label, Hint string
	Value                   any
	Error                   string
}

// NewField builds a Field for templates:
// {{template "field" (field "text" "username" "用户名" "提示" .Form.Username .Errors)}}.
func NewField(typ, name, label, hint string, value any, errors map[string]string) Field {
	return Field{Type: typ, Name: name, Label: label, Hint: hint, Value: value, Error: errors[name]}
}

// actionLabels names audit actions in Chinese for pages; unknown actions
// show their code.
var actionLabels = map[string]string{
	"user.login": "登录成功", "user.login_failed": "登录失败", "user.locked": "账户被锁定",
	"user.logout": "退出登录", "user.session_end": "会话结束（超时或失效）", "user.unlock": "解锁账户",
	"user.create": "创建账户", "user.enable": "启用账户", "user.disable": "停用账户",
	"user.password_reset": "重置密码", "user.password_change": "修改密码",
	"user.role_add": "添加角色", "user.role_remove": "移除角色",
	"apikey.create": "发放接口密钥", "apikey.revoke": "吊销接口密钥",
	"org.seed": "初始化区县与机构", "org.unit.create": "新建机构", "org.unit.update": "修改机构",
	"org.unit.activate": "启用机构", "org.unit.deactivate": "停用机构", "org.region.update": "修改区县",
	"seed.demo_accounts": "写入演示账户", "audit.verify": "校验审计链",
	"project.register": "登记项目", "project.update": "修改项目", "project.work.add": "添加单项工程",
	"project.seed_demo": "写入演示项目", "calendar.seed": "初始化工作日历", "calendar.day.set": "设置节假日/调休",
	"calendar.day.delete": "删除节假日/调休", "calendar.year.import": "导入年度节假日安排",
	"catalog.seed": "初始化事项目录与审批流程", "catalog.item.create": "新增事项", "catalog.item.update": "修改事项",
	"catalog.item.activate": "启用事项", "catalog.item.deactivate": "停用事项", "catalog.flow.draft": "新建流程草稿",
	"catalog.flow.update": "修改流程草稿", "catalog.flow.publish": "发布审批流程", "catalog.flow.discard": "删除流程草稿",
	"case.receive": "接件", "case.accept": "受理", "case.not_receive": "不受理（退件）", "case.refuse": "不予受理",
	"case.request_fix": "一次性补正告知", "case.supply_fix": "提交补正材料", "case.resume": "恢复办理",
	"case.dispatch": "分发部门办理", "case.send_back": "退回窗口", "case.start_special": "启动特别程序",
	"case.end_special": "结束特别程序", "case.approve": "办结（通过）", "case.approve_deficit": "办结（容缺通过）",
	"case.deny": "办结（不通过）", "case.withdraw": "撤回申请", "case.revoke": "撤销",
	"case.task_opinion": "部门审查意见", "case.task_approve": "部门审查同意", "case.task_deny": "部门审查不同意",
	"case.consult": "征求意见", "case.consult_answer": "答复征求意见", "case.supply_deficiency": "补齐容缺材料",
	"case.warn_yellow": "办件预警", "case.warn_red": "办件逾期", "case.warning": "办件预警通知", "case.overdue": "办件逾期通知",
	"supervision.issue": "发出督办/催办", "supervision.reply": "答复督办", "supervision.close": "办结督办",
	"supervision.overdue": "督办逾期未复",
	"evaluation.rate":     "好差评评价", "evaluation.rectification.answer": "答复差评整改",
	"evaluation.rectification.close": "关闭差评整改",
	"window.create":                  "新增窗口", "window.update": "修改窗口", "window.hours": "设置窗口开放时间",
	"window.staff.add": "窗口增加人员", "window.staff.remove": "窗口移除人员", "window.seed": "初始化窗口",
	"window.appointment.book": "网上预约", "window.appointment.cancel": "取消预约",
	"window.appointment.mark": "登记预约到场", "window.appointment.remind": "预约提醒",
	"window.case.assign": "办件分配窗口", "window.case.transfer": "综窗协同转办",
	"licence.issue": "签发电子证照", "licence.key_create": "生成证照签名密钥", "licence.revoke": "撤销电子证照",
	"kb.create": "新建知识库文章", "kb.update": "修改知识库文章", "training.create": "登记业务培训",
	"training.update": "修改培训记录", "ticket.hours": "设置机构工作时间", "ticket.escalate": "工单升级",
	"sitestats.close_day": "网站统计日结转（删除当日盐值与访客标识）", "sitestats.seed_demo": "写入网站统计演示数据",
	"indicator.seed": "初始化监测指标", "indicator.update": "修改指标定义", "indicator.recompute": "重新计算全部指标",
	"anomaly.rule.create": "新建异常规则", "anomaly.rule.update": "修改异常规则", "anomaly.alert.transition": "告警状态变化",
	"anomaly.alert.ack": "确认告警", "anomaly.alert.resolve": "解除告警",
	"quality.seed": "初始化数据质量规则", "quality.run": "运行数据质量检查", "quality.rule_update": "修改数据质量规则",
	"quality.task_open": "生成治理任务", "quality.task_autoclose": "复核通过，自动关闭治理任务", "quality.task_close": "人工关闭治理任务",
	"report.definition.create": "新建动态报表", "report.definition.update": "修改动态报表", "report.definition.delete": "删除动态报表",
	"report.run.request": "申请生成报表", "report.run.schedule": "定时生成报表", "report.run.done": "报表生成完成",
	"report.run.fail": "报表生成失败",
	"exchange.repush": "重新推送上报记录", "exchange.repush_all": "重新推送全部失败记录", "exchange.import": "导入项目代码",
	"history.generate": "生成演示数据", "history.delete": "删除生成数据",
	"ticket.open": "新建工单", "ticket.respond": "响应工单", "ticket.assign": "认领工单", "ticket.pause": "暂停工单计时",
	"ticket.resume": "恢复工单计时", "ticket.resolve": "解决工单", "ticket.close": "关闭工单",
	"ticket.reopen": "重新打开工单", "ticket.send_back": "退回重办", "ticket.severity": "调整严重程度",
	"ticket.clock": "工单计时事件", "ticket.recompute": "重算工单时限", "ticket.alert": "监控告警",
}

// ActionLabel returns the Chinese name of an audit action.
func ActionLabel(action string) string {
	if l, ok := actionLabels[action]; ok {
		return l
	}
	return action
}

// Rows returns 1..n, for forms that offer n blank rows.
func Rows(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i + 1
	}
	return out
}
