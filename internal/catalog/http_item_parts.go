package catalog

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/blob"
)

// control is the model of the "select" partial: a labelled select, or a
// number input when Options is empty.
type control struct {
	Name, Label, Hint, Value, Error string
	Options                         []option
}

// Describe lists the ids of the hint and the error, for aria-describedby.
func (c control) Describe() string {
	var ids []string
	if c.Hint != "" {
		ids = append(ids, "h-"+c.Name)
	}
	if c.Error != "" {
		ids = append(ids, "e-"+c.Name)
	}
	return strings.Join(ids, " ")
}

// Control returns the model of the item form's select or number field name.
func (m *itemFormPage) Control(name string) control {
	c := control{Name: name, Error: m.Errors[name]}
	switch name {
	case "kind":
		c.Label, c.Value, c.Options = "事项类别", m.Form.Kind, m.Kinds
	case "line":
		c.Label, c.Value, c.Options = "主线或辅线", m.Form.Line, m.Lines
		c.Hint = "中介服务、市政公用服务和与阶段并行推进的评估审批属于辅线。"
	case "stage":
		c.Label, c.Value, c.Options = "所属阶段", m.Form.Stage, m.Stages
		c.Hint = "主线事项选择第1至第4阶段；辅线事项选择“辅线”。"
	case "lead_function":
		c.Label, c.Value, c.Options = "牵头部门", m.Form.LeadFunction, m.Functions
		c.Hint = "按职能选择，各区县由本区县对应的部门办理。"
	case "statutory_days":
		c.Label, c.Value = "法定时限（工作日）", m.Form.StatutoryDays
		c.Hint = "法律法规规定的办理时限；当场办结的填 0。"
	case "promised_days":
		c.Label, c.Value = "承诺时限（工作日）", m.Form.PromisedDays
		c.Hint = "对外承诺的办理时限，不能超过法定时限。"
	}
	return c
}

// fileModel is the model of the "file" partial: a material's template or
// sample with its download link and remove button.
type fileModel struct {
	Ref                           *blob.Ref
	Action, CSRF, Slot, SlotLabel string
	Revision                      int
}

// File returns the model of material m's file in slot.
func (m *itemFormPage) File(mat Material, slot string) fileModel {
	f := fileModel{Action: "/admin/catalog/items/" + url.PathEscape(m.Item.Code) + "/materials/" +
		strconv.FormatInt(mat.ID, 10) + "/files", CSRF: m.CSRF, Slot: slot, Revision: m.Item.Revision,
		Ref: mat.Template, SlotLabel: "模板"}
	if slot == SlotSample {
		f.Ref, f.SlotLabel = mat.Sample, "样表"
	}
	return f
}

// No is the row's number for people (1-based).
func (m materialRow) No() int { return m.Index + 1 }
