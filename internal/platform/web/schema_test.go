package web

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

type day struct{ y, m, d int }

func (d day) MarshalText() ([]byte, error) {
	return fmt.Appendf(nil, "%04d-%02d-%02d", d.y, d.m, d.d), nil
}

type custom struct{}

func (custom) MarshalJSON() ([]byte, error) { return []byte(`{"a":1}`), nil }

type sample struct {
	ID      int64          `json:"id"`
	Name    string         `json:"name" doc:"名称"`
	When    time.Time      `json:"when"`
	Day     day            `json:"day"`
	Values  custom         `json:"values"`
	Tags    []string       `json:"tags"`
	Extra   map[string]int `json:"extra"`
	Hidden  string         `json:"-"`
	private string
	Nested  struct{ OK bool } `json:"nested"`
}

func TestSchemaOf_FollowsTheJSONWire(t *testing.T) {
	got, _ := json.Marshal(schemaOf(sample{Day: day{2026, 3, 9}, private: "not on the wire"}))
	want := `{"properties":{"day":{"type":"string"},"extra":{"additionalProperties":{"type":"integer"},"type":"object"},` +
		`"id":{"type":"integer"},"name":{"description":"名称","type":"string"},"nested":{"properties":{"OK":{"type":"boolean"}},"type":"object"},` +
		`"tags":{"items":{"type":"string"},"type":"array"},"values":{},"when":{"format":"date-time","type":"string"}},"type":"object"}`
	if string(got) != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}
