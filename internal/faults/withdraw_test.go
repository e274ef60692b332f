package faults

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"
)

// TestWithdrawnCaseReachesUpperSystem withdraws a case before acceptance
// (撤件, BLZT 2) and expects its SPGL instance record to reach the
// reference receiver like any other. It once did not: BJSJ was sent for
// every end, the receiver refused the record (SJSCZT -1) and, records of
// one project going out strictly in order, every later record of the
// project was held behind it.
func TestWithdrawnCaseReachesUpperSystem(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	rcv := startReceiver(t)
	st := newSQLiteStore(t)
	srv := startServer(t, st, "", rcv.serverEnv()...)
	k := newOutageKit(ctx, t, srv)
	var after caseView
	status, raw, err := k.qiye.api(ctx, "POST", fmt.Sprintf("/api/v1/cases/%d/withdraw", k.caseID),
		map[string]any{"version": k.caseVersion, "reason": "故障测试撤件"}, &after)
	if err != nil || status != http.StatusOK || after.Status != 2 {
		t.Fatalf("withdraw: %d %v %s", status, err, raw)
	}
	db := st.open(t)
	state, reason := 0, ""
	for deadline := time.Now().Add(time.Minute); state != 3 && state != -1; time.Sleep(500 * time.Millisecond) {
		// the revision of the case's instance record that reports BLZT 2
		err = db.QueryRowContext(ctx, `SELECT r.sjsczt, r.sbyy FROM exchange_records r JOIN cases c
			ON r.dfsjzj = c.number WHERE c.id = $1 AND r.table_name = 'SPGL_XMSPSXBLXXB'
			AND r.fields LIKE '%"BLZT":"2"%' ORDER BY r.revision DESC LIMIT 1`, k.caseID).Scan(&state, &reason)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			t.Fatal(err)
		}
		if time.Now().After(deadline) {
			t.Fatalf("the withdrawn case's record was not answered within a minute: %s", exchangeStates(ctx, db))
		}
	}
	if state != 3 {
		t.Fatalf("the withdrawn case's record: SJSCZT %d (%s); %s", state, reason, exchangeStates(ctx, db))
	}
}
