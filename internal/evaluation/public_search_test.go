package evaluation

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/project"
)

// searchNames are project names for the register's search: ASCII in both
// cases, mixed scripts, full-width letters, repeated characters, wildcards.
var searchNames = []string{
	"达州冷链物流冷库项目", "ASCII Cold Store", "cold STORAGE 冷库", "全角ＡＢＣ仓储中心", "半角ABC仓储中心",
	"东东东商业综合体", "东东广场", "渠县100%保障房", "通川区_测试_道路", "学校改造工程",
}

// searchTerms: one, two, three and more characters, case and width
// variants, wildcards, and terms that match nothing.
var searchTerms = []string{
	"冷", "冷库", "冷链冷库", "物流冷库项目", "cold", "COLD", "Cold Store", "ab", "AB", "ＡＢ", "ＡＢＣ仓",
	"东东", "东东东", "东东东东", "学校", "100%", "0%保", "_测", "%", "仓储中心", "旧名", "旧名称仓库", "没有的词",
}

// addNamedProjects adds a project per name, copied from project id, by
// direct inserts as the history generator does, then builds their grams
// with project.RefreshGrams; each gets a concluded case cloned from caseID
// with its name. It returns the new projects' ids.
func addNamedProjects(t *testing.T, e *env, projectID, caseID int64, names []string) []int64 {
	t.Helper()
	ctx := context.Background()
	var ids []int64
	for i, name := range names {
		var id int64
		err := e.db.QueryRow(`INSERT INTO projects (code, name, region_id, flow_type, owner_name, owner_credit_code,
			investment, address, stage, created_at, updated_at) SELECT $2, $3, region_id, flow_type, owner_name,
			owner_credit_code, investment, address, stage, created_at, updated_at FROM projects WHERE id = $1
			RETURNING id`, projectID, fmt.Sprintf("2026-511702-59-03-7%05d", i), name).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
		cloneCaseAs(t, e, caseID, id, name, fmt.Sprintf("-%d", i))
	}
	if err := project.RefreshGrams(ctx, e.db, ids[0], ids[len(ids)-1]); err != nil {
		t.Fatal(err)
	}
	return ids
}

// cloneCaseAs copies case id as a case of project projectID named name,
// numbered with suffix.
func cloneCaseAs(t *testing.T, e *env, id, projectID int64, name, suffix string) {
	t.Helper()
	ins, sel := caseCopyColumns(t, e, map[string]string{"number": "c.number || $2", "project_id": "$3", "project_name": "$4"})
	_, err := e.db.Exec(`INSERT INTO cases (`+ins+`) SELECT `+sel+` FROM cases c WHERE c.id = $1`, id, suffix, projectID, name)
	if err != nil {
		t.Fatal(err)
	}
}

// registerNumbers returns the numbers of the register's search for term.
func registerNumbers(t *testing.T, e *env, term string) []string {
	t.Helper()
	rs, total, err := e.ev.Results(context.Background(), ResultFilter{Query: term, Limit: 100})
	if err != nil {
		t.Fatalf("Results(%q): %v", term, err)
	}
	if total != len(rs) {
		t.Fatalf("Results(%q): total %d, %d rows", term, total, len(rs))
	}
	var out []string
	for _, r := range rs {
		out = append(out, r.CaseNumber)
	}
	slices.Sort(out)
	return out
}

// likeNumbers is the plain LIKE scan the register's search was.
func likeNumbers(t *testing.T, e *env, term string) []string {
	t.Helper()
	rows, err := e.db.Query(`SELECT c.number FROM cases c WHERE `+concludedOnly+
		` AND c.project_name LIKE $1 ESCAPE '\' ORDER BY c.number`, likePattern(strings.TrimSpace(term)))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

// TestRegisterSearchMatchesLikeScan: the bigram-narrowed search finds the
// cases a LIKE scan finds, on both page paths, including the cases of a
// renamed project, which keep the name they were submitted under.
func TestRegisterSearchMatchesLikeScan(t *testing.T) {
	e := newEnv(t)
	c := e.concludedCase(t, "qiye", "p1", true)
	ids := addNamedProjects(t, e, c.ProjectID, c.ID, append(slices.Clone(searchNames), "旧名称仓库"))
	renamed := ids[len(ids)-1]
	name := "新名称仓库"
	if _, err := e.projs.Update(e.as(t, "chuangkou"), renamed, project.Update{Name: &name}); err != nil {
		t.Fatalf("rename: %v", err)
	}
	cloneCaseAs(t, e, c.ID, renamed, name, "-new")
	defer func(n, w int) { pageNarrowMax, pageWalkMin = n, w }(pageNarrowMax, pageWalkMin)
	// as configured; the walk of the register; the candidates' cases
	// because the matches are few
	for _, path := range [][2]int{{pageNarrowMax, pageWalkMin}, {0, 0}, {0, pageWalkMin}} {
		pageNarrowMax, pageWalkMin = path[0], path[1]
		matched := 0
		for _, term := range searchTerms {
			got, want := registerNumbers(t, e, term), likeNumbers(t, e, term)
			if !slices.Equal(got, want) {
				t.Errorf("page narrowed up to %d projects or %d matches: search %q found %v, the LIKE scan %v",
					path[0], path[1], term, got, want)
			}
			if len(want) > 0 {
				matched++
			}
		}
		if matched < len(searchTerms)*2/3 {
			t.Fatalf("only %d of %d terms match: the comparison proves little", matched, len(searchTerms))
		}
	}
	if got := registerNumbers(t, e, "旧名称仓库"); len(got) != 1 {
		t.Errorf("the case submitted under the old name: found %v", got)
	}
}

// TestRegisterSearchReadsTheIndex: without its project's grams a case is
// not found by a term of two characters, so the search is narrowed by them.
func TestRegisterSearchReadsTheIndex(t *testing.T) {
	e := newEnv(t)
	c := e.concludedCase(t, "qiye", "p1", true)
	ids := addNamedProjects(t, e, c.ProjectID, c.ID, searchNames[:2])
	if got := registerNumbers(t, e, "冷链"); len(got) != 1 {
		t.Fatalf("search 冷链 = %v, want one case", got)
	}
	if _, err := e.db.Exec(`DELETE FROM project_grams WHERE project_id = $1`, ids[0]); err != nil {
		t.Fatal(err)
	}
	if got := registerNumbers(t, e, "冷链"); len(got) != 0 {
		t.Fatalf("search 冷链 without grams = %v", got)
	}
}
