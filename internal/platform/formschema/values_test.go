package formschema

import (
	"encoding/json"
	"net/url"
	"reflect"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

func TestFromForm(t *testing.T) {
	form := url.Values{
		"project_name":         {"  达州某小区 "},
		"total_investment":     {"1200"},
		"unknown":              {"ignored"},
		"csrf_token":           {"x"},
		"buildings[0].name":    {"1#楼"},
		"buildings[0].area":    {"5000"},
		"buildings[1].name":    {""}, // a blank row
		"buildings[1].area":    {" "},
		"buildings[7].name":    {"2#楼"},
		"buildings[2].unknown": {"dropped"},
		"buildingsx[0].name":   {"not this table"},
		"buildings[x].name":    {"bad index"},
		"site_plan":            {goodHash},
	}
	v := FromForm(permitSchema(), form)
	want := Values{
		Fields: map[string]string{"project_name": "达州某小区", "total_investment": "1200", "site_plan": goodHash},
		Rows: map[string][]map[string]string{"buildings": {
			{"name": "1#楼", "area": "5000"},
			{"name": "2#楼"}, // renumbered: submitted as row 7
		}},
	}
	if !reflect.DeepEqual(v, want) {
		t.Fatalf("FromForm =\n%#v\nwant\n%#v", v, want)
	}
}

func TestFromJSON(t *testing.T) {
	v, err := FromJSON(permitSchema(), []byte(`{"project_name":"达州某小区","total_investment":1200.5,
		"floors":null,"buildings":[{"name":"1#楼","area":5000},{"name":"2#楼","use":""}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if v.Get("total_investment") != "1200.5" || v.Get("floors") != "" || len(v.Table("buildings")) != 2 ||
		v.Table("buildings")[0]["area"] != "5000" {
		t.Fatalf("FromJSON = %#v", v)
	}
	if n, ok := v.Number("total_investment"); !ok || n != 1200.5 {
		t.Fatalf("Number = %v, %v", n, ok)
	}
	tests := []struct {
		name, json string
		field      string
	}{
		{"not an object", `[1]`, ""},
		{"unknown field", `{"nope":"x"}`, "nope"},
		{"bool value", `{"project_name":true}`, "project_name"},
		{"object value", `{"project_name":{"a":1}}`, "project_name"},
		{"table not an array", `{"buildings":"1#楼"}`, "buildings"},
		{"unknown column", `{"buildings":[{"height":3}]}`, "buildings[0].height"},
		{"cell not scalar", `{"buildings":[{"name":"a"},{"name":["b"]}]}`, "buildings[1].name"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := FromJSON(permitSchema(), []byte(tc.json))
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("err = %v, want Invalid", err)
			}
			if tc.field != "" && errs.FieldsOf(err)[tc.field] == "" {
				t.Fatalf("fields %v lack %s", errs.FieldsOf(err), tc.field)
			}
		})
	}
}

func TestValues_JSONRoundTrip(t *testing.T) {
	v := goodValues()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var back Values
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, v) {
		t.Fatalf("round trip:\n%#v\n%#v", back, v)
	}
	if d, ok := back.Date("start_date"); !ok || d.Format("2006-01-02") != "2026-03-09" {
		t.Fatalf("Date = %v, %v", d, ok)
	}
	if err := json.Unmarshal([]byte(`{"a":true}`), &back); err == nil {
		t.Fatal("a boolean answer was accepted")
	}
}
