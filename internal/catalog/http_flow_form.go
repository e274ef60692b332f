package catalog

import (
	"cmp"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// flowForm is the draft editor as typed: the flow's name, a row for each of
// the four national stages (with a switch to leave a stage out) and a row
// for every item of the catalog saying in which stage, if any, it sits.
type flowForm struct {
	Name   string
	Stages []stageRow
	Items  []itemRow
}

type stageRow struct {
	No          int
	On          bool
	Name, Limit string
}

// Key is the input name (and error key) of the stage's field what.
func (s stageRow) Key(what string) string { return stageKey(s.No, what) }

// itemRow is one catalog item in the draft editor; Stage is "" when the
// item is not in the flow.
type itemRow struct {
	Code, Name, LeadLabel, Limit            string
	ItemStage                               int
	Active                                  bool
	Stage, Departments, Join, Quorum, Order string
	Optional                                bool
}

// Key is the input name (and error key) of the row's field what.
func (i itemRow) Key(what string) string { return itemKey(i.Code, what) }

func newItemRow(it Item) itemRow {
	return itemRow{Code: it.Code, Name: it.Name, LeadLabel: it.LeadLabel(), Limit: it.LimitText(),
		ItemStage: it.Stage, Active: it.Active, Join: JoinAll, Departments: it.LeadFunction}
}

// flowFormOf shows draft f with every item of all (inactive ones only when
// f has them).
func flowFormOf(f Flow, all []Item) flowForm {
	ff := flowForm{Name: f.Name}
	in := map[string]itemRow{}
	for no := 1; no <= 4; no++ {
		row := stageRow{No: no, Name: StageName(no), Limit: "20"}
		if i := slices.IndexFunc(f.Stages, func(s Stage) bool { return s.No == no }); i >= 0 {
			s := f.Stages[i]
			row = stageRow{No: no, On: true, Name: s.Name, Limit: strconv.Itoa(s.LimitDays)}
			for j, si := range s.Items {
				r := newItemRow(si.Item)
				r.Stage, r.Order, r.Optional = strconv.Itoa(no), strconv.Itoa(j+1), si.Optional
				r.Departments, r.Join = strings.Join(si.Departments, ", "), si.Join
				if si.Quorum > 0 {
					r.Quorum = strconv.Itoa(si.Quorum)
				}
				in[si.ItemCode] = r
			}
		}
		ff.Stages = append(ff.Stages, row)
	}
	for _, it := range all {
		if r, ok := in[it.Code]; ok {
			ff.Items = append(ff.Items, r)
		} else if it.Active {
			ff.Items = append(ff.Items, newItemRow(it))
		}
	}
	ff.sortItems()
	return ff
}

// flowFormFrom reads the submitted editor; all are the catalog's items.
func flowFormFrom(r *http.Request, all []Item) flowForm {
	ff := flowForm{Name: web.FormValue(r, "name")}
	for no := 1; no <= 4; no++ {
		s := stageRow{No: no}
		s.On, s.Name, s.Limit = checked(r, s.Key("on")), web.FormValue(r, s.Key("name")), web.FormValue(r, s.Key("limit"))
		ff.Stages = append(ff.Stages, s)
	}
	for _, it := range all {
		row := newItemRow(it)
		row.Stage, row.Departments = web.FormValue(r, row.Key("stage")), web.FormValue(r, row.Key("departments"))
		row.Join, row.Quorum = web.FormValue(r, row.Key("join")), web.FormValue(r, row.Key("quorum"))
		row.Order, row.Optional = web.FormValue(r, row.Key("order")), checked(r, row.Key("optional"))
		if it.Active || row.Stage != "" {
			ff.Items = append(ff.Items, row)
		}
	}
	ff.sortItems()
	return ff
}

// sortItems puts the items in the flow first, by stage and 序号, then the
// others by their own stage (auxiliary last) and code.
func (ff flowForm) sortItems() {
	slices.SortStableFunc(ff.Items, func(a, b itemRow) int {
		if (a.Stage == "") != (b.Stage == "") {
			if a.Stage != "" { // rows in the flow first
				return -1
			}
			return 1
		}
		if a.Stage != "" {
			return cmp.Or(cmp.Compare(a.Stage, b.Stage), cmp.Compare(orderOf(a.Order), orderOf(b.Order)))
		}
		return cmp.Or(cmp.Compare(auxLast(a.ItemStage), auxLast(b.ItemStage)), cmp.Compare(a.Code, b.Code))
	})
}

func orderOf(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return 1 << 30
}

func auxLast(stage int) int {
	if stage == 0 {
		return 5
	}
	return stage
}

var departmentSeparators = regexp.MustCompile(`[\s,，、;；]+`)

// flow converts the form into draft id. Numbers that do not parse and
// items put into a stage that is switched off are reported with the keys
// the service uses for its own checks.
func (ff flowForm) flow(id int64) (Flow, error) {
	f := Flow{ID: id, Name: ff.Name}
	bad := map[string]string{}
	index := map[string]int{}
	for _, s := range ff.Stages {
		if !s.On {
			continue
		}
		limit := atoi(bad, s.Key("limit"), s.Limit, "阶段时限请填写1到365之间的整数（工作日）。")
		index[strconv.Itoa(s.No)] = len(f.Stages)
		f.Stages = append(f.Stages, Stage{No: s.No, Name: s.Name, LimitDays: limit})
	}
	for _, row := range ff.Items { // already in stage and 序号 order
		if row.Stage == "" {
			continue
		}
		i, on := index[row.Stage]
		if !on {
			bad[row.Key("stage")] = "第" + row.Stage + "阶段未启用，请先勾选启用该阶段或改选其他阶段。"
			continue
		}
		si := StageItem{ItemCode: row.Code, Join: row.Join, Optional: row.Optional,
			Departments: departmentSeparators.Split(strings.TrimSpace(row.Departments), -1)}
		if row.Join == JoinQuorum {
			si.Quorum = atoi(bad, row.Key("quorum"), row.Quorum, "同意部门数请填写整数。")
		}
		f.Stages[i].Items = append(f.Stages[i].Items, si)
	}
	return f, fieldErrors(bad)
}
