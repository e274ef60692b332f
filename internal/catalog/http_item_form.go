package catalog

import (
	"encoding/json"
	"errors"
	"html/template"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/formschema"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// BlankMaterialRows is how many empty material rows the item form offers
// for adding materials without script.
const BlankMaterialRows = 3

// itemForm is the item form exactly as typed, so that a rejected form
// comes back with every value the person entered, including the form
// schema's JSON.
type itemForm struct {
	Code, Name, Kind, Line, Stage, LeadFunction, StatutoryDays, PromisedDays string
	ResultName, StandardCode, Basis, Fees, Form, Revision                    string
	Commitment, Deficiency                                                   bool
	Materials                                                                []materialRow
}

// materialRow is one row of the materials table; ID is empty for a new one.
type materialRow struct {
	Index                                int
	ID, Name, Description, Order         string
	Required, DeficiencyAllowed, Removed bool
}

// Key is the input name (and error key) of the row's column col.
func (m materialRow) Key(col string) string { return "materials[" + strconv.Itoa(m.Index) + "]." + col }

func checked(r *http.Request, name string) bool { return r.PostFormValue(name) != "" }

func itemFormFrom(r *http.Request) itemForm {
	f := itemForm{
		Code: web.FormValue(r, "code"), Name: web.FormValue(r, "name"), Kind: web.FormValue(r, "kind"),
		Line: web.FormValue(r, "line"), Stage: web.FormValue(r, "stage"), LeadFunction: web.FormValue(r, "lead_function"),
		StatutoryDays: web.FormValue(r, "statutory_days"), PromisedDays: web.FormValue(r, "promised_days"),
		ResultName: web.FormValue(r, "result_name"), StandardCode: web.FormValue(r, "standard_code"),
		Basis: web.FormValue(r, "basis"), Fees: web.FormValue(r, "fees"), Form: r.PostFormValue("form"), Revision: web.FormValue(r, "revision"),
		Commitment: checked(r, "commitment"), Deficiency: checked(r, "deficiency"),
	}
	n, _ := strconv.Atoi(r.PostFormValue("material_rows"))
	for i := range min(n, maxMaterials+BlankMaterialRows) {
		m := materialRow{Index: i}
		m.ID, m.Name = web.FormValue(r, m.Key("id")), web.FormValue(r, m.Key("name"))
		m.Description, m.Order = web.FormValue(r, m.Key("description")), web.FormValue(r, m.Key("order"))
		m.Required, m.DeficiencyAllowed = checked(r, m.Key("required")), checked(r, m.Key("deficiency_allowed"))
		m.Removed = checked(r, m.Key("remove"))
		f.Materials = append(f.Materials, m)
	}
	return f
}

// itemFormOf shows a stored item (or a new one) with blank rows to add
// materials.
func itemFormOf(it Item) itemForm {
	schema, _ := json.MarshalIndent(it.Form, "", "  ")
	f := itemForm{Code: it.Code, Name: it.Name, Kind: it.Kind, Line: it.Line, Stage: strconv.Itoa(it.Stage),
		LeadFunction: it.LeadFunction, StatutoryDays: strconv.Itoa(it.StatutoryDays),
		PromisedDays: strconv.Itoa(it.PromisedDays), ResultName: it.ResultName, StandardCode: it.StandardCode,
		Basis: it.Basis, Fees: it.Fees, Form: string(schema), Revision: strconv.Itoa(it.Revision),
		Commitment: it.Commitment, Deficiency: it.Deficiency}
	for i, m := range it.Materials {
		f.Materials = append(f.Materials, materialRow{Index: i, ID: strconv.FormatInt(m.ID, 10), Name: m.Name,
			Description: m.Description, Order: strconv.Itoa(m.SortOrder), Required: m.Required,
			DeficiencyAllowed: m.DeficiencyAllowed})
	}
	return f.withBlankRows()
}

// withBlankRows appends empty rows until BlankMaterialRows of them are
// free for new materials. Typed rows keep their index, which error keys use.
func (f itemForm) withBlankRows() itemForm {
	f.Materials = slices.Clone(f.Materials)
	free := 0
	for _, m := range f.Materials {
		if m.blank() {
			free++
		}
	}
	for ; free < BlankMaterialRows; free++ {
		f.Materials = append(f.Materials, materialRow{Index: len(f.Materials), Required: true})
	}
	return f
}

// blank reports whether the row is a new row nobody typed in.
func (m materialRow) blank() bool { return m.ID == "" && m.Name == "" && m.Description == "" }

// Schema parses the typed form definition.
func (f itemForm) Schema() (formschema.Schema, error) { return formschema.Parse([]byte(f.Form)) }

// item converts the form into an item, carrying template and sample files
// over from cur (the stored item) by material id. Errors are an Invalid
// error with every problem, the item's own checks included; material
// errors are keyed by form row.
func (f itemForm) item(cur Item) (Item, error) {
	it := Item{Code: f.Code, Name: f.Name, Kind: f.Kind, Line: f.Line, LeadFunction: f.LeadFunction,
		ResultName: f.ResultName, StandardCode: f.StandardCode, Basis: f.Basis, Fees: f.Fees,
		Commitment: f.Commitment, Deficiency: f.Deficiency}
	bad := map[string]string{}
	it.Stage = atoi(bad, "stage", f.Stage, "请选择所属阶段。")
	it.StatutoryDays = atoi(bad, "statutory_days", f.StatutoryDays, "法定时限请填写0到365之间的整数（工作日）。")
	it.PromisedDays = atoi(bad, "promised_days", f.PromisedDays, "承诺时限请填写0到365之间的整数（工作日）。")
	it.Revision, _ = strconv.Atoi(f.Revision)
	var schemaErr *formschema.SchemaError
	var err error
	if it.Form, err = f.Schema(); errors.As(err, &schemaErr) {
		bad["form"] = "表单定义有误：" + schemaErr.Error()
	}
	rows := f.materialRows(bad)
	it.Materials = make([]Material, len(rows))
	for i, m := range rows {
		it.Materials[i] = Material{Name: m.Name, Description: m.Description, Required: m.Required,
			DeficiencyAllowed: m.DeficiencyAllowed}
		if id, err := strconv.ParseInt(m.ID, 10, 64); err == nil {
			if j := slices.IndexFunc(cur.Materials, func(c Material) bool { return c.ID == id }); j >= 0 {
				it.Materials[i].Template, it.Materials[i].Sample = cur.Materials[j].Template, cur.Materials[j].Sample
			}
		}
	}
	check := normalizeItem(it)
	if bad["statutory_days"] != "" {
		check.StatutoryDays = check.PromisedDays // unknown: do not compare the promise with a guess
	}
	for k, v := range remapMaterialKeys(errs.FieldsOf(check.Validate()), rows) {
		if _, set := bad[k]; !set {
			bad[k] = v
		}
	}
	return it, fieldErrors(bad)
}

func atoi(bad map[string]string, key, v, msg string) int {
	n, err := strconv.Atoi(v)
	if err != nil {
		bad[key] = msg
	}
	return n
}

// materialRows returns the rows that make up the materials, in the order
// their 序号 gives (rows without one keep their place after the numbered
// ones): removed rows and blank new rows are left out.
func (f itemForm) materialRows(bad map[string]string) []materialRow {
	type keyed struct {
		row   materialRow
		order int
	}
	var rows []keyed
	for _, m := range f.Materials {
		if m.Removed || m.blank() {
			continue
		}
		order := 1 << 30
		if m.Order != "" {
			n, err := strconv.Atoi(m.Order)
			if err != nil || n < 0 {
				bad[m.Key("order")] = "序号请填写正整数。"
			}
			order = n
		}
		rows = append(rows, keyed{m, order})
	}
	slices.SortStableFunc(rows, func(a, b keyed) int { return a.order - b.order })
	out := make([]materialRow, len(rows))
	for i, k := range rows {
		out[i] = k.row
	}
	return out
}

var materialKey = regexp.MustCompile(`^materials\[([0-9]+)\]\.(.+)$`)

// remapMaterialKeys turns error keys that index the item's materials into
// keys that index the form rows those materials came from.
func remapMaterialKeys(fields map[string]string, rows []materialRow) map[string]string {
	out := make(map[string]string, len(fields))
	for k, v := range fields {
		if m := materialKey.FindStringSubmatch(k); m != nil {
			if i, _ := strconv.Atoi(m[1]); i < len(rows) {
				k = rows[i].Key(m[2])
			}
		}
		out[k] = v
	}
	return out
}

// preview renders the typed form definition as the applicant will see it;
// ok is false when it does not parse.
func (f itemForm) preview() (html template.HTML, ok bool) {
	s, err := f.Schema()
	if err != nil {
		return "", false
	}
	return s.Preview(), true
}

// previewWanted reports whether the person pressed 预览申请表 rather than 保存.
func previewWanted(r *http.Request) bool {
	return strings.TrimSpace(r.PostFormValue("action")) == "preview"
}
