package catalog

import (
	"strconv"
	"strings"
)

// The stage flow diagram: one swim lane per stage, left to right, under a
// timeline of working days; each lane lists its items with their limits.
// Optional items (按需办理) have dashed borders and say so in words.

// Grid of the stage diagram, in pixels.
const (
	laneW      = 240
	laneGap    = 24
	laneMargin = 10
	laneAxisY  = 22 // the timeline
	laneTop    = 44
	laneHeadH  = 74
	laneItemW  = laneW - 16
	laneItemG  = 8
)

// flowDiagram draws the stages of f.
func flowDiagram(f Flow) diagram {
	n := max(len(f.Stages), 1)
	d := diagram{ID: "stage-flow", Title: f.TypeName() + "审批流程（" + strconv.Itoa(f.TotalDays()) + "个工作日）",
		Width: 2*laneMargin + n*laneW + (n-1)*laneGap}
	var desc []string
	bottom, day := laneTop+laneHeadH, 1
	for i, s := range f.Stages {
		x := laneMargin + i*(laneW+laneGap)
		bottom = max(bottom, d.lane(x, s, day))
		if i > 0 {
			d.arrowTo(false, x-laneGap+2, laneTop+laneHeadH/2, x-2, laneTop+laneHeadH/2)
		}
		desc = append(desc, stageSummary(s, day))
		day += s.LimitDays
	}
	d.Height = bottom + laneMargin
	// The lane backgrounds go under everything drawn so far.
	lanes := make([]rect, len(f.Stages))
	for i := range f.Stages {
		lanes[i] = rect{X: laneMargin + i*(laneW+laneGap), Y: laneTop, W: laneW, H: bottom - laneTop, Fill: colBg, Stroke: colLine}
	}
	d.Rects = append(lanes, d.Rects...)
	d.arrowTo(false, laneMargin, laneAxisY, d.Width-laneMargin, laneAxisY)
	d.Desc = strings.Join(desc, "")
	return d
}

// lane draws stage s starting on working day day at x and returns the y
// of its last item's bottom edge.
func (d *diagram) lane(x int, s Stage, day int) int {
	cx := x + laneW/2
	d.line(x+4, laneAxisY-6, 12, "第"+strconv.Itoa(day)+"–"+strconv.Itoa(day+s.LimitDays-1)+"个工作日", "start", false)
	d.box(rect{X: x, Y: laneTop, W: laneW, H: laneHeadH, Fill: colPaper, Stroke: colBrand, Bold: true})
	d.line(cx, laneTop+22, 15, "第"+strconv.Itoa(s.No)+"阶段", "middle", true)
	name := wrap(s.Name, laneW-16, 13)
	y := d.lines(cx, laneTop+42, 13, 16, name, false)
	if len(name) == 1 {
		y += 2
	}
	d.line(cx, y, 12, "时限"+strconv.Itoa(s.LimitDays)+"个工作日", "middle", false)
	y = laneTop + laneHeadH + laneItemG
	for _, si := range s.Items {
		y = d.laneItem(x+8, y, si) + laneItemG
	}
	return y
}

// laneItem draws one stage item at (x, y) and returns its bottom edge.
func (d *diagram) laneItem(x, y int, si StageItem) int {
	name := wrap(si.Item.Name, laneItemW-12, 13)
	note := si.Item.LimitText()
	if len(si.Departments) > 1 {
		note += " · " + strconv.Itoa(len(si.Departments)) + "个部门并联"
	}
	if si.Optional {
		note += " · 按需"
	}
	h := 12 + 17*len(name) + 18
	d.box(rect{X: x, Y: y, W: laneItemW, H: h, Fill: colPaper, Stroke: colMuted, Dashed: si.Optional})
	cx := x + laneItemW/2
	end := d.lines(cx, y+19, 13, 17, name, false)
	d.Texts = append(d.Texts, text{X: cx, Y: end, Size: 11, S: note, Anchor: "middle", Fill: colMuted})
	return y + h
}

// stageSummary says a stage in one sentence for the diagram's <desc>.
func stageSummary(s Stage, day int) string {
	return "第" + strconv.Itoa(s.No) + "阶段" + s.Name + "，第" + strconv.Itoa(day) + "至" +
		strconv.Itoa(day+s.LimitDays-1) + "个工作日，共" + strconv.Itoa(len(s.Items)) + "个事项。"
}
