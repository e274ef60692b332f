package formschema

import (
	"encoding/json"
	"math"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// validateSchemas are the forms FuzzValidate answers: every field type,
// bounds, required tables and columns, an unbounded number.
var validateSchemas = []string{
	`{"fields":[{"name":"project_name","label":"项目名称","type":"text","required":true,"max_length":10},
		{"name":"total_investment","label":"总投资（万元）","type":"number","min":0,"max":99999999.99},
		{"name":"structure","label":"结构类型","type":"choice","required":true,"options":["框架结构","剪力墙结构","其他"]},
		{"name":"buildings","label":"单体建筑","type":"table","required":true,"columns":[
			{"name":"name","label":"名称","type":"text"},
			{"name":"area","label":"建筑面积","type":"number","min":0,"max":1000000},
			{"name":"done","label":"竣工日期","type":"date"},
			{"name":"kind","label":"用途","type":"choice","options":["住宅","商业"]}]},
		{"name":"site_plan","label":"总平面图","type":"attachment","required":true}]}`,
	`{"fields":[{"name":"start","label":"开工日期","type":"date","required":true},
		{"name":"note","label":"说明","type":"textarea"},
		{"name":"floors","label":"层数","type":"number","required":true,"min":-5,"max":200},
		{"name":"rooms","label":"房间","type":"table","columns":[
			{"name":"no","label":"编号","type":"text","required":true,"max_length":4},
			{"name":"size","label":"面积","type":"number"}]}]}`,
	`{"fields":[{"name":"any","label":"任意数","type":"number"},{"name":"t","label":"文字","type":"text"}]}`,
}

// FuzzValidate checks the reading and validation of answers against a
// form, from JSON (an API body) and from an HTML form (urlencoded): a
// refused JSON body is errs.Invalid with Chinese per-property messages;
// whenever Validate accepts answers, an independent check of every rule
// agrees — in particular no required field, table or cell is missing —;
// answers read from the form are trimmed, with only known columns and no
// blank cells; and accepted JSON answers survive storage (MarshalJSON,
// UnmarshalJSON) and a second strict read unchanged.
func FuzzValidate(f *testing.F) {
	schemas := make([]Schema, len(validateSchemas))
	for i, text := range validateSchemas {
		s, err := Parse([]byte(text))
		if err != nil {
			f.Fatalf("schema %d: %v", i, err)
		}
		schemas[i] = s
	}
	for _, sd := range validateSeeds {
		f.Add(sd.schema, []byte(sd.json), sd.form)
	}
	f.Fuzz(func(t *testing.T, which uint8, answers []byte, form string) {
		s := schemas[int(which)%len(schemas)]
		if v, err := FromJSON(s, answers); err != nil {
			checkInvalidAnswers(t, err)
		} else {
			checkStored(t, s, v)
			if s.Validate(v) == nil {
				checkAccepted(t, s, v)
			}
		}
		q, _ := url.ParseQuery(form) // what a server reads from a malformed body too
		v := FromForm(s, q)
		checkFromForm(t, s, v)
		if s.Validate(v) == nil {
			checkAccepted(t, s, v)
		}
	})
}

var hash = strings.Repeat("ab", 32)

var validateSeeds = []struct {
	schema uint8
	json   string
	form   string
}{
	{0, `{"project_name":"物流园","structure":"其他","buildings":[{"name":"1#楼","area":1200.5}],"site_plan":"` + hash + `"}`,
		"project_name=物流园&structure=其他&buildings[0].name=1%23楼&buildings[0].area=1200.5&site_plan=" + hash},
	{0, `{"project_name":"物流园","structure":"其他","buildings":[{}],"site_plan":"` + hash + `"}`,
		"project_name=a&structure=其他&buildings[0].name=+&buildings[7].area=&site_plan=" + hash},
	{0, `{"buildings":[{"area":"1e3"},{"area":1e400},{"done":"2026-02-30"},{"kind":" 住宅"}],"total_investment":-0.0}`,
		"buildings[9999].area=-.5&buildings[10000].area=1&buildings[0].kind=住宅&total_investment=1,000"},
	{0, `{"buildings":null,"project_name":null,"site_plan":"` + strings.ToUpper(hash) + `"}`, "site_plan=" + hash + "0"},
	{0, `{"buildings":{"name":"x"}}`, "buildings=x&buildings[0]=y&buildings[0].name.x=z"},
	{0, `{"unknown":1,"buildings":[{"height":3,"name":true}]}`, "%zz=1&project_name=%E0%A4%A"},
	{1, `{"start":"2026-03-09","floors":"-5","rooms":[{"no":"1001"},{"no":"10001"}]}`, "start=2026-3-9&floors=%2B3.&rooms[0].no=１００１"},
	{1, `{"start":"0000-01-01","floors":200.0000000000000001,"note":"` + strings.Repeat("长", 2001) + `"}`, "floors=NaN&start=2026-03-09T00:00:00Z"},
	{2, `{"any":123456789012345678901234567890,"t":"  两端空格  "}`, "any=Inf&t=%00"},
	{2, `{"any":-1.7976931348623157e308}`, "any=" + "9" + strings.Repeat("9", 400)},
	{2, `[]`, ""}, {2, `null`, ""}, {2, ``, ""}, {2, `{"any":"1"} x`, ""}, {2, "{\"t\":\"\xff\"}", "t=\xff"},
}

func checkInvalidAnswers(t *testing.T, err error) {
	t.Helper()
	if !errs.Is(err, errs.Invalid) {
		t.Fatalf("FromJSON error %v is %v, want Invalid", err, errs.KindOf(err))
	}
	msgs := []string{errs.Message(err)}
	for k, m := range errs.FieldsOf(err) {
		if k == "" {
			t.Fatalf("FromJSON error has a message without a property: %q", m)
		}
		msgs = append(msgs, m)
	}
	for _, m := range msgs {
		if !hasHan(m) {
			t.Fatalf("FromJSON message %q is not Chinese", m)
		}
	}
}

// checkStored: answers read from JSON come back unchanged from storage and
// from a second strict read.
func checkStored(t *testing.T, s Schema, v Values) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var back Values
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("stored answers %s cannot be read: %v", b, err)
	}
	again, err := FromJSON(s, b)
	if err != nil {
		t.Fatalf("stored answers %s refused by FromJSON: %v", b, err)
	}
	if !sameValues(v, back) || !sameValues(v, again) {
		t.Fatalf("answers changed through storage:\n%+v\n%+v\n%+v", v, back, again)
	}
}

func sameValues(a, b Values) bool {
	return len(a.Fields) == len(b.Fields) && (len(a.Fields) == 0 || reflect.DeepEqual(a.Fields, b.Fields)) &&
		len(a.Rows) == len(b.Rows) && (len(a.Rows) == 0 || reflect.DeepEqual(a.Rows, b.Rows))
}

func checkFromForm(t *testing.T, s Schema, v Values) {
	t.Helper()
	for name, val := range v.Fields {
		if f, ok := s.Field(name); !ok || f.Type == TypeTable || val == "" || val != strings.TrimSpace(val) {
			t.Fatalf("FromForm answer %q = %q", name, val)
		}
	}
	for name, rows := range v.Rows {
		f, _ := s.Field(name)
		for _, row := range rows {
			for col, cell := range row {
				if !hasColumn(f, col) || cell == "" || cell != strings.TrimSpace(cell) {
					t.Fatalf("FromForm row of %q: %q = %q", name, col, cell)
				}
			}
		}
	}
}

// checkAccepted re-checks every rule of answers Validate accepted.
func checkAccepted(t *testing.T, s Schema, v Values) {
	t.Helper()
	for _, f := range s.Fields {
		if f.Type != TypeTable {
			checkCell(t, f, f.Name, v.Get(f.Name))
			continue
		}
		rows := v.Table(f.Name)
		if len(rows) > MaxRows {
			t.Fatalf("accepted %d rows of %q", len(rows), f.Name)
		}
		answered := false
		for i, row := range rows {
			for _, c := range f.Columns {
				checkCell(t, c.Field(), cellKey(f.Name, i, c.Name), row[c.Name])
				answered = answered || row[c.Name] != ""
			}
		}
		if f.Required && !answered {
			t.Fatalf("required table %q accepted without an answered row: %v", f.Name, rows)
		}
	}
}

var hexHash = regexp.MustCompile(`^[0-9a-f]{64}$`)

func checkCell(t *testing.T, f Field, key, v string) {
	t.Helper()
	ok := true
	switch {
	case v == "":
		ok = !f.Required
	case f.Type == TypeText || f.Type == TypeTextarea:
		limit := f.MaxLength
		if limit == 0 {
			limit = map[string]int{TypeText: DefaultTextLen, TypeTextarea: DefaultLongLen}[f.Type]
		}
		ok = utf8.RuneCountInString(v) <= limit
	case f.Type == TypeNumber:
		n, err := strconv.ParseFloat(v, 64)
		ok = err == nil && !math.IsInf(n, 0) && !math.IsNaN(n) && (f.Min == nil || n >= *f.Min) && (f.Max == nil || n <= *f.Max)
	case f.Type == TypeDate:
		_, err := time.Parse(time.DateOnly, v)
		ok = err == nil
	case f.Type == TypeChoice:
		ok = slices.Contains(f.Options, v)
	case f.Type == TypeAttachment:
		ok = hexHash.MatchString(v)
	}
	if !ok {
		t.Fatalf("accepted answer %q = %q breaks a rule of %+v", key, v, f)
	}
}
