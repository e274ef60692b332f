package app

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/config"
	"github.com/dazhou-gongai/gongai/internal/history"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// TestGeneratedHistoryStaysInside: the demo history (seeded with the demo
// data) fills the indicators, but gets no licences, is not reported
// upward and is not judged for its missing licences.
func TestGeneratedHistoryStaysInside(t *testing.T) {
	cfg, err := config.Parse("serve", []string{"-data-dir", t.TempDir()}, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	sys, err := New(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sys.Close()
	var generated int
	if err := sys.DB.QueryRow(`SELECT COUNT(*) FROM cases c WHERE c.status IN (11, 12)`).Scan(&generated); err != nil || generated < 1000 {
		t.Fatalf("the demo history has %d approvals, %v", generated, err)
	}
	if n, err := sys.Licences.IssuePending(ctx); err != nil || n != 0 {
		t.Fatalf("licences issued for generated approvals: %d %v", n, err)
	}
	run, err := sys.Quality.RunAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range run.Results {
		if r.RuleCode == "case_result_document" && r.Failed != 0 {
			t.Fatalf("generated approvals judged for their licences: %+v", r)
		}
	}
	// an engine event about a generated case (as the deadline scan would
	// write when one turns red) is consumed but not reported upward
	var number string
	if err := sys.DB.QueryRow(`SELECT MIN(c.number) FROM cases c WHERE ` + history.GeneratedSQL("cases", "c.id")).Scan(&number); err != nil {
		t.Fatal(err)
	}
	if _, err := sys.DB.Exec(`INSERT INTO outbox (subject, payload, created_at) VALUES ('gongai.case.warn_red', $1, $2)`,
		`{"action":"warn_red","case_number":"`+number+`","status":8}`, sqldb.T(sys.Now())); err != nil {
		t.Fatal(err)
	}
	for range 50 { // the relay works in batches
		if n, err := sys.Exchange.Enqueue(ctx); err != nil || n == 0 {
			break
		}
	}
	var queued, pending int
	err = sys.DB.QueryRow(`SELECT (SELECT COUNT(*) FROM exchange_records WHERE fields LIKE $1),
		(SELECT COUNT(*) FROM outbox WHERE published_at IS NULL)`, "%"+number+"%").Scan(&queued, &pending)
	if err != nil || queued != 0 || pending != 0 {
		t.Fatalf("generated case %s: %d records queued for the province, %d events left, %v", number, queued, pending, err)
	}
	if err := sys.Indicators.Recompute(ctx); err != nil {
		t.Fatal(err)
	}
	var values int
	if err := sys.DB.QueryRow(`SELECT COUNT(*) FROM indicator_values`).Scan(&values); err != nil || values == 0 {
		t.Fatalf("the history feeds no indicator values: %d %v", values, err)
	}
}
