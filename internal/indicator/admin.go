package indicator

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// DefinitionInput is what an administrator may change of an indicator.
// Target is text so that a form can leave it empty (no target).
type DefinitionInput struct {
	Name         string  `json:"name"`
	Formula      string  `json:"formula"`
	Target       string  `json:"target" doc:"目标值，空表示不设目标"`
	Tolerance    float64 `json:"tolerance"`
	Direction    string  `json:"direction" doc:"up | down"`
	Official     bool    `json:"official"`
	OfficialNote string  `json:"official_note"`
	Weight       float64 `json:"weight"`
	Enabled      bool    `json:"enabled"`
}

// apply validates in and writes it onto d; Invalid with Chinese messages
// per field: name, formula, target, tolerance, direction, official_note,
// weight.
func (in DefinitionInput) apply(d *Definition) error {
	f := map[string]string{}
	name, formula := strings.TrimSpace(in.Name), strings.TrimSpace(in.Formula)
	note := strings.TrimSpace(in.OfficialNote)
	switch {
	case name == "":
		f["name"] = "请填写指标名称。"
	case utf8.RuneCountInString(name) > 40:
		f["name"] = "指标名称不能超过 40 字。"
	}
	if formula == "" || utf8.RuneCountInString(formula) > 500 {
		f["formula"] = "请填写计算口径说明（不超过 500 字）。"
	}
	var target *float64
	if t := strings.TrimSpace(in.Target); t != "" {
		v, err := strconv.ParseFloat(t, 64)
		if err != nil || v < 0 || (d.Kind == KindRate && v > 100) {
			f["target"] = "目标值应为不小于 0 的数字；比率类指标不超过 100。"
		}
		target = &v
	}
	if in.Tolerance < 0 || in.Tolerance > 1000 {
		f["tolerance"] = "预警带应为 0 至 1000 之间的数字。"
	}
	if in.Direction != Up && in.Direction != Down {
		f["direction"] = "请选择越高越好或越低越好。"
	}
	if !in.Official && note == "" {
		f["official_note"] = "非正式口径须说明口径来源或依据。"
	}
	if in.Weight < 0 || in.Weight > 100 {
		f["weight"] = "权重应为 0 至 100 之间的数字。"
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	d.Name, d.Formula, d.Target, d.Tolerance, d.Direction = name, formula, target, in.Tolerance, in.Direction
	d.Official, d.OfficialNote, d.Weight, d.Enabled = in.Official, note, in.Weight, in.Enabled
	return nil
}

// InputOf returns the form values of d.
func InputOf(d Definition) DefinitionInput {
	in := DefinitionInput{Name: d.Name, Formula: d.Formula, Tolerance: d.Tolerance, Direction: d.Direction,
		Official: d.Official, OfficialNote: d.OfficialNote, Weight: d.Weight, Enabled: d.Enabled}
	if d.Target != nil {
		in.Target = strconv.FormatFloat(*d.Target, 'f', -1, 64)
	}
	return in
}

// UpdateDefinition changes indicator code and records "indicator.update"
// with the values before and after, in one transaction. Values already
// computed are unaffected (targets and weights are applied when read).
// Who: IndicatorAdmin with the city-wide scope (the registry is the
// city's). Errors: Unauthenticated; Forbidden; NotFound; Invalid per field.
func (s *Service) UpdateDefinition(ctx context.Context, code string, in DefinitionInput) (Definition, error) {
	p, err := access.Authorize(ctx, access.IndicatorAdmin, "")
	if err != nil {
		return Definition{}, err
	}
	if !p.ScopeOf(access.IndicatorAdmin).All {
		return Definition{}, errs.E(errs.Forbidden, "指标定义由市级运维人员维护。")
	}
	before, err := selectDefinition(ctx, s.db, code)
	if err != nil {
		return Definition{}, err
	}
	d := before
	if err := in.apply(&d); err != nil {
		return Definition{}, err
	}
	d.UpdatedAt, d.UpdatedBy = s.now(), p.Name
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		if err := updateDefinitionRow(ctx, tx, d); err != nil {
			return err
		}
		return s.rec.Record(ctx, tx, audit.Entry{Action: "indicator.update", ObjectType: "indicator", ObjectID: code,
			Detail: map[string]any{"before": InputOf(before), "after": InputOf(d)}})
	})
	return d, err
}

// RecomputeNow is Recompute for a person: IndicatorAdmin with the
// city-wide scope. Errors: Unauthenticated; Forbidden; as Recompute.
func (s *Service) RecomputeNow(ctx context.Context) error {
	p, err := access.Authorize(ctx, access.IndicatorAdmin, "")
	if err != nil {
		return err
	}
	if !p.ScopeOf(access.IndicatorAdmin).All {
		return errs.E(errs.Forbidden, "只有市级运维人员可以重新计算全部指标。")
	}
	return s.Recompute(ctx)
}
