package formschema

import "testing"

func TestSample_IsAcceptedByValidate(t *testing.T) {
	s := permitSchema()
	for _, a := range []SampleAnswers{
		{Text: "达州市通川区某住宅小区建设项目", Date: "2027-03-01", Number: 1200},
		{Text: "测试", Date: "2026-05-01", Number: -5},
		{Text: "短", Date: "2026-05-01", Number: 1e6},
	} {
		v := s.Sample(a)
		// site_plan, the attachment, is optional here: a sample leaves it empty.
		if errs := s.Validate(v); len(errs) != 0 {
			t.Fatalf("%+v: %v", a, errs)
		}
		if v.Get("structure") != "框架结构" || len(v.Table("buildings")) != 1 {
			t.Fatalf("%+v: choice %q, rows %d", a, v.Get("structure"), len(v.Table("buildings")))
		}
	}
}

func TestSample_NumbersMoveIntoTheRange(t *testing.T) {
	s := permitSchema()
	for _, tc := range []struct {
		number              float64
		floors, height, inv string
	}{
		{1200, "100", "500", "1200"},
		{-5, "1", "-5", "0"},
		{35.5, "35.5", "35.5", "35.5"},
	} {
		v := s.Sample(SampleAnswers{Text: "x", Date: "2026-05-01", Number: tc.number})
		if v.Get("floors") != tc.floors || v.Get("height") != tc.height || v.Get("total_investment") != tc.inv {
			t.Errorf("%v: floors %q height %q investment %q", tc.number, v.Get("floors"), v.Get("height"), v.Get("total_investment"))
		}
	}
}

func TestSample_CutsTextToTheLimit(t *testing.T) {
	v := permitSchema().Sample(SampleAnswers{Text: "达州市通川区某住宅小区建设项目", Date: "2026-05-01"})
	if got := v.Get("project_name"); got != "达州市通川区某住宅小" {
		t.Fatalf("project_name %q", got)
	}
}
