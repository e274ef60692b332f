package faults

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// The outbox has three consumers, each marking what it took in the same
// transaction as its effect: the notice relay (outbox.noticed, then
// notifications), the exchange relay (outbox.published_at, then
// exchange_records with outbox_id) and the indicator refresh
// (indicator_seen, keyed by outbox id, so it cannot count one twice).

// applicantNoticeActions are the case events the applicant hears of
// (casework.applicantNotices): one notification each, no more, no less.
var applicantNoticeActions = []string{"accept", "not_receive", "refuse", "request_fix", "start_special",
	"end_special", "approve", "approve_deficit", "deny", "revoke"}

// departmentNoticeActions notify the departments with a task pending
// when the relay handles the event: at most once per department.
var departmentNoticeActions = []string{"dispatch", "supply_fix"}

// waitDrained polls until the notice relay and the exchange relay have
// taken every outbox row, or limit passes; it returns what still waits.
func waitDrained(ctx context.Context, db *sqldb.DB, limit time.Duration) (string, error) {
	return waitZero(ctx, db, limit, `SELECT (SELECT COUNT(*) FROM outbox WHERE noticed = 0),
		(SELECT COUNT(*) FROM outbox WHERE published_at IS NULL)`,
		"%d events not relayed as notices, %d not mapped for the exchange")
}

// waitLicensed polls until every approved case has its licence. A case
// approved just before the kill gets it from the "licence-issue" job, whose
// lease the killed server still holds for up to two minutes (2×Every).
func waitLicensed(ctx context.Context, db *sqldb.DB, limit time.Duration) (string, error) {
	return waitZero(ctx, db, limit, `SELECT COUNT(*) FROM cases c WHERE c.status IN (11, 12) AND `+notGenerated+`
		AND NOT EXISTS (SELECT 1 FROM licences l WHERE l.case_id = c.id)`, "%d approved cases without a licence")
}

// waitZero polls query (one row of counts) until every count is zero or
// limit passes; it then describes the counts with format.
func waitZero(ctx context.Context, db *sqldb.DB, limit time.Duration, query, format string) (string, error) {
	deadline := time.Now().Add(limit)
	n := strings.Count(format, "%d")
	for {
		counts := make([]any, n)
		ptrs := make([]any, n)
		for i := range counts {
			counts[i] = new(int)
			ptrs[i] = counts[i]
		}
		if err := db.QueryRowContext(ctx, query).Scan(ptrs...); err != nil {
			return "", err
		}
		sum := 0
		vals := make([]any, n)
		for i, c := range counts {
			sum += *c.(*int)
			vals[i] = *c.(*int)
		}
		if sum == 0 {
			return "", nil
		}
		if time.Now().After(deadline) {
			return fmt.Sprintf("after %s: "+format, append([]any{limit}, vals...)...), nil
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// checkDelivery: the drained outbox was delivered exactly once. Each
// event the applicant hears of became exactly one notification to the
// applicant (none lost, none twice); department notices at most one per
// department and event; no case has two licences, and with strictLicences
// every approved case has one; and the
// exchange never mapped one change twice (consecutive revisions of one
// SPGL record always differ).
func checkDelivery(ctx context.Context, db *sqldb.DB, s *snapshot, strictLicences bool, p *problems) error {
	for _, c := range s.cases {
		if c.applicant != 0 {
			for _, a := range applicantNoticeActions {
				if got, want := c.noticeUser["case."+a], c.outbox[a]; got != want {
					p.add("applicant notices", "case %d: %d %q events, %d notifications", c.id, want, a, got)
				}
			}
		}
		for _, a := range departmentNoticeActions {
			if got, events := c.noticeOr["case."+a], c.outbox[a]; got > events {
				p.add("department notices", "case %d: %d %q events, a department got %d notifications", c.id, events, a, got)
			}
		}
		if s.licence[c.id] > 1 || (strictLicences && (c.status == 11 || c.status == 12) && s.licence[c.id] != 1) {
			p.add("licences", "case %d in %d has %d licences", c.id, c.status, s.licence[c.id])
		}
	}
	return checkExchange(ctx, db, p)
}

func checkExchange(ctx context.Context, db *sqldb.DB, p *problems) error {
	rows, err := db.QueryContext(ctx, `SELECT table_name, dfsjzj, revision, digest FROM exchange_records
		ORDER BY table_name, dfsjzj, revision`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var lastKey, lastDigest string
	var lastRev int
	for rows.Next() {
		var table, key, digest string
		var rev int
		if err := rows.Scan(&table, &key, &rev, &digest); err != nil {
			return err
		}
		k := table + "/" + key
		if k == lastKey && (digest == lastDigest || rev != lastRev+1) {
			p.add("exchange duplicate", "%s revision %d repeats revision %d (or skips)", k, rev, lastRev)
		}
		lastKey, lastDigest, lastRev = k, digest, rev
	}
	return rows.Err()
}

// receiverFigures reads the reference receiver's inbox: records stored and
// deliveries (a delivery beyond the first is a re-send the receiver
// de-duplicated by message key).
func receiverFigures(ctx context.Context, db *sqldb.DB) (stored, deliveries int, err error) {
	var d sql.NullInt64
	err = db.QueryRowContext(ctx, `SELECT COUNT(*), SUM(deliveries) FROM spgl_inbox`).Scan(&stored, &d)
	return stored, int(d.Int64), err
}
