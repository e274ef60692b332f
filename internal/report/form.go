package report

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// specFromForm reads a spec from form or query values (the builder's
// fields). Unknown keys are kept as typed so that Normalize reports them
// and the form shows them again.
func specFromForm(v url.Values) Spec {
	s := Spec{Column: v.Get("column"), Measures: v["measures"], Period: v.Get("period"),
		From: strings.TrimSpace(v.Get("from")), To: strings.TrimSpace(v.Get("to")), Sort: v.Get("sort"),
		Desc: v.Get("desc") == "1", Subtotals: v.Get("subtotals") == "1"}
	for _, k := range []string{"row1", "row2", "row3"} {
		if d := v.Get(k); d != "" {
			s.Rows = append(s.Rows, d)
		}
	}
	s.TopN, _ = strconv.Atoi(strings.TrimSpace(v.Get("top_n")))
	on := v.Get("derived_on")
	if on == "" && len(s.Measures) > 0 {
		on = s.Measures[0]
	}
	for _, k := range v["derived"] {
		s.Derived = append(s.Derived, DerivedCol{Kind: k, Measure: on})
	}
	f := &s.Filters
	f.Regions, f.Channels = v["regions"], v["channels"]
	for _, t := range v["flow_types"] {
		n, _ := strconv.Atoi(t)
		f.FlowTypes = append(f.FlowTypes, n)
	}
	for _, t := range v["stages"] {
		n, _ := strconv.Atoi(t)
		f.Stages = append(f.Stages, n)
	}
	f.Items = append(f.Items, strings.FieldsFunc(v.Get("items"), func(r rune) bool { return r == ',' || r == '，' || r == ' ' })...)
	return s
}

// specValues is the inverse of specFromForm: the query of a builder URL.
func specValues(s Spec) url.Values {
	v := url.Values{}
	for i, r := range s.Rows {
		v.Set("row"+strconv.Itoa(i+1), r)
	}
	set := func(k, x string) {
		if x != "" {
			v.Set(k, x)
		}
	}
	set("column", s.Column)
	set("period", s.Period)
	set("from", s.From)
	set("to", s.To)
	set("sort", s.Sort)
	v["measures"] = s.Measures
	if s.Desc {
		v.Set("desc", "1")
	}
	if s.Subtotals {
		v.Set("subtotals", "1")
	}
	if s.TopN > 0 {
		v.Set("top_n", strconv.Itoa(s.TopN))
	}
	for _, d := range s.Derived {
		v.Add("derived", d.Kind)
		v.Set("derived_on", d.Measure)
	}
	v["regions"], v["channels"] = s.Filters.Regions, s.Filters.Channels
	for _, t := range s.Filters.FlowTypes {
		v.Add("flow_types", strconv.Itoa(t))
	}
	for _, t := range s.Filters.Stages {
		v.Add("stages", strconv.Itoa(t))
	}
	set("items", strings.Join(s.Filters.Items, ","))
	return v
}

// definitionFromForm reads the save form.
func definitionFromForm(v url.Values) DefinitionInput {
	wd, _ := strconv.Atoi(v.Get("weekday"))
	return DefinitionInput{Name: v.Get("name"), Spec: specFromForm(v), Share: v.Get("share"),
		ShareRegion: v.Get("share_region"), Schedule: v.Get("schedule"), Weekday: wd}
}

// builderForm is the builder's state for the template: the spec's fields
// as sets, for checked and selected attributes.
type builderForm struct {
	Spec      Spec
	RowFields []KeyText // row1..row3 with the chosen dimension
	Measures  map[string]bool
	Derived   map[string]bool
	DerivedOn string
	Regions   map[string]bool
	Channels  map[string]bool
	Flows     map[string]bool
	Stages    map[string]bool
	Items     string
	TopN      string
	Def       DefinitionInput
	Weekday   string
}

func newBuilderForm(s Spec, def DefinitionInput) builderForm {
	f := builderForm{Spec: s, Measures: set(s.Measures), Derived: map[string]bool{}, Regions: set(s.Filters.Regions),
		Channels: set(s.Filters.Channels), Flows: map[string]bool{}, Stages: map[string]bool{},
		Items: strings.Join(s.Filters.Items, ","), Def: def, Weekday: strconv.Itoa(max(def.Weekday, 1))}
	for i, name := range []string{"row1", "row2", "row3"} {
		v := ""
		if i < len(s.Rows) {
			v = s.Rows[i]
		}
		f.RowFields = append(f.RowFields, KeyText{name, v})
	}
	for _, d := range s.Derived {
		f.Derived[d.Kind], f.DerivedOn = true, d.Measure
	}
	for _, t := range s.Filters.FlowTypes {
		f.Flows[strconv.Itoa(t)] = true
	}
	for _, t := range s.Filters.Stages {
		f.Stages[strconv.Itoa(t)] = true
	}
	if s.TopN > 0 {
		f.TopN = strconv.Itoa(s.TopN)
	}
	return f
}

func set(xs []string) map[string]bool {
	m := map[string]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// hiddenFields are the name/value pairs of query, for a form that repeats
// the builder's spec.
func hiddenFields(v url.Values) []KeyText {
	var out []KeyText
	for k, vs := range v {
		for _, x := range vs {
			out = append(out, KeyText{k, x})
		}
	}
	slices.SortStableFunc(out, func(a, b KeyText) int { return strings.Compare(a.Key, b.Key) })
	return out
}
