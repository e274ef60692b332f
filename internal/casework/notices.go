package casework

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/notify"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Sender stores a notification inside the caller's transaction (notify.Service).
type Sender interface {
	Send(ctx context.Context, tx *sql.Tx, n notify.Notification) error
}

// relayBatch is how many outbox events one RelayNotices transaction takes.
const relayBatch = 200

// RelayNotices turns case events from the outbox into in-app notifications
// for the people they concern — the applicant on acceptance, 补正, refusal
// and conclusion; the departments when tasks reach them or the applicant
// has corrected — and returns how many events it handled. Each event is
// handled once even with several servers relaying at once: it is claimed
// by flipping outbox.noticed in the transaction that stores its notices.
// The engine's own transaction stays free of this work.
func (s *Service) RelayNotices(ctx context.Context, send Sender) (int, error) {
	ids, err := s.unnoticed(ctx)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	done := 0
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			ok, err := s.relayOne(ctx, tx, send, id)
			if err != nil {
				return err
			}
			if ok {
				done++
			}
		}
		return nil
	})
	return done, err
}

func (s *Service) unnoticed(ctx context.Context) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM outbox WHERE noticed = 0 ORDER BY id LIMIT $1`, relayBatch)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// relayOne claims outbox event id and sends its notices; false when another
// relay claimed it first.
func (s *Service) relayOne(ctx context.Context, tx *sql.Tx, send Sender, id int64) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE outbox SET noticed = 1 WHERE id = $1 AND noticed = 0`, id)
	if err != nil {
		return false, sqldb.Translate(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	var payload string
	if err := tx.QueryRowContext(ctx, `SELECT payload FROM outbox WHERE id = $1`, id).Scan(&payload); err != nil {
		return false, sqldb.Translate(err)
	}
	var ev OutboxEvent
	if err := json.Unmarshal([]byte(payload), &ev); err != nil {
		return true, nil // not a case event: nothing to announce
	}
	var who recipients
	err = tx.QueryRowContext(ctx, `SELECT c.id, COALESCE(a.applicant_id, 0), c.item_name, c.project_name
		FROM cases c JOIN applications a ON a.id = c.application_id WHERE c.number = $1`, ev.CaseNumber).
		Scan(&who.caseID, &who.applicant, &who.item, &who.project)
	if sqldb.NotFoundIf(err) {
		return true, nil
	}
	if err != nil {
		return false, sqldb.Translate(err)
	}
	for _, n := range s.noticesFor(ctx, tx, ev, who) {
		if err := send.Send(ctx, tx, n); err != nil {
			return false, err
		}
	}
	return true, nil
}

type recipients struct {
	caseID, applicant int64
	item, project     string
}

// applicantNotices are the events the applicant hears of, with the title.
var applicantNotices = map[string]string{
	string(ActAccept): "已受理", string(ActNotReceive): "未予收件（退件）", string(ActRefuse): "不予受理",
	string(ActRequestFix): "需要补正材料", string(ActStartSpecial): "进入特别程序（暂停计时）",
	string(ActEndSpecial): "特别程序结束，恢复计时", string(ActApprove): "已办结（准予许可）",
	string(ActApproveDeficit): "已办结（容缺通过）", string(ActDeny): "已办结（不予许可）",
	string(ActRevoke): "已撤销",
}

// noticesFor decides who hears of ev. A failure to list the tasks only
// drops the department notices: the event is still marked handled, since
// sending it twice would be worse than the applicant's notice alone.
func (s *Service) noticesFor(ctx context.Context, tx *sql.Tx, ev OutboxEvent, who recipients) []notify.Notification {
	link := "/cases/" + strconv.FormatInt(who.caseID, 10)
	subject := fmt.Sprintf("%s（%s）", who.item, ev.CaseNumber)
	var out []notify.Notification
	if title, ok := applicantNotices[ev.Action]; ok && who.applicant != 0 {
		body := who.project
		if ev.Opinion != "" {
			body += "：" + ev.Opinion
		}
		out = append(out, notify.Notification{Kind: "case." + ev.Action, Title: subject + title, Body: body,
			Link: link, CaseID: who.caseID, ToUserID: who.applicant})
	}
	switch ev.Action {
	case string(ActDispatch), string(ActSupplyFix):
		title := "新的并联审批任务："
		if ev.Action == string(ActSupplyFix) {
			title = "申请人已补正材料："
		}
		for _, org := range pendingOrgs(ctx, tx, who.caseID) {
			out = append(out, notify.Notification{Kind: "case." + ev.Action, Title: title + subject,
				Body: who.project, Link: link, CaseID: who.caseID, ToOrgID: org})
		}
	}
	return out
}

func pendingOrgs(ctx context.Context, tx *sql.Tx, caseID int64) []int64 {
	rows, err := tx.QueryContext(ctx, `SELECT org_unit_id FROM case_tasks WHERE case_id = $1 AND status = 'pending'
		ORDER BY id`, caseID)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if rows.Scan(&id) == nil {
			out = append(out, id)
		}
	}
	return out
}
