package casework_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/platform/formschema"
)

// pdf is the smallest file the blob store recognises as a PDF; n makes
// each one distinct.
func pdf(n int) []byte {
	return fmt.Appendf(nil, "%%PDF-1.4\n%% gongai test %d\n1 0 obj<<>>endobj\ntrailer<<>>\n%%%%EOF\n", n)
}

// upload stores a distinct PDF and returns its hash.
func (e *env) upload(t testing.TB, n int) string {
	t.Helper()
	ref, err := e.blobs.Put(context.Background(), bytes.NewReader(pdf(n)), "材料.pdf", "application/pdf")
	if err != nil {
		t.Fatal(err)
	}
	return ref.Hash
}

// fillForm answers every field of the items' forms (tables get one row).
func fillForm(items ...catalog.Item) formschema.Values {
	var all formschema.Schema
	for _, it := range items {
		all.Fields = append(all.Fields, it.Form.Fields...)
	}
	return all.Sample(formschema.SampleAnswers{Text: "测试填写", Date: "2026-05-01", Number: 1})
}

// materials uploads every required material of the items except skip.
func (e *env) materials(t testing.TB, skip string, items ...catalog.Item) map[string]string {
	t.Helper()
	out := map[string]string{}
	for i, it := range items {
		for j, m := range it.Materials {
			if m.Required && m.Name != skip {
				out[m.Name] = e.upload(t, i*100+j)
			}
		}
	}
	return out
}

// stageItems returns the items of a stage of the published flow.
func (e *env) stageItems(t testing.TB, region string, flowType, stage int, codes ...string) []catalog.Item {
	t.Helper()
	flow, err := e.catalog.PublishedFlow(context.Background(), region, flowType)
	if err != nil {
		t.Fatal(err)
	}
	var out []catalog.Item
	for _, st := range flow.Stages {
		for _, si := range st.Items {
			for _, c := range codes {
				if st.No == stage && si.ItemCode == c {
					out = append(out, si.Item)
				}
			}
		}
	}
	if len(out) != len(codes) {
		t.Fatalf("stage %d of flow %d lacks %v", stage, flowType, codes)
	}
	return out
}

// mustOf returns a checker that fails t on an error and passes the case on.
func mustOf(t testing.TB) func(casework.Case, error) casework.Case {
	return func(c casework.Case, err error) casework.Case {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
}

func wantStatus(t testing.TB, c casework.Case, s casework.Status) {
	t.Helper()
	if c.Status != s {
		t.Fatalf("case %s: status %d %s, want %d %s", c.Number, c.Status, c.Status.Label(), s, s.Label())
	}
}
