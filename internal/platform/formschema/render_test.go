package formschema

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/<name>.golden, rewriting it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Fatalf("%s differs from the golden file (go test -update rewrites it):\n%s", path, got)
	}
}

func TestRender_Golden(t *testing.T) {
	s := permitSchema()
	s.Fields[0].Hint = "与立项文件一致"
	typed := goodValues()
	typed.Set("total_investment", "一千二百")
	typed.AddRow("buildings", map[string]string{"name": "", "area": "很大"})
	tests := []struct {
		name   string
		values Values
		errors map[string]string
	}{
		{"empty", Values{}, nil},
		{"typed_with_errors", typed, s.Validate(typed)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			golden(t, "render_"+tc.name, string(s.Render(tc.values, tc.errors)))
		})
	}
}

func TestRender_Accessibility(t *testing.T) {
	s := permitSchema()
	typed := goodValues()
	typed.Set("project_name", `<script>alert("x")</script>`)
	typed.AddRow("buildings", map[string]string{"area": "很大"})
	html := string(s.Render(typed, s.Validate(typed)))
	for _, want := range []string{
		`<label for="f-project_name">项目名称</label>`,
		`<label for="f-description">建设内容（选填）</label>`,
		`value="&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"`,
		`id="f-buildings[1].area" name="buildings[1].area" value="很大" aria-describedby="e-buildings[1].area" aria-invalid="true" aria-label="第2行 建筑面积（平方米）"`,
		`<span class="field-error" id="e-buildings[1].name">请填写单体建筑第2行的名称。</span>`,
		`<fieldset class="field" id="f-buildings" tabindex="-1">`,
		`<option value="框架结构" selected>框架结构</option>`,
		`<input type="hidden" name="site_plan" value="` + goodHash + `">`,
		`<input type="file" id="f-site_plan" name="site_plan.file">`,
		`name="buildings[4].name"`, // two typed rows + three blank ones
	} {
		if !strings.Contains(html, want) {
			t.Errorf("rendered form lacks %s", want)
		}
	}
	if strings.Contains(html, "<script>") || strings.Contains(html, `name="buildings[5].name"`) {
		t.Error("unescaped value or too many blank rows")
	}
}

func TestRender_RowsCappedAtMax(t *testing.T) {
	s := Schema{Fields: []Field{{Name: "t", Label: "表", Type: TypeTable, Columns: []Column{{Name: "a", Label: "甲", Type: TypeText}}}}}
	var v Values
	for range MaxRows - 1 {
		v.AddRow("t", map[string]string{"a": "x"})
	}
	html := string(s.Render(v, nil))
	if !strings.Contains(html, `name="t[99].a"`) || strings.Contains(html, `name="t[100].a"`) {
		t.Fatal("a table must offer blank rows only up to MaxRows")
	}
}

func TestPreview_IDsDoNotClash(t *testing.T) {
	s := permitSchema()
	s.Fields[0].Hint = "与立项文件一致"
	html := string(s.Preview())
	for _, want := range []string{
		`<label for="preview-f-project_name">项目名称</label>`,
		`id="preview-h-project_name"`,
		`id="preview-f-project_name" name="project_name" value="" aria-describedby="preview-h-project_name" aria-required="true" disabled>`,
		`id="preview-f-buildings[0].name"`,
		`<fieldset class="field" id="preview-f-buildings"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("preview lacks %s", want)
		}
	}
	for _, bad := range []string{`id="f-`, `for="f-`, `id="h-`} {
		if strings.Contains(html, bad) {
			t.Errorf("preview has an unprefixed id: %s", bad)
		}
	}
}
