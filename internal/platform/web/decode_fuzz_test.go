package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// fuzzBody has the property types API request bodies use: strings,
// numbers, pointers (for "absent or null"), arrays, maps, nesting and raw
// JSON.
type fuzzBody struct {
	Name   string            `json:"name"`
	Count  int               `json:"count"`
	Ratio  float64           `json:"ratio"`
	Active *bool             `json:"active"`
	Tags   []string          `json:"tags"`
	Meta   map[string]int64  `json:"meta"`
	Child  *fuzzBody         `json:"child"`
	Raw    json.RawMessage   `json:"raw"`
	Labels map[string]string `json:"labels"`
}

// FuzzDecodeJSON checks DecodeJSON, the one reader of API request bodies,
// against the standard library's own judgement of the same bytes: it
// accepts a body exactly when the body is one valid JSON value of at most
// MaxJSONBody bytes that decodes strictly (no unknown property, right
// types) to text without NUL characters (which PostgreSQL cannot store),
// and then yields what json.Unmarshal yields. Every refusal is an
// errs.Invalid error with a Chinese message and no English decoder text.
// pad appends pad×64 bytes of whitespace, so that the fuzzer also
// reaches bodies over the limit whose JSON is complete and valid.
func FuzzDecodeJSON(f *testing.F) {
	seeds := []string{
		`{"name":"川东智慧物流仓储中心","count":3,"ratio":0.5,"active":true,"tags":["a","b"]}`,
		`{"child":{"child":{"name":"x"}},"meta":{"k":9007199254740993}}`,
		`{"raw":{"type":"Polygon","coordinates":[]},"labels":{"区县":"通川区"}}`,
		`{}`, `null`, ``, `   `, `[]`, `"text"`, `42`,
		`{}}`, `{} {}`, `{}]`, `{"name":"a"} trailing`, `{"name":"a"}` + "\n\t ",
		`{"nmae":"typo"}`, `{"count":"3"}`, `{"count":1.5}`, `{"count":1e400}`, `{"ratio":1e400}`,
		`{"count":99999999999999999999}`, `{"active":"true"}`, `{"tags":"a"}`, `{"meta":{"k":"v"}}`,
		`{"name":"\ud800"}`, "{\"name\":\"\xff\xfe\"}", `{"name":"unterminated`, `{"name":}`, `{,}`,
		"\xef\xbb\xbf{}", `{"name":"a","name":"b"}`, `{"NAME":"case"}`,
		strings.Repeat(`{"child":`, 200) + `{}` + strings.Repeat(`}`, 200),
		strings.Repeat(`[`, 100) + strings.Repeat(`]`, 100),
	}
	for _, s := range seeds {
		f.Add([]byte(s), uint16(0))
	}
	f.Add([]byte(`{"name":"a"}`), uint16(MaxJSONBody/64)) // one past the limit
	f.Add([]byte(`{"name":"a"}`), uint16(MaxJSONBody/64-1))
	f.Fuzz(func(t *testing.T, data []byte, pad uint16) {
		body := append(bytes.Clone(data), bytes.Repeat([]byte(" \n\t\r"), int(pad)*16)...)
		req := httptest.NewRequest(http.MethodPost, "/api/v1/x", bytes.NewReader(body))
		var got fuzzBody
		err := DecodeJSON(req, &got)
		want, wantErr := strictDecode(body)
		accept := wantErr == nil && len(body) <= MaxJSONBody && !textHasNUL(body)
		if accept != (err == nil) {
			t.Fatalf("DecodeJSON(%q…) = %v; standard library: valid=%v, strict error %v, %d bytes",
				head(body), err, json.Valid(body), wantErr, len(body))
		}
		if err == nil {
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("DecodeJSON gave %+v, json.Unmarshal %+v", got, want)
			}
			return
		}
		checkInvalid(t, err)
		if wantErr == nil && len(body) > MaxJSONBody && !strings.Contains(errs.Message(err), "过大") { // refused for its size alone
			t.Fatalf("oversize body: message %q does not say so", errs.Message(err))
		}
	})
}

// strictDecode is the reference: one JSON value, strict, nothing after it.
func strictDecode(body []byte) (fuzzBody, error) {
	var v fuzzBody
	if !json.Valid(body) {
		return v, errors.New("invalid JSON")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	return v, dec.Decode(&v)
}

// textHasNUL reports whether the text body decodes to (its raw JSON
// aside) holds a NUL character, written out field by field.
func textHasNUL(body []byte) bool {
	v, _ := strictDecode(body)
	var texts []string
	for p := &v; p != nil; p = p.Child {
		texts = append(texts, p.Name)
		texts = append(texts, p.Tags...)
		for k, s := range p.Labels {
			texts = append(texts, k, s)
		}
		for k := range p.Meta {
			texts = append(texts, k)
		}
	}
	return slices.ContainsFunc(texts, func(s string) bool { return strings.ContainsRune(s, 0) })
}

// checkInvalid fails t unless err is an errs.Invalid error whose message
// (and per-field messages) a Chinese reader can act on: Chinese text and
// none of encoding/json's English.
func checkInvalid(t *testing.T, err error) {
	t.Helper()
	if !errs.Is(err, errs.Invalid) {
		t.Fatalf("error %v is %v, want Invalid", err, errs.KindOf(err))
	}
	msgs := []string{errs.Message(err)}
	for _, m := range errs.FieldsOf(err) {
		msgs = append(msgs, m)
	}
	for _, m := range msgs {
		if !hasHan(m) || strings.Contains(m, "json:") || strings.Contains(m, "invalid character") {
			t.Fatalf("message %q is not a Chinese message", m)
		}
	}
}

func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}

func head(b []byte) []byte {
	if len(b) > 200 {
		return b[:200]
	}
	return b
}
