package casework

import (
	"net/http"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// fixRows is how many material rows the correction form offers.
const fixRows = 6

// runForm parses the form of action and calls the use case; it returns the
// message to show after the redirect.
func (h *HTTP) runForm(r *http.Request, id int64, action string) (string, error) {
	ctx, v := r.Context(), version(r)
	text := func(name string) string { return web.FormValue(r, name) }
	var err error
	msg := ""
	switch action {
	case "accept":
		_, err = h.svc.Accept(ctx, id, AcceptInput{Version: v, Opinion: text("opinion"),
			Deficiency: r.PostForm["deficiency"], DeficiencyDays: atoi(text("deficiency_days"))})
		msg = "已受理，并已分发各部门并联办理。"
	case "refuse":
		_, err = h.svc.Refuse(ctx, id, RefuseInput{Version: v, Reason: text("reason")})
		msg = "已作出不予受理决定。"
	case "not-receive":
		_, err = h.svc.NotReceive(ctx, id, RefuseInput{Version: v, Reason: text("reason")})
		msg = "已退件。"
	case "dispatch":
		_, err = h.svc.Dispatch(ctx, id, v)
		msg = "已重新分发。"
	case "corrections":
		_, err = h.svc.RequestFix(ctx, id, FixInput{Version: v, Items: fixItems(r), Note: text("note")})
		msg = "已发出一次性补正告知。"
	case "withdraw":
		_, err = h.svc.Withdraw(ctx, id, WithdrawInput{Version: v, Reason: text("reason")})
		msg = "申请已撤回。"
	default:
		return h.runDeptForm(r, id, action)
	}
	return msg, err
}

func (h *HTTP) runDeptForm(r *http.Request, id int64, action string) (string, error) {
	ctx, v := r.Context(), version(r)
	text := func(name string) string { return web.FormValue(r, name) }
	switch action {
	case "review":
		_, err := h.svc.Review(ctx, id, TaskInput{Opinion: text("opinion"), Decision: text("decision")})
		return "审查意见已保存。", err
	case "send-back":
		_, err := h.svc.SendBack(ctx, id, SendBackInput{Version: v, Reason: text("reason")})
		return "已退回窗口。", err
	case "special":
		_, err := h.svc.StartSpecial(ctx, id, SpecialInput{Version: v, Kind: text("kind"), Reason: text("reason"),
			ExpectedDays: atoi(text("expected_days"))})
		return "特别程序已启动，计时暂停。", err
	case "special-end":
		_, err := h.svc.EndSpecial(ctx, id, EndSpecialInput{Version: v, Outcome: text("outcome")})
		return "特别程序已结束，恢复计时。", err
	case "consultations":
		to, _ := strconv.ParseInt(text("to_org_id"), 10, 64)
		_, err := h.svc.Consult(ctx, id, ConsultInput{ToOrgID: to, Question: text("question"), Days: atoi(text("days"))})
		return "已发出征求意见。", err
	case "conclude":
		_, err := h.svc.Conclude(ctx, id, ConcludeInput{Version: v, Approve: text("approve") == "true",
			Opinion: text("opinion")})
		return "办件已办结。", err
	case "revoke":
		_, err := h.svc.Revoke(ctx, id, RefuseInput{Version: v, Reason: text("reason")})
		return "已撤销。", err
	}
	return "", errs.E(errs.NotFound, "")
}

func version(r *http.Request) int64 {
	v, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	return v
}

// atoi reads an optional number: empty is 0 (the default), anything that
// is not a number is -1 so that validation reports it instead of ignoring it.
func atoi(s string) int {
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// fixItems reads the material/problem rows, skipping blank ones.
func fixItems(r *http.Request) []FixItem {
	var out []FixItem
	for i := 0; i < fixRows; i++ {
		m := web.FormValue(r, "material_"+strconv.Itoa(i))
		p := web.FormValue(r, "problem_"+strconv.Itoa(i))
		if m != "" || p != "" {
			out = append(out, FixItem{Material: m, Problem: p})
		}
	}
	return out
}
