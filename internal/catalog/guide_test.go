package catalog

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
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
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != got {
		t.Fatalf("%s differs from the golden file (go test -update rewrites it):\n%s", path, got)
	}
}

// TestDiagrams_Golden pins the SVG of the item and stage diagrams for the
// seed items: one reviewed by four departments in parallel, one 即办-free
// single-department filing, and the merged stage of flow type 5.
func TestDiagrams_Golden(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	for _, code := range []string{"design_scheme_review", "completion_filing"} {
		it := f.mustItem(t, code)
		fns, err := f.svc.ReviewDepartments(ctx, it)
		if err != nil {
			t.Fatal(err)
		}
		depts := make([]string, len(fns))
		for i, fn := range fns {
			depts[i] = FunctionLabel(fn)
		}
		svg, err := itemDiagram(it, depts).svg()
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "item_"+code+".svg", string(svg))
	}
	for _, typ := range []int{4, 5} {
		fl, err := f.svc.PublishedFlow(ctx, "511700", typ)
		if err != nil {
			t.Fatal(err)
		}
		svg, err := flowDiagram(fl).svg()
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "flow_"+strconv.Itoa(typ)+".svg", string(svg))
	}
}

// TestDiagram_Accessible checks what every diagram must carry whatever the
// layout: role, title, description, no script or external reference, and
// labels escaped.
func TestDiagram_Accessible(t *testing.T) {
	it := Item{Code: "x_item", Name: `<script>alert(1)</script>`, Kind: KindLicence, PromisedDays: 3, StatutoryDays: 20}
	svg, err := itemDiagram(it, []string{"住房和城乡建设部门"}).svg()
	if err != nil {
		t.Fatal(err)
	}
	s := string(svg)
	for _, want := range []string{`role="img"`, `aria-labelledby="item-flow-title item-flow-desc"`,
		`<title id="item-flow-title">&lt;script&gt;`, `<desc id="item-flow-desc">申请：`, "承诺3个工作日", "受理后第1个"} {
		if !strings.Contains(s, want) {
			t.Errorf("diagram lacks %q:\n%s", want, s)
		}
	}
	for _, bad := range []string{"<script", "href=", "style=", "http://www.example"} {
		if strings.Contains(s, bad) {
			t.Errorf("diagram contains %q", bad)
		}
	}
}

func TestWrap(t *testing.T) {
	if got := wrap("工程建设许可和施工许可（合并办理）", 200, 13); len(got) != 2 || got[0] != "工程建设许可和施工许可（合并办" {
		t.Fatalf("wrap = %q", got)
	}
	if got := wrap("", 100, 13); len(got) != 1 || got[0] != "" {
		t.Fatalf("wrap of nothing = %q", got)
	}
	if w := textWidth("ab中", 10); w != 22 {
		t.Fatalf("textWidth = %d", w)
	}
}
