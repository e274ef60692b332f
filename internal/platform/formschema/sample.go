package formschema

import (
	"strconv"
	"unicode/utf8"
)

// SampleAnswers are the answers Schema.Sample gives by field type.
type SampleAnswers struct {
	Text   string  // text and textarea, cut to the field's length limit
	Date   string  // YYYY-MM-DD
	Number float64 // moved into the field's [Min, Max]
}

// Sample answers every field of the form with a value Validate accepts:
// the given text, date and number, the first option of a choice, and one
// row for a table. Attachments stay unanswered, because an answer to one
// must be the hash of a stored file. Demo data and tests fill forms with it.
func (s Schema) Sample(a SampleAnswers) Values {
	var v Values
	for _, f := range s.Fields {
		if f.Type != TypeTable {
			v.Set(f.Name, a.answer(f))
			continue
		}
		row := map[string]string{}
		for _, c := range f.Columns {
			row[c.Name] = a.answer(c.Field())
		}
		v.AddRow(f.Name, row)
	}
	return v
}

// answer is the sample answer to a scalar field.
func (a SampleAnswers) answer(f Field) string {
	switch f.Type {
	case TypeNumber:
		n := a.Number
		if f.Max != nil && n > *f.Max {
			n = *f.Max
		}
		if f.Min != nil && n < *f.Min {
			n = *f.Min
		}
		return strconv.FormatFloat(n, 'f', -1, 64)
	case TypeDate:
		return a.Date
	case TypeChoice:
		return f.Options[0]
	case TypeAttachment:
		return ""
	}
	return cut(a.Text, f)
}

// cut shortens text to the field's length limit.
func cut(text string, f Field) string {
	limit := f.MaxLength
	if limit == 0 {
		limit = DefaultTextLen
	}
	if utf8.RuneCountInString(text) <= limit {
		return text
	}
	return string([]rune(text)[:limit])
}
