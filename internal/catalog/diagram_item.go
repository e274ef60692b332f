package catalog

import (
	"strconv"
	"strings"
)

// The item flow diagram: 申请 → 窗口受理 → 部门审查 → 作出决定 → 出证送达
// left to right, with 补正 and 不予受理 branching below 受理 and the
// promised limit on the arrows.

// Grid of the item diagram, in pixels.
const (
	itemBoxW    = 150
	itemGap     = 96 // room for two lines of arrow label
	itemMargin  = 10
	itemTop     = 16
	itemMinH    = 104
	itemBranchG = 56 // between the main row and the branches
	itemBranchH = 76
	deptRowH    = 26
)

// kindWords are the words of the decision and the result by item kind.
type kindWords struct{ Decide, Yes, No string }

var decisionWords = map[string]kindWords{
	KindLicence:      {"作出决定", "准予许可", "或不予许可并说明理由"},
	KindFiling:       {"办理备案", "予以备案", "或告知不予备案的理由"},
	KindTechReview:   {"出具审查结论", "审查合格", "或出具不合格意见"},
	KindIntermediary: {"完成服务", "出具服务成果", "或告知不能办理的理由"},
	KindUtility:      {"完成接入", "勘查、验收并接入", "或告知不能接入的理由"},
}

// words returns the decision words of the item's kind.
func (it Item) words() kindWords {
	if w, ok := decisionWords[it.Kind]; ok {
		return w
	}
	return decisionWords[KindLicence]
}

// resultLabel names what the applicant receives.
func (it Item) resultLabel() string {
	if it.ResultName != "" {
		return it.ResultName
	}
	return "办理结果"
}

// itemDiagram draws the handling of it; depts are the reviewing
// departments' names, the lead first.
func itemDiagram(it Item, depts []string) diagram {
	n := max(len(depts), 1)
	h := 56 + n*deptRowH
	if n > 1 {
		h += 18 // the 并联 line
	}
	h = max(h, itemMinH)
	d := diagram{ID: "item-flow", Title: it.Name + "办理流程图",
		Desc: strings.Join(stepTexts(itemSteps(it, depts)), "")}
	d.Width = 2*itemMargin + 5*itemBoxW + 4*itemGap
	d.Height = itemTop + h + itemBranchG + itemBranchH + itemMargin
	col := func(i int) int { return itemMargin + i*(itemBoxW+itemGap) }
	mid := itemTop + 38
	w := it.words()
	d.stepBox(col(0), h, "申请", "网上大厅在线申报", "或到综合窗口提交")
	d.stepBox(col(1), h, "窗口受理", "综合窗口查验材料", "材料齐全即受理")
	d.reviewBox(col(2), h, depts)
	d.stepBox(col(3), h, w.Decide, w.Yes, w.No)
	d.stepBox(col(4), h, "出证送达", wrap(it.resultLabel(), itemBoxW-16, 13)...)
	labels := [4][2]string{{"提交申请表", "和申请材料"}, {"受理后第1个", "工作日起计时"},
		{"承诺" + it.LimitText(), "内办结"}, {"综合窗口", "统一出证"}}
	if it.PromisedDays == 0 {
		labels[1], labels[2] = [2]string{"当场审查", ""}, [2]string{"即办", "当场办结"}
	}
	for i, l := range labels {
		x0, x1 := col(i)+itemBoxW, col(i+1)
		d.arrowTo(false, x0, mid, x1-2, mid)
		d.lines((x0+x1)/2, mid-22, 11, 14, []string{l[0], l[1]}, false)
	}
	d.branches(col(0), col(1), itemTop+h)
	return d
}

// stepBox draws a main step: a bold heading and lines under it.
func (d *diagram) stepBox(x, h int, head string, lines ...string) {
	d.box(rect{X: x, Y: itemTop, W: itemBoxW, H: h, Fill: colPaper, Stroke: colBrand, Bold: true})
	cx := x + itemBoxW/2
	d.line(cx, itemTop+28, 15, head, "middle", true)
	d.lines(cx, itemTop+54, 13, 18, lines, false)
}

// reviewBox draws 部门审查 with one inner box per department.
func (d *diagram) reviewBox(x, h int, depts []string) {
	d.box(rect{X: x, Y: itemTop, W: itemBoxW, H: h, Fill: colBg, Stroke: colBrand, Bold: true})
	cx := x + itemBoxW/2
	d.line(cx, itemTop+28, 15, "部门审查", "middle", true)
	y := itemTop + 40
	if len(depts) > 1 {
		d.line(cx, y+12, 12, strconv.Itoa(len(depts))+"个部门并联审查", "middle", false)
		y += 18
	}
	for i, name := range depts {
		d.box(rect{X: x + 6, Y: y, W: itemBoxW - 12, H: deptRowH - 4, Fill: colPaper, Stroke: colMuted, Bold: i == 0})
		d.line(cx, y+16, 12, name, "middle", i == 0)
		y += deptRowH
	}
}

// branches draws 补正 under 申请 and 不予受理 under 受理, both dashed:
// they happen only sometimes.
func (d *diagram) branches(xApply, xAccept, bottom int) {
	y := bottom + itemBranchG
	for _, b := range []struct {
		x     int
		lines []string
	}{{xApply, []string{"补正", "材料不齐全的", "一次性告知补正"}}, {xAccept, []string{"不予受理", "不属于受理范围的", "书面说明理由"}}} {
		d.box(rect{X: b.x, Y: y, W: itemBoxW, H: itemBranchH, Fill: colPaper, Stroke: colMuted, Dashed: true})
		cx := b.x + itemBoxW/2
		d.line(cx, y+22, 14, b.lines[0], "middle", true)
		d.lines(cx, y+42, 12, 17, b.lines[1:], false)
	}
	ax, bx := xAccept+itemBoxW/2, (xApply+itemBoxW+xAccept)/2
	d.arrowTo(true, ax, bottom, ax, y-2) // 受理 → 不予受理
	// 受理 → 补正, round the left of 不予受理 through the gap between columns.
	d.arrowTo(true, xAccept, bottom-24, bx, bottom-24, bx, y+itemBranchH/2, xApply+itemBoxW+2, y+itemBranchH/2)
	d.arrowTo(true, xApply+itemBoxW/2, y, xApply+itemBoxW/2, bottom+2) // 补正 → 申请
	d.line(xApply+itemBoxW/2+6, bottom+itemBranchG/2+4, 11, "补齐后再次提交", "start", false)
}
