package formschema

import (
	"encoding/json"
	"errors"
	"maps"
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// FuzzParse checks the reading of a form definition an administrator
// writes: a refusal is a *SchemaError of Chinese sentences; an accepted
// schema came from one valid JSON value (nothing after it), has no
// Problems, survives a write-and-read round trip unchanged, renders, and
// behaves as a form must: with no answers Validate reports exactly the
// required fields, Sample's answers are accepted (but for required
// attachments, which need a stored file), and every option of every
// choice can be picked through the HTML form.
func FuzzParse(f *testing.F) {
	for _, s := range parseSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(data)
		if err != nil {
			checkSchemaError(t, data, err)
			return
		}
		if len(strings.TrimSpace(string(data))) > 0 && !json.Valid(data) {
			t.Fatalf("Parse accepted %q, which is not one JSON value", data)
		}
		if p := s.Problems(); p != nil {
			t.Fatalf("Parse accepted a schema with problems %q", p)
		}
		again := roundTrip(t, s)
		if a, b := mustJSON(t, s), mustJSON(t, again); a != b {
			t.Fatalf("round trip changed the schema:\n%s\n%s", a, b)
		}
		_, _ = s.Render(Values{}, nil), s.Preview()
		checkEmptyAnswers(t, s)
		checkSample(t, s)
		checkEveryOption(t, s)
	})
}

var parseSeeds = []string{
	`{"fields":[{"name":"project_name","label":"项目名称","type":"text","required":true,"max_length":100},
		{"name":"total_investment","label":"总投资（万元）","type":"number","min":0},
		{"name":"structure","label":"结构类型","type":"choice","options":["框架结构","剪力墙结构"]},
		{"name":"buildings","label":"单体建筑","type":"table","required":true,"columns":[
			{"name":"name","label":"名称","type":"text","required":true},
			{"name":"area","label":"建筑面积","type":"number","min":0,"max":1000000}]},
		{"name":"site_plan","label":"总平面图","type":"attachment","required":true}]}`,
	`{"fields":[{"name":"start","label":"开工日期","type":"date","required":true},
		{"name":"note","label":"说明","type":"textarea","max_length":10000,"hint":"可填写补充说明"}]}`,
	`{"fields":[{"name":"a","label":"甲","type":"choice","options":[" 一","二"]}]}`,
	`{"fields":[{"name":"n","label":"数","type":"number","min":-1e308,"max":1e308}]}`,
	`{"fields":[{"name":"n","label":"数","type":"number","min":0.1,"max":0.1,"required":true}]}`,
	`{"fields":[]}`, `{}`, ``, "  \n", `null`, `{"fields":null}`, `[]`, `{"fields":[]}}`, `{"fields":[]} {}`,
	`{"fields":[{"name":"a","label":"甲","type":"text","requried":true}]}`, `{"fields":[{"name":"a"`,
	`{"fields":[{"name":"Area","label":"甲","type":"text"}]}`, `{"fields":[{"name":"a","label":"甲","type":"integer"}]}`,
	`{"fields":[{"name":"a","label":"甲","type":"table","columns":[{"name":"b","label":"乙","type":"table"}]}]}`,
	`{"fields":[{"name":"a","label":"甲","type":"text","max_length":1e400}]}`,
	"{\"fields\":[{\"name\":\"a\",\"label\":\"\xff\",\"type\":\"text\"}]}",
	"\xef\xbb\xbf{\"fields\":[]}",
}

func checkSchemaError(t *testing.T, data []byte, err error) {
	t.Helper()
	var se *SchemaError
	if !errors.As(err, &se) || len(se.Problems) == 0 {
		t.Fatalf("Parse(%q) error %v is not a *SchemaError with problems", data, err)
	}
	for _, p := range se.Problems {
		if !hasHan(p) {
			t.Fatalf("Parse(%q): problem %q is not a Chinese sentence", data, p)
		}
	}
}

func roundTrip(t *testing.T, s Schema) Schema {
	t.Helper()
	again, err := Parse([]byte(mustJSON(t, s)))
	if err != nil {
		t.Fatalf("an accepted schema, written out, is refused: %v", err)
	}
	return again
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// checkEmptyAnswers: with nothing answered, the messages are exactly the
// required fields.
func checkEmptyAnswers(t *testing.T, s Schema) {
	t.Helper()
	var required []string
	for _, f := range s.Fields {
		if f.Required {
			required = append(required, f.Name)
		}
	}
	got := slices.Sorted(maps.Keys(s.Validate(Values{})))
	if slices.Sort(required); !slices.Equal(got, required) {
		t.Fatalf("empty answers: messages for %q, required fields %q", got, required)
	}
}

// checkSample: Sample's answers are accepted, but for required attachments.
func checkSample(t *testing.T, s Schema) {
	t.Helper()
	for _, a := range []SampleAnswers{{Text: "达州市通川区", Date: "2026-03-09", Number: 1200.5}, {Text: "x", Date: "2000-02-29", Number: -1e300}} {
		for name, msg := range s.Validate(s.Sample(a)) {
			if f, _ := s.Field(name); f.Type != TypeAttachment || !f.Required {
				t.Fatalf("Sample(%+v) answer to %q refused: %s", a, name, msg)
			}
		}
	}
}

// checkEveryOption: each option of each choice, submitted through the HTML
// form, is accepted.
func checkEveryOption(t *testing.T, s Schema) {
	t.Helper()
	for _, f := range s.Fields {
		for _, o := range f.Options {
			v := FromForm(s, url.Values{f.Name: {o}})
			if msg, bad := s.Validate(v)[f.Name]; bad {
				t.Fatalf("option %q of %q cannot be chosen in the form: %s", o, f.Name, msg)
			}
		}
	}
}

func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}
