package casework

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// FixInput is a 一次性补正告知: every missing or wrong material at once.
type FixInput struct {
	Version int64     `json:"version"`
	Items   []FixItem `json:"items"`
	Note    string    `json:"note"`
}

func (in FixInput) validate() error {
	fields := map[string]string{}
	if len(in.Items) == 0 {
		fields["items"] = "请逐项列出需要补正的材料及问题，一次性告知申请人。"
	}
	for i, it := range in.Items {
		if strings.TrimSpace(it.Material) == "" || strings.TrimSpace(it.Problem) == "" {
			fields["items."+itoa(int64(i))] = "第 " + itoa(int64(i+1)) + " 项须写明材料名称和存在的问题。"
		}
	}
	if len(fields) > 0 {
		return errs.FieldErrors(fields)
	}
	return nil
}

// RequestFix issues the one-time correction notice (BLZT → 6): by the window
// before acceptance, or by a reviewing department during review, which
// stops the clock until the applicant supplies the materials.
func (s *Service) RequestFix(ctx context.Context, id int64, in FixInput) (Case, error) {
	return s.act(ctx, id, in.Version, func(tx *txn, c *Case) error {
		orgID, err := fixAuthority(ctx, c)
		if err != nil {
			return err
		}
		if err := in.validate(); err != nil {
			return err
		}
		if err := s.move(ctx, tx, c, ActRequestFix, in.Note, orgID, map[string]any{"items": in.Items}); err != nil {
			return err
		}
		return s.openPause(ctx, tx, c, Pause{Kind: PauseCorrection, Reason: in.Note, Items: in.Items})
	})
}

// fixAuthority: the window before acceptance, a department with a task after.
func fixAuthority(ctx context.Context, c *Case) (int64, error) {
	if !c.Accepted() {
		_, err := asWindow(ctx, c)
		return 0, err
	}
	t, err := ownTask(ctx, c, access.CaseReview)
	if err != nil {
		return 0, err
	}
	return t.OrgUnitID, nil
}

// SupplyInput carries the corrected materials (name → blob hash).
type SupplyInput struct {
	Version   int64             `json:"version"`
	Materials map[string]string `json:"materials"`
	Note      string            `json:"note"`
}

// SupplyFix records the applicant's corrected materials (BLZT 6 → 7). After
// acceptance the case returns to the departments at once (7 → 8) and the
// paused working days push the deadline back; before acceptance it waits
// for the window's decision.
func (s *Service) SupplyFix(ctx context.Context, id int64, in SupplyInput) (Case, error) {
	return s.act(ctx, id, in.Version, func(tx *txn, c *Case) error {
		if _, err := asApplicant(ctx, c, c.EnterpriseID); err != nil {
			return err
		}
		if len(in.Materials) == 0 {
			return errs.FieldErrors(map[string]string{"materials": "请上传补正后的材料。"})
		}
		if err := s.checkFiles(ctx, in.Materials); err != nil {
			return err
		}
		if err := s.mergeMaterials(ctx, tx, c, in.Materials); err != nil {
			return err
		}
		if err := s.move(ctx, tx, c, ActSupplyFix, in.Note, 0, map[string]any{"materials": keys(in.Materials)}); err != nil {
			return err
		}
		if err := s.closePause(ctx, tx, c, "申请人已补正"); err != nil {
			return err
		}
		if !c.Accepted() {
			return nil
		}
		return s.move(ctx, tx, c, ActResume, "", 0, nil)
	})
}

// SupplyDeficiency records 容缺 materials supplied after acceptance; the
// case leaves the deficiency list without changing status.
func (s *Service) SupplyDeficiency(ctx context.Context, id int64, in SupplyInput) (Case, error) {
	return s.act(ctx, id, in.Version, func(tx *txn, c *Case) error {
		if _, err := asApplicant(ctx, c, c.EnterpriseID); err != nil {
			return err
		}
		if err := s.checkFiles(ctx, in.Materials); err != nil {
			return err
		}
		if len(c.Deficiency) == 0 || c.Status.Terminal() {
			return errs.E(errs.Conflict, "该办件没有待补齐的容缺材料。")
		}
		left := []string{}
		for _, name := range c.Deficiency {
			if in.Materials[name] == "" {
				left = append(left, name)
			}
		}
		if len(left) == len(c.Deficiency) {
			return errs.FieldErrors(map[string]string{"materials": "请上传待补齐的容缺材料。"})
		}
		if err := s.mergeMaterials(ctx, tx, c, in.Materials); err != nil {
			return err
		}
		c.Deficiency = left
		tx.touch(c)
		return s.note(ctx, tx, c, "supply_deficiency", c.Status, c.Status, in.Note,
			0, map[string]any{"supplied": keys(in.Materials), "remaining": left})
	})
}

// mergeMaterials updates the application's material set (shared by all its
// cases: one set of materials per application).
func (s *Service) mergeMaterials(ctx context.Context, tx *txn, c *Case, add map[string]string) error {
	var raw string
	if err := tx.QueryRowContext(ctx, `SELECT materials FROM applications WHERE id = $1`, c.ApplicationID).Scan(&raw); err != nil {
		return sqldb.Translate(err)
	}
	m := map[string]string{}
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		return err
	}
	for k, v := range add {
		m[k] = v
	}
	out, _ := json.Marshal(m)
	_, err := tx.ExecContext(ctx, `UPDATE applications SET materials = $2 WHERE id = $1`, c.ApplicationID, string(out))
	return sqldb.Translate(err)
}

// WithdrawInput carries the applicant's reason.
type WithdrawInput struct {
	Version int64  `json:"version"`
	Reason  string `json:"reason"`
}

// Withdraw is the applicant's 撤件 (before acceptance, BLZT 2) or 撤回
// (after, BLZT 14).
func (s *Service) Withdraw(ctx context.Context, id int64, in WithdrawInput) (Case, error) {
	return s.act(ctx, id, in.Version, func(tx *txn, c *Case) error {
		if _, err := asApplicant(ctx, c, c.EnterpriseID); err != nil {
			return err
		}
		if err := requireText("reason", in.Reason, "请填写撤回理由。"); err != nil {
			return err
		}
		if err := s.move(ctx, tx, c, ActWithdraw, in.Reason, 0, nil); err != nil {
			return err
		}
		return s.conclude(ctx, tx, c, "申请人撤回："+in.Reason)
	})
}

func keys(m map[string]string) []string { return slices.Sorted(maps.Keys(m)) }

func jsonText(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

func orEmptyFix(items []FixItem) []FixItem {
	if items == nil {
		return []FixItem{}
	}
	return items
}
