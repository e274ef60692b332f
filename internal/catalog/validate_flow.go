package catalog

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Keys of a flow's field errors. They name stages by number and stage items
// by item code, so that they do not shift when rows are added or removed.
func stageKey(no int, what string) string { return "stage_" + strconv.Itoa(no) + "_" + what }
func itemKey(code, what string) string    { return "item_" + code + "_" + what }

// normalizeFlow trims names, orders stages by number and puts each stage
// item's departments in order: duplicates dropped, the lead department
// moved first. Quorum is zeroed unless the join policy is quorum.
func normalizeFlow(f Flow, items map[string]Item) Flow {
	f.Name = strings.TrimSpace(f.Name)
	stages := slices.Clone(f.Stages)
	slices.SortStableFunc(stages, func(a, b Stage) int { return a.No - b.No })
	for i, s := range stages {
		s.Name = strings.TrimSpace(s.Name)
		sis := slices.Clone(s.Items)
		for j, si := range sis {
			lead := items[si.ItemCode].LeadFunction
			si.Departments = orderDepartments(si.Departments, lead)
			if si.Join != JoinQuorum {
				si.Quorum = 0
			}
			sis[j] = si
		}
		s.Items = sis
		stages[i] = s
	}
	f.Stages = stages
	return f
}

func orderDepartments(deps []string, lead string) []string {
	var out []string
	for _, d := range deps {
		d = strings.TrimSpace(d)
		if d != "" && !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	if i := slices.Index(out, lead); i > 0 {
		out = append([]string{lead}, slices.Delete(out, i, i+1)...)
	}
	return out
}

// checkFlow checks a draft's structure against the items' current
// revisions (items, keyed by code): a name; one to four stages with
// distinct numbers 1–4, a name and a limit of 1–365 working days that is
// not shorter than any of its items' promised limits; each item known,
// active and in one stage only; departments known, including the lead;
// a join policy, and for quorum 1 ≤ Quorum ≤ len(Departments).
func checkFlow(f Flow, items map[string]Item) map[string]string {
	out := map[string]string{}
	checkText(out, "name", f.Name, "流程名称", maxNameLen, true)
	if len(f.Stages) == 0 {
		out["stages"] = "请至少启用一个阶段。"
	}
	seenStage, seenItem := map[int]bool{}, map[string]int{}
	for _, s := range f.Stages {
		if s.No < 1 || s.No > 4 || seenStage[s.No] {
			out["stages"] = "阶段序号应为1到4且不能重复。"
			continue
		}
		seenStage[s.No] = true
		checkStage(out, s, items)
		for _, si := range s.Items {
			if prev, dup := seenItem[si.ItemCode]; dup {
				out[itemKey(si.ItemCode, "stage")] = fmt.Sprintf("同一事项只能放在一个阶段（已在第%d阶段）。", prev)
			}
			seenItem[si.ItemCode] = s.No
			checkStageItem(out, si, items)
		}
	}
	return out
}

func checkStage(out map[string]string, s Stage, items map[string]Item) {
	checkText(out, stageKey(s.No, "name"), s.Name, "阶段名称", 30, true)
	if s.LimitDays < 1 || s.LimitDays > maxDays {
		out[stageKey(s.No, "limit")] = "阶段时限应为1到365之间的工作日数。"
		return
	}
	for _, si := range s.Items {
		if it, ok := items[si.ItemCode]; ok && it.PromisedDays > s.LimitDays {
			out[stageKey(s.No, "limit")] = fmt.Sprintf("阶段时限（%d个工作日）短于其中事项“%s”的承诺时限（%d个工作日）。",
				s.LimitDays, it.Name, it.PromisedDays)
			return
		}
	}
}

func checkStageItem(out map[string]string, si StageItem, items map[string]Item) {
	it, ok := items[si.ItemCode]
	switch {
	case !ok:
		out[itemKey(si.ItemCode, "stage")] = "事项“" + si.ItemCode + "”不存在。"
		return
	case !it.Active:
		out[itemKey(si.ItemCode, "stage")] = "事项“" + it.Name + "”已停用，请将其移出流程。"
	}
	var unknown []string
	for _, d := range si.Departments {
		if !known(functions, d) {
			unknown = append(unknown, d)
		}
	}
	depKey := itemKey(si.ItemCode, "departments")
	switch {
	case len(unknown) > 0:
		out[depKey] = "无法识别的部门代码：" + strings.Join(unknown, "、") + "。请使用下方列出的职能代码。"
	case !slices.Contains(si.Departments, it.LeadFunction):
		out[depKey] = "办理部门须包含事项的牵头部门（" + it.LeadFunction + " " + FunctionLabel(it.LeadFunction) + "）。"
	}
	switch {
	case !known(joins, si.Join):
		out[itemKey(si.ItemCode, "join")] = "请选择会签方式。"
	case si.Join == JoinQuorum && (si.Quorum < 1 || si.Quorum > len(si.Departments)):
		out[itemKey(si.ItemCode, "quorum")] = fmt.Sprintf("同意部门数应为1到%d之间的整数（不超过办理部门数）。", len(si.Departments))
	}
}

// publishProblems are what a structurally sound draft still lacks before it
// may be published: every stage needs at least one required item.
func publishProblems(f Flow) map[string]string {
	out := map[string]string{}
	for _, s := range f.Stages {
		if !slices.ContainsFunc(s.Items, func(si StageItem) bool { return !si.Optional }) {
			out[stageKey(s.No, "items")] = fmt.Sprintf("第%d阶段“%s”还没有必办事项，发布前请至少加入一个非选办的事项。", s.No, s.Name)
		}
	}
	return out
}
