package project

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// gramNames are project names for the search tests: ASCII in both cases,
// mixed scripts, full-width letters, repeated characters, LIKE wildcards.
var gramNames = []string{
	"达州冷链物流冷库项目", "ASCII Cold Store", "cold STORAGE 冷库", "全角ＡＢＣ仓储中心", "半角ABC仓储中心",
	"东东东商业综合体", "东东广场", "东方学校", "渠县100%保障房", "通川区_测试_道路", "学校改造工程", "冷 库 分隔",
}

// gramTerms are searched over gramNames: one, two, three and more
// characters, case and width variants, wildcards, terms matching no name,
// and terms matching the owners (达州川东建设有限公司, 渠县宏达置业有限公司).
var gramTerms = []string{
	"冷", "库", "冷库", "冷链冷库", "物流冷库项目", "cold", "COLD", "Cold Store", "ab", "AB", "ＡＢ", "ａｂ",
	"ＡＢＣ仓", "东东", "东东东", "东东东东", "东方", "学校", "100%", "0%保", "_测", "%", "冷 库", " 库",
	"川东", "宏达置业", "有限公司", "仓储中心", "没有的词", "2026-511702", "91511702",
}

// registerGramProjects registers gramNames, alternating the two owners.
func registerGramProjects(t *testing.T, f *fixture) []Project {
	t.Helper()
	var out []Project
	for i, name := range gramNames {
		ent, region, code, clerk := f.entA, "511702", "2026-511702-59-03-", tcClerk
		if i%2 == 1 {
			ent, region, code, clerk = f.entB, "511725", "2026-511725-59-03-", qxClerk
		}
		n := newProject(ent, fmt.Sprintf("7%05d", i))
		n.Code, n.RegionCode, n.Name = code+fmt.Sprintf("7%05d", i), region, name
		out = append(out, f.mustRegister(t, clerk, n))
	}
	return out
}

// listIDs returns the ids List finds for query, all pages, as city staff.
func listIDs(t *testing.T, f *fixture, query string) []int64 {
	t.Helper()
	page, err := f.svc.List(as(supervisor), Filter{Query: query, Limit: MaxLimit})
	if err != nil {
		t.Fatalf("List(%q): %v", query, err)
	}
	if page.Total != len(page.Items) {
		t.Fatalf("List(%q): total %d, %d items", query, page.Total, len(page.Items))
	}
	var ids []int64
	for _, p := range page.Items {
		ids = append(ids, p.ID)
	}
	slices.Sort(ids)
	return ids
}

// likeIDs is the plain LIKE scan the project search was before the index.
func likeIDs(t *testing.T, f *fixture, query string) []int64 {
	t.Helper()
	pat := "%" + likeEscaper.Replace(strings.ToLower(strings.TrimSpace(query))) + "%"
	rows, err := f.db.Query(`SELECT id FROM projects WHERE LOWER(name) LIKE $1 ESCAPE '\'
		OR LOWER(code) LIKE $1 ESCAPE '\' OR LOWER(owner_name) LIKE $1 ESCAPE '\'
		OR LOWER(owner_credit_code) LIKE $1 ESCAPE '\' ORDER BY id`, pat)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

func TestGramSearchMatchesLikeScan(t *testing.T) {
	f := newFixture(t)
	registerGramProjects(t, f)
	defer func(v int) { listNarrowMax = v }(listNarrowMax)
	for _, narrowMax := range []int{listNarrowMax, 0} {
		listNarrowMax = narrowMax
		matched := 0
		for _, term := range gramTerms {
			got, want := listIDs(t, f, term), likeIDs(t, f, term)
			if !slices.Equal(got, want) {
				t.Errorf("page narrowed up to %d projects: search %q found %v, the LIKE scan %v",
					narrowMax, term, got, want)
			}
			if len(want) > 0 {
				matched++
			}
		}
		if matched < len(gramTerms)*2/3 {
			t.Fatalf("only %d of %d terms match anything: the comparison proves little", matched, len(gramTerms))
		}
	}
}

func TestGramSearchReadsTheIndex(t *testing.T) {
	f := newFixture(t)
	prs := registerGramProjects(t, f)
	// Grams removed behind the package's back: the search must miss the
	// project, which shows that it is narrowed by the index.
	if _, err := f.db.Exec(`DELETE FROM project_grams WHERE project_id = $1`, prs[0].ID); err != nil {
		t.Fatal(err)
	}
	if got := listIDs(t, f, "冷链"); len(got) != 0 {
		t.Fatalf("search 冷链 without grams found %v", got)
	}
	// A one-character term keeps the LIKE scan.
	if got := listIDs(t, f, "链"); !slices.Equal(got, []int64{prs[0].ID}) {
		t.Fatalf("search 链 = %v, want [%d]", got, prs[0].ID)
	}
	// RefreshGrams rebuilds them, as a bulk writer calls it for its rows.
	ctx := context.Background()
	if err := RefreshGrams(ctx, f.db, prs[0].ID, prs[len(prs)-1].ID); err != nil {
		t.Fatal(err)
	}
	if got := listIDs(t, f, "冷链"); !slices.Equal(got, []int64{prs[0].ID}) {
		t.Fatalf("search 冷链 after RefreshGrams = %v, want [%d]", got, prs[0].ID)
	}
}

func TestRenameReplacesGrams(t *testing.T) {
	f := newFixture(t)
	pr := f.mustRegister(t, tcClerk, newProject(f.entA, "700001"))
	name := "滨河冷库改建工程"
	if _, err := f.svc.Update(as(tcClerk), pr.ID, Update{Name: &name}); err != nil {
		t.Fatal(err)
	}
	var old, renamed int
	err := f.db.QueryRow(`SELECT COUNT(*) FROM project_grams WHERE project_id = $1 AND kind = 1
		AND gram IN ('测试', '仓储', '项目')`, pr.ID).Scan(&old)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.db.QueryRow(`SELECT COUNT(*) FROM project_renamed WHERE project_id = $1`, pr.ID).Scan(&renamed); err != nil {
		t.Fatal(err)
	}
	if old != 0 || renamed != 1 {
		t.Fatalf("after the rename: %d grams of the old name, renamed rows %d; want 0 and 1", old, renamed)
	}
	for term, want := range map[string]int{"测试仓储": 0, "仓储项目": 0, "冷库": 1, "滨河冷库改建": 1} {
		if got := listIDs(t, f, term); len(got) != want || !slices.Equal(got, likeIDs(t, f, term)) {
			t.Errorf("search %q after the rename = %v, want %d (the LIKE scan: %v)", term, got, want, likeIDs(t, f, term))
		}
	}
}

func TestBigrams(t *testing.T) {
	for s, want := range map[string]string{"": "", "东": "", "东东东": "东东", "东东东东": "东东",
		"abab": "ab ba", "冷库a": "冷库 库a", "ａｂ": "ａｂ"} {
		if got := strings.Join(bigrams(s), " "); got != want {
			t.Errorf("bigrams(%q) = %q, want %q", s, got, want)
		}
	}
}

// An enterprise user's search stays within its own projects.
func TestGramSearchKeepsTheScope(t *testing.T) {
	f := newFixture(t)
	registerGramProjects(t, f)
	page, err := f.svc.List(as(applicant(f.entB, "511725")), Filter{Query: "仓储中心"})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 1 || page.Items[0].Name != "全角ＡＢＣ仓储中心" {
		t.Fatalf("entB's search 仓储中心 = %+v", page.Items)
	}
}

// TestTermCountsCommonBigramsTogether: a term whose bigrams are each in
// more than TermCountCap projects but together in none counts none, so
// that the searches narrow it instead of reading every row to find nothing;
// together in all of them it still counts "more than the cap".
func TestTermCountsCommonBigramsTogether(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	var region, first int64
	if err := f.db.QueryRow(`SELECT id FROM regions WHERE code = '511702'`).Scan(&region); err != nil {
		t.Fatal(err)
	}
	if err := f.db.QueryRow(`SELECT COALESCE(MAX(id), 0) + 1 FROM projects`).Scan(&first); err != nil {
		t.Fatal(err)
	}
	n := 2 * (TermCountCap + 1) // half 工业厂区, half 农业园区
	if _, err := f.db.ExecContext(ctx, `INSERT INTO projects (id, code, name, region_id, flow_type, owner_name,
		owner_credit_code, investment, created_at, updated_at)
		WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < $1)
		SELECT $2 + i, 'GRAM-' || CAST(i AS TEXT), CASE WHEN i % 2 = 0 THEN '工业厂区' ELSE '农业园区' END, $3, 4,
			'测试单位', '91511702MA6000000X', 0, $4, $4 FROM k`, n-1, first, region, sqldb.T(time.Now())); err != nil {
		t.Fatal(err)
	}
	if err := RefreshGrams(ctx, f.db, first, first+int64(n)-1); err != nil {
		t.Fatal(err)
	}
	for term, want := range map[string]int{"工业园": 0, "工业厂": TermCountCap + 1, "业园区": TermCountCap + 1} {
		got, err := NameTerm(ctx, f.db, term)
		if err != nil {
			t.Fatal(err)
		}
		if got.Projects != want {
			t.Errorf("NameTerm(%q).Projects = %d, want %d", term, got.Projects, want)
		}
	}
	if got := listIDs(t, f, "工业园"); len(got) != 0 {
		t.Fatalf("search 工业园 found %v", got)
	}
}
