package casework

import (
	"context"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// AnswerInput is the consulted department's reply.
type AnswerInput struct {
	Answer string `json:"answer"`
}

// Answer records the consulted department's reply to consultation cid of
// case id. Only that department may answer, once.
func (s *Service) Answer(ctx context.Context, id, cid int64, in AnswerInput) (Case, error) {
	return s.act(ctx, id, 0, func(tx *txn, c *Case) error {
		var err error
		if c.Consultations, err = loadConsultations(ctx, tx, c.ID); err != nil {
			return err
		}
		var cons *Consultation
		for i := range c.Consultations {
			if c.Consultations[i].ID == cid {
				cons = &c.Consultations[i]
			}
		}
		if cons == nil {
			return errs.E(errs.NotFound, "征求意见不存在。")
		}
		if _, err := asDepartment(ctx, c, cons.ToOrgID, access.CaseReview); err != nil {
			return err
		}
		if !cons.AnsweredAt.IsZero() {
			return errs.E(errs.Conflict, "该征求意见已答复。")
		}
		if err := requireText("answer", in.Answer, "请填写答复意见。"); err != nil {
			return err
		}
		p := access.From(ctx)
		tx.write(`UPDATE consultations SET answer = $2, answered_by = $3, answered_at = $4 WHERE id = $1`,
			cid, in.Answer, nullID(p.UserID), sqldb.T(s.now()))
		return s.note(ctx, tx, c, "consult_answer", c.Status, c.Status, in.Answer, cons.ToOrgID,
			map[string]any{"consultation_id": cid})
	})
}
