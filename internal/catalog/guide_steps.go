package catalog

import "strings"

// guideStep is one step of handling an item in words: the text version of
// the flow diagram and the outline of the illustrated guide.
type guideStep struct{ Title, Text string }

// itemSteps describes the handling of it in plain words; depts are the
// reviewing departments' names, the lead first.
func itemSteps(it Item, depts []string) []guideStep {
	w := it.words()
	review := "由" + strings.Join(depts, "") + "审查。"
	if len(depts) > 1 {
		review = "由" + depts[0] + "牵头，" + strings.Join(depts[1:], "、") + "同时并联审查，不需要逐个部门跑。"
	}
	limit := "承诺" + it.LimitText() + "内办结（法定时限" + it.StatutoryText() + "），从受理后的第1个工作日起算，" +
		"补正材料和特别程序（如听证、检测、专家评审）的时间不计算在内。"
	if it.PromisedDays == 0 {
		limit = "即办：材料齐全、符合条件的当场办结。"
	}
	return []guideStep{
		{"申请", "在网上大厅在线申报，或到项目所在区县政务服务中心的综合窗口提交申请表和申请材料。"},
		{"窗口受理", "综合窗口查验材料：齐全且符合要求的予以受理；不齐全的，一次性告知需要补正的全部内容，补齐后再次提交；" +
			"不属于受理范围的，出具不予受理决定并说明理由。"},
		{"部门审查", review + limit},
		{w.Decide, w.Yes + "，" + w.No + "。"},
		{"出证送达", "综合窗口统一发放“" + it.resultLabel() + "”（一窗出证）。"},
	}
}

// stepTexts joins each step's title and text into one sentence.
func stepTexts(steps []guideStep) []string {
	out := make([]string, len(steps))
	for i, s := range steps {
		out[i] = s.Title + "：" + s.Text
	}
	return out
}
