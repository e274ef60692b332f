package quality

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

const ruleColumns = `id, code, name, dimension, table_name, severity, threshold_kind, warn_above, fail_above,
	responsible, params, description, active, updated_at`

func scanRule(sc interface{ Scan(...any) error }) (Rule, error) {
	var r Rule
	var params string
	var updated sqldb.Time
	err := sc.Scan(&r.ID, &r.Code, &r.Name, &r.Dimension, &r.Table, &r.Severity, &r.ThresholdKind, &r.WarnAbove,
		&r.FailAbove, &r.Responsible, &params, &r.Description, &r.Active, &updated)
	if err != nil {
		return r, sqldb.Translate(err)
	}
	r.UpdatedAt = updated.Time
	if err := json.Unmarshal([]byte(params), &r.Params); err != nil || r.Params == nil {
		r.Params = map[string]any{}
	}
	r.SQL = checks[r.Code].sql
	return r, nil
}

func selectRules(ctx context.Context, q sqldb.Querier, activeOnly bool) ([]Rule, error) {
	where := ""
	if activeOnly {
		where = " WHERE active = TRUE"
	}
	rows, err := q.QueryContext(ctx, `SELECT `+ruleColumns+` FROM quality_rules`+where+` ORDER BY id`)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Rule
	for rows.Next() {
		r, err := scanRule(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, sqldb.Translate(rows.Err())
}

func selectRule(ctx context.Context, q sqldb.Querier, id int64) (Rule, error) {
	r, err := scanRule(q.QueryRowContext(ctx, `SELECT `+ruleColumns+` FROM quality_rules WHERE id = $1`, id))
	if errs.Is(err, errs.NotFound) {
		return r, notFound("质量规则")
	}
	return r, err
}

// RuleInput is what an administrator may change of a rule. Thresholds of
// kind "rate" are in basis points (1 = 0.01%); Params is a JSON object.
type RuleInput struct {
	Name          string `json:"name"`
	Severity      string `json:"severity" doc:"high | medium | low"`
	ThresholdKind string `json:"threshold_kind" doc:"count | rate"`
	WarnAbove     int64  `json:"warn_above"`
	FailAbove     int64  `json:"fail_above"`
	Responsible   string `json:"responsible" doc:"case_lead | region_window | function:<代码>"`
	Params        string `json:"params" doc:"JSON 对象"`
	Description   string `json:"description"`
	Active        bool   `json:"active"`
}

// Validate checks the input and returns an Invalid error with Chinese
// messages per field.
func (in *RuleInput) Validate() error {
	in.Name, in.Description = strings.TrimSpace(in.Name), strings.TrimSpace(in.Description)
	f := map[string]string{}
	if in.Name == "" || utf8.RuneCountInString(in.Name) > 100 {
		f["name"] = "请填写规则名称（最多 100 字）。"
	}
	if _, ok := severityLabels[in.Severity]; !ok {
		f["severity"] = "请选择严重程度。"
	}
	if in.ThresholdKind != ThresholdCount && in.ThresholdKind != ThresholdRate {
		f["threshold_kind"] = "请选择阈值类型：不合格条数或不合格率。"
	}
	switch {
	case in.WarnAbove < 0:
		f["warn_above"] = "警告阈值不能为负数。"
	case in.FailAbove < in.WarnAbove:
		f["fail_above"] = "不通过阈值不能小于警告阈值。"
	case in.ThresholdKind == ThresholdRate && in.FailAbove > 10000:
		f["fail_above"] = "不合格率阈值不能超过 100%。"
	}
	if !validResponsible(in.Responsible) {
		f["responsible"] = "请选择责任单位。"
	}
	var obj map[string]any
	if in.Params = strings.TrimSpace(in.Params); in.Params == "" {
		in.Params = "{}"
	}
	if json.Unmarshal([]byte(in.Params), &obj) != nil || obj == nil {
		f["params"] = "规则参数须为 JSON 对象，例如 {\"days\": 5}。"
	}
	if utf8.RuneCountInString(in.Description) > 1000 {
		f["description"] = "说明不能超过 1000 字。"
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return nil
}

func validResponsible(r string) bool {
	if r == RespCaseLead || r == RespRegionWindow {
		return true
	}
	code, ok := strings.CutPrefix(r, "function:")
	return ok && functionLabel(code) != ""
}

// functionLabel is the Chinese name of an org-unit function code ("" when unknown).
func functionLabel(code string) string {
	for _, f := range org.Functions("") {
		if f.Code == code {
			return f.Label
		}
	}
	return ""
}

// UpdateRule changes rule id and records "quality.rule_update" with the
// old and new settings. Who: QualityAdmin. Errors: Unauthenticated,
// Forbidden, NotFound, Invalid (per field).
func (s *Service) UpdateRule(ctx context.Context, id int64, in RuleInput) (Rule, error) {
	if _, err := access.Authorize(ctx, access.QualityAdmin, ""); err != nil {
		return Rule{}, err
	}
	if err := in.Validate(); err != nil {
		return Rule{}, err
	}
	var out Rule
	err := s.db.WithTx(ctx, func(tx *sql.Tx) error {
		old, err := selectRule(ctx, tx, id)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE quality_rules SET name = $2, severity = $3, threshold_kind = $4,
			warn_above = $5, fail_above = $6, responsible = $7, params = $8, description = $9, active = $10,
			updated_at = $11 WHERE id = $1`, id, in.Name, in.Severity, in.ThresholdKind, in.WarnAbove, in.FailAbove,
			in.Responsible, in.Params, in.Description, in.Active, sqldb.T(s.now()))
		if err != nil {
			return sqldb.Translate(err)
		}
		if out, err = selectRule(ctx, tx, id); err != nil {
			return err
		}
		return s.rec.Record(ctx, tx, audit.Entry{Action: "quality.rule_update", ObjectType: "quality_rule",
			ObjectID: strconv.FormatInt(id, 10), Detail: map[string]any{"code": old.Code, "before": ruleDigest(old),
				"after": ruleDigest(out)}})
	})
	return out, err
}

// ruleDigest is the tunable part of a rule, for the audit trail.
func ruleDigest(r Rule) map[string]any {
	return map[string]any{"name": r.Name, "severity": r.Severity, "threshold_kind": r.ThresholdKind,
		"warn_above": r.WarnAbove, "fail_above": r.FailAbove, "responsible": r.Responsible, "params": r.Params,
		"active": r.Active}
}
