package formschema

import (
	"bytes"
	"embed"
	"html/template"
	"strconv"
	"strings"
)

//go:embed render.html
var renderFS embed.FS

// fieldTemplates is parsed once; it is a constant of the package in all but
// syntax, and a broken template fails every test at start-up.
var fieldTemplates = template.Must(template.New("").ParseFS(renderFS, "render.html"))

// AttachmentFileInput is the name Render gives the file input of an
// attachment field: the field's own name carries the stored hash in a
// hidden input, so a page that accepts uploads reads the new file from
// this input, stores it and sets the answer to its hash.
func AttachmentFileInput(name string) string { return name + ".file" }

// Render returns the form's fields as HTML in the markup of internal/ui's
// "field" partial: a label on every input (a legend and per-cell labels for
// a table), the hint and the error message tied to the input with
// aria-describedby, aria-invalid on a rejected answer, ids "f-<name>" that
// the error summary links to, and every typed value kept. A table shows the
// typed rows plus BlankRows empty rows (up to MaxRows), so rows can be added
// without script. The caller supplies the <form> element, the CSRF token,
// the error summary and the buttons; a form with attachments must be sent
// as multipart/form-data (see HasAttachments).
func (s Schema) Render(values Values, errors map[string]string) template.HTML {
	return s.render(values, errors, false)
}

// Preview renders the empty form for looking at, not filling in: the
// inputs are disabled and every id is prefixed "preview-", so the preview
// can sit on the same page as another form (an administrator's schema
// editor) without clashing with its ids.
func (s Schema) Preview() template.HTML { return s.render(Values{}, nil, true) }

func (s Schema) render(values Values, errors map[string]string, preview bool) template.HTML {
	views := make([]fieldView, len(s.Fields))
	for i, f := range s.Fields {
		views[i] = newFieldView(f, values, errors)
		if preview {
			views[i].preview()
		}
	}
	var buf bytes.Buffer
	if err := fieldTemplates.ExecuteTemplate(&buf, "fields", views); err != nil {
		// Only a bug in render.html can get here; show it rather than half a form.
		return template.HTML(`<p class="field-error">表单无法显示：` + template.HTMLEscapeString(err.Error()) + `</p>`)
	}
	return template.HTML(buf.String())
}

// fieldView is what render.html needs to draw one field or one table cell.
type fieldView struct {
	Field
	P         string // id prefix: "" or "preview-"
	Disabled  bool
	Key       string // input name and error key
	Label     string // the label with "（选填）" for an optional field
	Value     string
	Error     string
	Describe  string // aria-describedby
	CellLabel string // aria-label of a table cell
	Rows      []rowView
}

// preview marks the field and its cells disabled, with prefixed ids.
func (v *fieldView) preview() {
	v.P, v.Disabled = "preview-", true
	v.Describe = prefixIDs(v.Describe, v.P)
	for i := range v.Rows {
		for j := range v.Rows[i].Cells {
			c := &v.Rows[i].Cells[j]
			c.P, c.Disabled, c.Describe = v.P, true, prefixIDs(c.Describe, v.P)
		}
	}
}

func prefixIDs(ids, prefix string) string {
	if ids == "" {
		return ""
	}
	return prefix + strings.ReplaceAll(ids, " ", " "+prefix)
}

type rowView struct {
	No    int
	Cells []fieldView
}

func newFieldView(f Field, values Values, errors map[string]string) fieldView {
	v := fieldView{Field: f, Key: f.Name, Label: f.Label, Value: values.Get(f.Name), Error: errors[f.Name]}
	if !f.Required && f.Type != TypeTable {
		v.Label += "（选填）"
	}
	v.Describe = describe(f.Name, f.Hint != "", v.Error != "")
	if f.Type == TypeTable {
		v.Rows = tableRows(f, values.Table(f.Name), errors)
	}
	return v
}

func tableRows(f Field, typed []map[string]string, errors map[string]string) []rowView {
	n := min(len(typed)+BlankRows, max(MaxRows, len(typed)))
	rows := make([]rowView, n)
	for i := range rows {
		var row map[string]string
		if i < len(typed) {
			row = typed[i]
		}
		rows[i] = rowView{No: i + 1, Cells: make([]fieldView, len(f.Columns))}
		for j, c := range f.Columns {
			key := cellKey(f.Name, i, c.Name)
			cell := fieldView{Field: c.Field(), Key: key, Value: row[c.Name], Error: errors[key],
				CellLabel: "第" + strconv.Itoa(i+1) + "行 " + c.Label}
			// A column is required only in a row that is filled in at all,
			// so no cell claims aria-required; the header says "（选填）".
			cell.Required = false
			cell.Describe = describe(key, false, cell.Error != "")
			rows[i].Cells[j] = cell
		}
	}
	return rows
}

// describe lists the ids of the hint and error that describe input key.
func describe(key string, hint, err bool) string {
	var ids []string
	if hint {
		ids = append(ids, "h-"+key)
	}
	if err {
		ids = append(ids, "e-"+key)
	}
	return strings.Join(ids, " ")
}

// ShortHash is the first 12 characters of a hash, enough for a person to
// recognise an uploaded file.
func (v fieldView) ShortHash() string {
	if len(v.Value) > 12 {
		return v.Value[:12]
	}
	return v.Value
}

// FileInput is the name of the file input of an attachment field.
func (v fieldView) FileInput() string { return AttachmentFileInput(v.Key) }
