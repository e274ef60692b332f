package sitestats

import (
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

func TestModuleOf(t *testing.T) {
	for _, c := range []struct {
		path       string
		enterprise bool
		want       string
	}{
		{"/guide/items", false, ModuleGuide},
		{"/guide/items/11-0001-00", false, ModuleGuide},
		{"/guide/flows/511702/1", true, ModuleGuide},
		{"/guide/blobs/abc", false, ""},
		{"/guidebook", false, ""},
		{"/public/results", false, ModulePublic},
		{"/public/results/511702-20260309-00001", false, ModulePublic},
		{"/verify/DZ2026-0001", false, ModuleVerify},
		{"/ops/complaints/new", false, ModuleComplaint},
		{"/ops/tickets", true, ""},
		{"/", true, ModuleHome},
		{"/", false, ""},
		{"/apply", true, ModuleHall},
		{"/apply/items/A-1", true, ModuleHall},
		{"/projects/12/apply", true, ModuleHall},
		{"/cases", true, ModuleHall},
		{"/cases", false, ""},
		{"/licences/DZ1", true, ModuleHall},
		{"/appointments/new", true, ModuleHall},
		{"/applyx", true, ""},
		{"/static/app.css", true, ""},
		{"/api/v1/cases", true, ""},
		{"/healthz", false, ""},
		{"/metrics", false, ""},
		{"/sitestats", true, ""},
		{"/login", false, ""},
	} {
		if got := ModuleOf(c.path, c.enterprise); got != c.want {
			t.Errorf("ModuleOf(%q, %v) = %q, want %q", c.path, c.enterprise, got, c.want)
		}
	}
}

func TestPathGroup(t *testing.T) {
	for _, c := range []struct{ path, want string }{
		{"/", "/"},
		{"/guide/items", "/guide/items"},
		{"/guide/items/11-0001-00", "/guide/items/*"},
		{"/guide/items/A-1/illustrated", "/guide/items/*/illustrated"},
		{"/projects/12/apply", "/projects/*/apply"},
		{"/public/results/511702-20260309-00001", "/public/results/*"},
		{"/verify/张三", "/verify/*"},
		{"/a/b/c/d/e/f", "/a/b/c/d/…"},
	} {
		if got := PathGroup(c.path); got != c.want {
			t.Errorf("PathGroup(%q) = %q, want %q", c.path, got, c.want)
		}
	}
}

func TestGuideItem(t *testing.T) {
	for _, c := range []struct{ path, want string }{
		{"/guide/items/A-1", "A-1"},
		{"/guide/items/A-1/illustrated", "A-1"},
		{"/guide/items/A-1/other", ""},
		{"/guide/items", ""},
		{"/guide/items/", ""},
		{"/guide/items/许可", ""},
		{"/public/results/A-1", ""},
	} {
		if got := GuideItem(c.path); got != c.want {
			t.Errorf("GuideItem(%q) = %q, want %q", c.path, got, c.want)
		}
	}
}

func TestNormaliseTerm(t *testing.T) {
	long := strings.Repeat("规", 60)
	for _, c := range []struct{ in, want string }{
		{"  施工许可  ", "施工许可"},
		{"施工\t  许可\n证", "施工 许可 证"},
		{"Fire Safety", "fire safety"},
		{"   ", ""},
		{long, strings.Repeat("规", MaxTermRunes)},
		{"张三 13812345678", "张三 " + PersonalMask},
		{"13812345678", PersonalMask},
		{"身份证51170219800101123X查询", "身份证" + PersonalMask + "查询"},
		{"511702-20260309-00001", "511702-20260309-00001"},
		{"项目代码2026-511702-47-01-000001", "项目代码2026-511702-47-01-000001"},
	} {
		if got := NormaliseTerm(c.in); got != c.want {
			t.Errorf("NormaliseTerm(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestParseFilter(t *testing.T) {
	today := calendar.NewDate(2026, 3, 31)
	f, err := ParseFilter("", "", "", today)
	if err != nil || f.From != calendar.NewDate(2026, 3, 2) || f.To != today {
		t.Fatalf("default = %+v, %v", f, err)
	}
	for _, c := range []struct{ from, to, region, field string }{
		{"2026-3-x", "", "", "from"},
		{"", "31/03/2026", "", "to"},
		{"2026-04-01", "2026-03-31", "", "from"},
		{"2025-01-01", "2026-03-31", "", "from"},
		{"", "", "110000", "region"},
	} {
		_, err := ParseFilter(c.from, c.to, c.region, today)
		if errs.FieldsOf(err)[c.field] == "" {
			t.Errorf("ParseFilter(%q, %q, %q) = %v, want an error on %s", c.from, c.to, c.region, err, c.field)
		}
	}
}

func TestVisitorKey(t *testing.T) {
	s1, s2 := []byte("salt-one"), []byte("salt-two")
	a := VisitorKey(s1, "198.51.100.7", "UA")
	if a != VisitorKey(s1, "198.51.100.7", "UA") {
		t.Fatal("the key is not stable within a salt")
	}
	for _, other := range []string{VisitorKey(s2, "198.51.100.7", "UA"), VisitorKey(s1, "198.51.100.8", "UA"),
		VisitorKey(s1, "198.51.100.7", "UA2")} {
		if other == a {
			t.Error("different salt, address or browser gave the same key")
		}
	}
	if len(a) != 16 || strings.Contains(a, "198") {
		t.Errorf("key %q: want 16 base64url characters with nothing of the address", a)
	}
}

func TestNiceCeil(t *testing.T) {
	for in, want := range map[int64]int64{0: 5, 3: 5, 7: 10, 11: 20, 45: 50, 51: 100, 100: 100, 1234: 2000} {
		if got := niceCeil(in); got != want {
			t.Errorf("niceCeil(%d) = %d, want %d", in, got, want)
		}
	}
}
