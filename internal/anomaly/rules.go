package anomaly

import (
	"context"
	"database/sql"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// forbidden is a Forbidden error with a message.
func forbidden(msg string) error { return errs.E(errs.Forbidden, msg) }

// Rules lists every rule, enabled or not, by indicator and region. Who:
// IndicatorAdmin.
func (s *Service) Rules(ctx context.Context) ([]Rule, error) {
	if _, err := access.Authorize(ctx, access.IndicatorAdmin, ""); err != nil {
		return nil, err
	}
	return selectRules(ctx, s.db, false)
}

// Rule returns rule id. Who: IndicatorAdmin. Errors: NotFound.
func (s *Service) Rule(ctx context.Context, id int64) (Rule, error) {
	if _, err := s.Rules(ctx); err != nil {
		return Rule{}, err
	}
	return selectRule(ctx, s.db, id)
}

// CreateRule stores a new rule and records "anomaly.rule.create". The
// indicator's name and unit are copied from the registry; unset numbers get
// Defaults. Who: IndicatorAdmin in the rule's region (the whole city for
// an all-region rule). Errors: Invalid with per-field messages (also for an
// unknown indicator or region); Forbidden.
func (s *Service) CreateRule(ctx context.Context, r Rule) (Rule, error) {
	if _, err := admin(ctx, r.RegionCode); err != nil {
		return Rule{}, err
	}
	if err := s.complete(ctx, &r); err != nil {
		return Rule{}, err
	}
	r.CreatedAt, r.UpdatedAt = s.now(), s.now()
	err := s.db.WithTx(ctx, func(tx *sql.Tx) error {
		id, err := insertRule(ctx, tx, r)
		if err != nil {
			return err
		}
		r.ID = id
		return s.recordRule(ctx, tx, "anomaly.rule.create", &r)
	})
	return r, err
}

// UpdateRule replaces rule r.ID and records "anomaly.rule.update".
// Disabling a rule resolves its open alerts (note "规则已停用"). Who and
// errors: as CreateRule, for both the old and the new region; NotFound.
func (s *Service) UpdateRule(ctx context.Context, r Rule) (Rule, error) {
	old, err := selectRule(ctx, s.db, r.ID)
	if err != nil {
		return Rule{}, err
	}
	if _, err := admin(ctx, old.RegionCode); err != nil {
		return Rule{}, err
	}
	p, err := admin(ctx, r.RegionCode)
	if err != nil {
		return Rule{}, err
	}
	if err := s.complete(ctx, &r); err != nil {
		return Rule{}, err
	}
	r.CreatedAt, r.UpdatedAt = old.CreatedAt, s.now()
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		if err := updateRule(ctx, tx, r); err != nil {
			return err
		}
		if old.Enabled && !r.Enabled {
			if err := s.resolveAll(ctx, tx, r.ID, p.UserID, p.Name); err != nil {
				return err
			}
		}
		return s.recordRule(ctx, tx, "anomaly.rule.update", &r)
	})
	return r, err
}

// resolveAll resolves every open alert of rule ruleID in tx.
func (s *Service) resolveAll(ctx context.Context, tx *sql.Tx, ruleID, userID int64, name string) error {
	q := &query{}
	q.filter(Filter{RuleID: ruleID}, nil)
	open, _, err := selectAlerts(ctx, tx, q, Filter{Limit: 200})
	if err != nil {
		return err
	}
	for i := range open {
		if err := s.resolveIn(ctx, tx, &open[i], userID, name, "规则已停用"); err != nil {
			return err
		}
	}
	return nil
}

// complete applies defaults, validates r, and fills the indicator's name
// and unit; an unknown indicator or region is a field error.
func (s *Service) complete(ctx context.Context, r *Rule) error {
	r.Defaults()
	ind, known, err := s.indicator(ctx, r.IndicatorCode)
	if err != nil {
		return err
	}
	if known {
		r.IndicatorName, r.Unit = ind.Name, ind.Unit // before Validate, which checks the unit
	}
	fields := errs.FieldsOf(r.Validate())
	if fields == nil {
		fields = map[string]string{}
	}
	if !known && r.IndicatorCode != "" {
		fields["indicator_code"] = "没有这个指标，请从列表中选择。"
	}
	if ok, err := s.knownRegion(ctx, r.RegionCode); err != nil {
		return err
	} else if !ok {
		fields["region_code"] = "没有这个区县，请从列表中选择。"
	}
	if len(fields) > 0 {
		return errs.FieldErrors(fields)
	}
	return nil
}

func (s *Service) indicator(ctx context.Context, code string) (Indicator, bool, error) {
	all, err := s.src.Indicators(ctx)
	if err != nil {
		return Indicator{}, false, err
	}
	for _, ind := range all {
		if ind.Code == code {
			return ind, true, nil
		}
	}
	return Indicator{}, false, nil
}

func (s *Service) knownRegion(ctx context.Context, code string) (bool, error) {
	if code == "" {
		return true, nil
	}
	all, err := s.regions.Regions(ctx)
	for _, r := range all {
		if r.Code == code {
			return true, err
		}
	}
	return false, err
}

// Indicators lists the indicators a rule may watch. Who: IndicatorView.
func (s *Service) Indicators(ctx context.Context) ([]Indicator, error) {
	if _, _, err := viewer(ctx, ""); err != nil {
		return nil, err
	}
	return s.src.Indicators(ctx)
}

// RegionsInScope lists the regions whose alerts the principal may see, in
// display order. Who: IndicatorView.
func (s *Service) RegionsInScope(ctx context.Context) ([]org.Region, error) {
	_, scope, err := viewer(ctx, "")
	if err != nil {
		return nil, err
	}
	all, err := s.regions.Regions(ctx)
	if err != nil || scope == nil {
		return all, err
	}
	var out []org.Region
	for _, r := range all {
		for _, c := range scope {
			if r.Code == c {
				out = append(out, r)
			}
		}
	}
	return out, nil
}
