package history

import (
	"context"
	"crypto/sha256"

	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// digest hashes every row of the generator's tables (and the batch's
// ranges) that lies in batch, in id order.
func digest(t *testing.T, db *sqldb.DB, batch int64) string {
	t.Helper()
	h := sha256.New()
	for i, table := range tableNames {
		q := `SELECT ` + strings.Join(tableCols[i], ", ") + ` FROM ` + table + ` WHERE ` +
			strings.Replace(GeneratedSQL(table, table+".id"), "WHERE ", fmt.Sprintf("WHERE g.batch_id = %d AND ", batch), 1) +
			` ORDER BY id`
		rows, err := db.QueryContext(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		vals := make([]any, len(tableCols[i]))
		ptrs := make([]any, len(vals))
		for j := range vals {
			ptrs[j] = &vals[j]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				if b, ok := v.([]byte); ok {
					v = string(b)
				}
				fmt.Fprintf(h, "%v|", v)
			}
			h.Write([]byte{'\n'})
		}
		rows.Close()
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestGenerate_Deterministic(t *testing.T) {
	ctx := context.Background()
	var sums []Summary
	var digests []string
	for _, seed := range []uint64{7, 7, 8} {
		s, db := newService(t)
		p := smallParams()
		p.Seed = seed
		sum, err := s.Generate(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		sums, digests = append(sums, sum), append(digests, digest(t, db, sum.Batch))
	}
	if digests[0] != digests[1] || fmt.Sprint(sums[0]) != fmt.Sprint(sums[1]) {
		t.Errorf("same seed, different rows: %s %s\n%+v\n%+v", digests[0], digests[1], sums[0], sums[1])
	}
	if digests[0] == digests[2] {
		t.Error("a different seed gave the same rows")
	}
	if sums[0].Cases < 900 || sums[0].Cases > 1400 {
		t.Errorf("cases = %d, want about 1,100 (200 a month for 5.6 months)", sums[0].Cases)
	}
}

// replay is the BLZT replay of one case's steps.
type replay struct {
	prev     casework.Status
	accepted bool
	n        int
	problem  string
}

func (r *replay) step(action string, from, to int) {
	r.n++
	if r.problem != "" {
		return
	}
	switch {
	case casework.Status(from) != r.prev:
		r.problem = fmt.Sprintf("step %d %s starts at %d, previous ended at %d", r.n, action, from, r.prev)
	case action == "receive":
		if r.n != 1 || from != 0 || to != 1 {
			r.problem = "receive is not the first step 0 → 1"
		}
	case casework.Action(action).Label() != action:
		next, err := casework.Next(casework.Status(from), r.accepted, casework.Action(action))
		if err != nil || int(next) != to {
			r.problem = fmt.Sprintf("step %d %s %d → %d is illegal", r.n, action, from, to)
		}
		r.accepted = r.accepted || action == string(casework.ActAccept)
	case from != to:
		r.problem = fmt.Sprintf("note %s changes the status %d → %d", action, from, to)
	}
	r.prev = casework.Status(to)
}

func TestGenerate_LegalHistories(t *testing.T) {
	s, db := newService(t)
	p := smallParams()
	p.Plant = []Anomaly{{Region: "511725", Kind: AnomalyOverdue, Workdays: 10, Share: 0.6}}
	if _, err := s.Generate(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	rows, err := db.QueryContext(context.Background(), `SELECT c.id, c.status, s.action, s.from_status, s.to_status,
		s.occurred_at, COALESCE(c.concluded_at, s.occurred_at)
		FROM cases c JOIN case_steps s ON s.case_id = c.id ORDER BY c.id, s.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var cur int64
	var status int
	var r *replay
	var last sqldb.Time
	check := func() {
		if r != nil && (r.problem != "" || int(r.prev) != status) {
			t.Errorf("case %d (status %d): %s, replay ends at %d", cur, status, r.problem, r.prev)
		}
	}
	for rows.Next() {
		var id int64
		var st, from, to int
		var action string
		var at, concluded sqldb.Time
		if err := rows.Scan(&id, &st, &action, &from, &to, &at, &concluded); err != nil {
			t.Fatal(err)
		}
		if id != cur {
			check()
			cur, status, r, last = id, st, &replay{}, at
		}
		if at.Before(last.Time) || at.After(concluded.Time) {
			t.Errorf("case %d: step %s at %v is out of order or after the conclusion %v", id, action, at, concluded)
		}
		last = at
		r.step(action, from, to)
	}
	check()
	assertCount(t, db, "cases without steps", `SELECT COUNT(*) FROM cases c WHERE NOT EXISTS
		(SELECT 1 FROM case_steps s WHERE s.case_id = c.id)`, 0)
	assertCount(t, db, "concluded without acceptance", `SELECT COUNT(*) FROM cases WHERE status IN (11, 12, 13)
		AND (accepted_at IS NULL OR concluded_at IS NULL OR accepted_at > concluded_at)`, 0)
	assertCount(t, db, "limits differing from the catalog", `SELECT COUNT(*) FROM cases c WHERE c.limit_days <>
		(SELECT CASE WHEN r.promised_days > 0 THEN r.promised_days ELSE r.statutory_days END
		 FROM catalog_stages st JOIN catalog_stage_items si ON si.stage_id = st.id
		 JOIN catalog_items i ON i.id = si.item_id
		 JOIN catalog_item_revisions r ON r.item_id = i.id AND r.revision = COALESCE(si.item_revision, i.revision)
		 WHERE st.flow_id = c.flow_id AND st.no = c.stage_no AND i.code = c.item_code)`, 0)
	assertCount(t, db, "open pauses of closed cases", `SELECT COUNT(*) FROM case_pauses p JOIN cases c ON c.id = p.case_id
		WHERE p.ended_at IS NULL AND c.status NOT IN (1, 6, 9)`, 0)
	assertCount(t, db, "pending tasks of concluded cases", `SELECT COUNT(*) FROM case_tasks k JOIN cases c ON c.id = k.case_id
		WHERE k.status = 'pending' AND c.concluded_at IS NOT NULL`, 0)
	assertCount(t, db, "outbox rows", `SELECT COUNT(*) FROM outbox`, 0)
}

func assertCount(t *testing.T, db *sqldb.DB, what, q string, want int) {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if n != want {
		t.Errorf("%s: %d, want %d", what, n, want)
	}
}

func TestDelete_RemovesExactlyTheBatch(t *testing.T) {
	ctx := context.Background()
	s, db := newService(t)
	first, err := s.Generate(ctx, smallParams())
	if err != nil {
		t.Fatal(err)
	}
	p := smallParams()
	p.Seed, p.Regions = 99, []string{"511725", "511781"}
	second, err := s.Generate(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	before := digest(t, db, second.Batch)
	var total int
	_ = db.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases`).Scan(&total)
	if total != first.Cases+second.Cases {
		t.Fatalf("cases = %d, want %d + %d", total, first.Cases, second.Cases)
	}
	deleted, err := s.Delete(ctx, first.Batch)
	if err != nil {
		t.Fatal(err)
	}
	if deleted["cases"] != int64(first.Cases) || deleted["case_steps"] != int64(first.Steps) ||
		deleted["projects"] != int64(first.Projects) || deleted["case_pauses"] != int64(first.Pauses) {
		t.Errorf("deleted %v, batch had %+v", deleted, first)
	}
	assertCount(t, db, "cases left", `SELECT COUNT(*) FROM cases`, second.Cases)
	assertCount(t, db, "steps left", `SELECT COUNT(*) FROM case_steps`, second.Steps)
	assertCount(t, db, "projects left", `SELECT COUNT(*) FROM projects`, second.Projects)
	if after := digest(t, db, second.Batch); after != before {
		t.Error("deleting the first batch changed the second")
	}
	if _, err := s.Delete(ctx, first.Batch); !errs.Is(err, errs.NotFound) {
		t.Errorf("deleting it again: %v, want NotFound", err)
	}
	batches, err := s.Batches(ctx)
	if err != nil || len(batches) != 1 || batches[0].ID != second.Batch || batches[0].Status != "complete" {
		t.Errorf("batches = %+v, %v", batches, err)
	}
	assertCount(t, db, "audit events", `SELECT COUNT(*) FROM audit_events WHERE action LIKE 'history.%'`, 3)
}

func TestParams_Invalid(t *testing.T) {
	ok := smallParams()
	for name, mutate := range map[string]func(p *Params){
		"no period":       func(p *Params) { p.From = Month{} },
		"reversed period": func(p *Params) { p.From, p.To = p.To, p.From },
		"unknown region":  func(p *Params) { p.Regions = []string{"110101"} },
		"no volume":       func(p *Params) { p.CasesPerMonth = 0 },
		"bad anomaly":     func(p *Params) { p.Plant = []Anomaly{{Region: "511725", Kind: "fire", Workdays: 5}} },
		"long window":     func(p *Params) { p.Plant = []Anomaly{{Region: "511725", Kind: AnomalySilence, Workdays: 61}} },
	} {
		p := ok
		mutate(&p)
		if _, err := p.normalise(); !errs.Is(err, errs.Invalid) {
			t.Errorf("%s: err = %v, want Invalid", name, err)
		}
	}
	if p, err := ok.normalise(); err != nil || len(p.Regions) != 10 || p.Total != 1200 {
		t.Errorf("defaults: %+v, %v", p, err)
	}
}

func TestSeedDemo_OnceAndLabelled(t *testing.T) {
	ctx := context.Background()
	s, db := newService(t)
	sum, ran, err := s.SeedDemo(ctx, fixedNow)
	if err != nil || !ran {
		t.Fatalf("SeedDemo: %v, ran %v", err, ran)
	}
	if sum.Cases < 5000 || sum.Cases > 7500 {
		t.Errorf("demo cases = %d, want about 6,000", sum.Cases)
	}
	if _, ran, err := s.SeedDemo(ctx, fixedNow); err != nil || ran {
		t.Errorf("second SeedDemo: ran %v, %v", ran, err)
	}
	assertCount(t, db, "unlabelled projects", `SELECT COUNT(*) FROM projects WHERE name NOT LIKE '%演示数据%'
		OR owner_name NOT LIKE '%演示数据%'`, 0)
	assertCount(t, db, "cases not recognised as generated", `SELECT COUNT(*) FROM cases c WHERE NOT `+
		GeneratedSQL("cases", "c.id"), 0)
	assertCount(t, db, "steps received on or after AsOf", `SELECT COUNT(*) FROM cases WHERE received_at >= '`+
		fixedNow.Format("2006-01-02")+`'`, 0)
	batches, _ := s.Batches(ctx)
	var p Params
	if len(batches) != 1 || json.Unmarshal([]byte(batches[0].Params), &p) != nil || p.From != (Month{2024, time.October}) {
		t.Errorf("stored params %+v", batches)
	}
}

// TestGenerate_AnalyzesOnPostgres: after a load the planner knows the
// cases and the project names' bigrams are there (pg_class.reltuples is
// set by ANALYZE; -1 before), and the bigrams were vacuumed, which marks
// their pages all-visible so that reading them from their index alone
// needs no visit to the table.
func TestGenerate_AnalyzesOnPostgres(t *testing.T) {
	if !testkit.IsPostgres() {
		t.Skip("planner statistics are PostgreSQL's")
	}
	ctx := context.Background()
	s, db := newService(t)
	sum, err := s.Generate(ctx, smallParams())
	if err != nil {
		t.Fatal(err)
	}
	var tuples float64
	if err := db.QueryRowContext(ctx, `SELECT reltuples FROM pg_class WHERE oid = 'cases'::regclass`).Scan(&tuples); err != nil {
		t.Fatal(err)
	}
	if int(tuples) != sum.Cases {
		t.Errorf("planner sees %v cases, %d were written", tuples, sum.Cases)
	}
	// Whether VACUUM can mark the new pages all-visible depends on the
	// other transactions open in the database at the time (the tests of
	// other packages, in CI), so the test checks that it ran.
	var grams float64
	var vacuumed bool
	if err := db.QueryRowContext(ctx, `SELECT c.reltuples, s.last_vacuum IS NOT NULL FROM pg_class c
		JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.oid = 'project_grams'::regclass`).Scan(&grams, &vacuumed); err != nil {
		t.Fatal(err)
	}
	if grams <= 0 || !vacuumed {
		t.Errorf("project_grams: planner sees %v rows; vacuumed: %v", grams, vacuumed)
	}
}

// TestGenerate_RestoresConnection: the writer's bulk-load settings (a
// large page cache, no foreign-key check) do not stay on the pooled
// connection the server uses afterwards, and the rows written without the
// check pass it.
func TestGenerate_RestoresConnection(t *testing.T) {
	if testkit.IsPostgres() {
		t.Skip("the settings are SQLite's")
	}
	ctx := context.Background()
	s, db := newService(t)
	db.SetMaxOpenConns(1) // the run's connection is the only one
	settings := func() []string {
		var out []string
		for _, p := range writerPragmas {
			var v string
			if err := db.QueryRowContext(ctx, "PRAGMA "+p[0]).Scan(&v); err != nil {
				t.Fatal(err)
			}
			out = append(out, p[0]+"="+v)
		}
		return out
	}
	before := settings()
	if _, err := s.Generate(ctx, smallParams()); err != nil {
		t.Fatal(err)
	}
	if after := settings(); !slices.Equal(after, before) {
		t.Errorf("after Generate %v, before %v", after, before)
	}
	rows, err := db.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if rows.Next() {
		t.Error("generated rows fail the foreign-key check")
	}
}

// TestWriter_RefusesMissingReferences: a chunk whose org units are gone
// (deleted after the run read them) is refused in its transaction.
func TestWriter_RefusesMissingReferences(t *testing.T) {
	if testkit.IsPostgres() {
		t.Skip("PostgreSQL checks the foreign keys itself; the writer's own check is SQLite's")
	}
	ctx := context.Background()
	s, db := newService(t)
	g, err := s.prepare(ctx, smallParams())
	if err != nil {
		t.Fatal(err)
	}
	wr, err := newWriter(ctx, db, 1, g.w)
	if err != nil {
		t.Fatal(err)
	}
	defer wr.close()
	if err := wr.write(ctx, newChunk()); err != nil {
		t.Fatalf("chunk with existing references: %v", err)
	}
	wr.units = append(wr.units, 1<<40)
	if err := wr.write(ctx, newChunk()); !errs.Is(err, errs.Conflict) {
		t.Errorf("chunk pointing at a missing org unit: %v, want Conflict", err)
	}
}
