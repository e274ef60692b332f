package project

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// The bigram index of project names and owner names (table project_grams,
// migration 00199). A substring search for a term of two or more
// characters reads the projects holding every bigram of the term, then
// checks its LIKE on those rows only, so its results are exactly the
// LIKE's. Rows and terms are lowered by the database's own lower(), the
// one its LIKE comparisons use (SQLite: ASCII only; PostgreSQL: by
// locale), so a row the LIKE matches always holds the term's bigrams.
// Every write of projects.name or projects.owner_name must refresh the
// project's grams in the same transaction (RefreshGrams).

// Gram kinds: which column a gram comes from.
const (
	gramName  = 1
	gramOwner = 2
)

// refreshGramsSQL writes the distinct bigrams of the lowered name and owner
// name of the projects with ids $1..$2. Positions run up to the longest
// name plus owner name in the range, so that one bound serves both.
const refreshGramsSQL = `INSERT INTO project_grams (kind, gram, project_id)
WITH RECURSIVE pos(i) AS (
	SELECT 1 UNION ALL SELECT i + 1 FROM pos WHERE i < (SELECT MAX(length(lower(name)) + length(lower(owner_name)))
		FROM projects WHERE id BETWEEN $1 AND $2))
SELECT 1, substr(lower(p.name), pos.i, 2), p.id FROM projects p JOIN pos ON pos.i < length(lower(p.name))
	WHERE p.id BETWEEN $1 AND $2
UNION
SELECT 2, substr(lower(p.owner_name), pos.i, 2), p.id FROM projects p JOIN pos ON pos.i < length(lower(p.owner_name))
	WHERE p.id BETWEEN $1 AND $2`

// RefreshGrams rebuilds the name and owner-name bigrams of the projects
// with ids from first to last (inclusive), in q's transaction. It is for
// every writer of projects rows: this package's insert and update, and a
// bulk generator after it inserts a batch of projects.
func RefreshGrams(ctx context.Context, q sqldb.Querier, first, last int64) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM project_grams WHERE project_id BETWEEN $1 AND $2`,
		first, last); err != nil {
		return sqldb.Translate(err)
	}
	_, err := q.ExecContext(ctx, refreshGramsSQL, first, last)
	return sqldb.Translate(err)
}

// markRenamed records that project id's name changed: cases submitted
// before keep the old name, which CaseNameCondition must still find.
func markRenamed(ctx context.Context, q sqldb.Querier, id int64) error {
	_, err := q.ExecContext(ctx, `INSERT INTO project_renamed (project_id) VALUES ($1)
		ON CONFLICT (project_id) DO NOTHING`, id)
	return sqldb.Translate(err)
}

// A Term is a search term prepared for the gram index: its distinct
// bigrams as the database lowers it, the rarest first. The zero Term (a
// term of fewer than two characters) cannot narrow a search: the caller
// keeps its LIKE scan.
type Term struct {
	grams []string
	kinds string // gram kinds searched: "1" or "1, 2"
	// Projects is how many projects hold the rarest bigram, or all the
	// bigrams when the rarest is in more than TermCountCap, counted up to
	// TermCountCap+1: an upper bound of the projects the term can match.
	Projects int
}

// TermCountCap bounds the counting of a bigram's projects in a Term.
const TermCountCap = 10_000

// NameTerm prepares term for a search of project names.
func NameTerm(ctx context.Context, q sqldb.Querier, term string) (Term, error) {
	return prepareTerm(ctx, q, term, strconv.Itoa(gramName))
}

// prepareTerm lowers term in the database, splits it into bigrams and
// counts each one's projects (in kinds) up to TermCountCap+1, a probe of the
// primary key per bigram, so that the rarest leads the intersection.
func prepareTerm(ctx context.Context, q sqldb.Querier, term, kinds string) (Term, error) {
	if len([]rune(term)) < 2 {
		return Term{}, nil
	}
	var lowered string
	if err := q.QueryRowContext(ctx, `SELECT lower(CAST($1 AS TEXT))`, term).Scan(&lowered); err != nil {
		return Term{}, sqldb.Translate(err)
	}
	t := Term{grams: bigrams(lowered), kinds: kinds, Projects: TermCountCap + 1}
	if len(t.grams) == 0 {
		return t, nil
	}
	// every bigram's capped count in one statement: a round trip each
	// would multiply a search's trips on PostgreSQL
	parts, args := make([]string, len(t.grams)), make([]any, len(t.grams))
	n := make([]int, len(t.grams))
	dest := make([]any, len(t.grams))
	for i, g := range t.grams {
		parts[i] = `(SELECT COUNT(*) FROM (SELECT 1 FROM project_grams WHERE kind IN (` + kinds + `) AND gram = $` +
			strconv.Itoa(i+1) + ` LIMIT ` + strconv.Itoa(TermCountCap+1) + `) x` + strconv.Itoa(i) + `)`
		args[i], dest[i] = g, &n[i]
	}
	if err := q.QueryRowContext(ctx, `SELECT `+strings.Join(parts, ", "), args...).Scan(dest...); err != nil {
		return Term{}, sqldb.Translate(err)
	}
	counts := map[string]int{}
	for i, g := range t.grams {
		counts[g] = n[i]
		t.Projects = min(t.Projects, n[i])
	}
	slices.SortStableFunc(t.grams, func(a, b string) int { return counts[a] - counts[b] })
	if t.Projects > TermCountCap && len(t.grams) > 1 {
		return t, t.countTogether(ctx, q)
	}
	return t, nil
}

// countTogether sets t.Projects to the projects holding all of t's bigrams,
// counted up to TermCountCap+1. For a term whose bigrams are each common
// but rare together (工业园: 工业 and 业园 are in thousands of names, 工业园
// in none) the rarest bigram's count said "too many to narrow", and the
// searches read their whole register to find nothing: 242–310 ms for the
// public register at a million cases.
func (t *Term) countTogether(ctx context.Context, q sqldb.Querier) error {
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM (`+t.candidatesSQL(arg)+` LIMIT `+
		strconv.Itoa(TermCountCap+1)+`) x`, args...).Scan(&t.Projects)
	return sqldb.Translate(err)
}

// Indexed reports whether the term can narrow a search (two or more
// characters).
func (t Term) Indexed() bool { return len(t.grams) > 0 }

// bigrams returns the distinct two-character substrings of s in order.
func bigrams(s string) []string {
	rs := []rune(s)
	seen := map[string]bool{}
	var out []string
	for i := 0; i+1 < len(rs); i++ {
		g := string(rs[i : i+2])
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	return out
}

// candidatesSQL is a SELECT of the ids of the projects that hold every
// bigram of t in one column of its kinds: the rarest bigram's postings,
// each probed for the others by primary key. arg appends an argument and
// returns its placeholder.
func (t Term) candidatesSQL(arg func(any) string) string {
	var b strings.Builder
	b.WriteString(`SELECT g0.project_id FROM project_grams g0 WHERE g0.kind IN (` + t.kinds + `) AND g0.gram = ` +
		arg(t.grams[0]))
	for _, g := range t.grams[1:] {
		b.WriteString(` AND EXISTS (SELECT 1 FROM project_grams g1 WHERE g1.kind = g0.kind AND g1.gram = ` +
			arg(g) + ` AND g1.project_id = g0.project_id)`)
	}
	return b.String()
}

// in is the condition that column is one of the ids sub selects. On
// PostgreSQL it is written = ANY(ARRAY(…)): an IN let the planner scan
// every project and probe the grams for each (466 ms at 116,000 projects,
// where the ids first took 0.5 ms), as it takes the LIKE for selective.
func in(d sqldb.Dialect, column, sub string) string {
	if d == sqldb.Postgres {
		return column + ` = ANY(ARRAY(` + sub + `))`
	}
	return column + ` IN (` + sub + `)`
}

// CaseNameCondition is the condition that column (a cases.project_id) is
// the id of a project whose cases may carry a project name
// (cases.project_name, the name when the case was submitted) containing t
// (a NameTerm that is Indexed): a project whose name holds every bigram,
// or any project ever renamed. It narrows a LIKE on cases.project_name,
// which must still be applied. arg appends an argument and returns its
// placeholder.
func (t Term) CaseNameCondition(d sqldb.Dialect, column string, arg func(any) string) string {
	return in(d, column, t.candidatesSQL(arg)+` UNION SELECT project_id FROM project_renamed`)
}
