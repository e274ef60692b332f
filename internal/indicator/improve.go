package indicator

import (
	"context"
	"fmt"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Suggestion is a record whose handling would raise an indicator: why,
// and how urgent (ok | warn | bad, always with the text).
type Suggestion struct {
	Ref     Ref    `json:"ref"`
	Region  string `json:"region_code"`
	Reason  string `json:"reason"`
	Urgency string `json:"urgency" doc:"ok | warn | bad"`
}

// Improvement answers "what would raise this most" for one indicator and
// region: Hint says what kind of action helps, Items are the records,
// most effective first.
type Improvement struct {
	Definition Definition   `json:"definition"`
	RegionCode string       `json:"region_code"`
	Hint       string       `json:"hint"`
	Items      []Suggestion `json:"items"`
}

// Improve lists up to limit (default 50, at most 200) records of region
// (CityWide: every region) whose handling would improve indicator code
// most:
//   - time indicators (逾期率, 按时办结率, 办结率, 用时, 预警数): open cases
//     by deadline, those still in time first — concluding them by their
//     deadline keeps them off the overdue count;
//   - 电子证照应用率, 全流程网上办理率: approved cases without an e-licence;
//   - 差评整改率, 满意率: rectifications not yet closed, by due date;
//   - coverage, data quality and the rest: this month's records counted in
//     the denominator but not in the numerator.
//
// Who: IndicatorView in region. Errors: Unauthenticated; Forbidden; NotFound.
func (s *Service) Improve(ctx context.Context, code, region string, limit int) (Improvement, error) {
	if err := authorizeRegion(ctx, region); err != nil {
		return Improvement{}, err
	}
	def, err := selectDefinition(ctx, s.db, code)
	if err != nil {
		return Improvement{}, err
	}
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 200)
	im := Improvement{Definition: def, RegionCode: region}
	regions := s.scopeRegions(ctx, region)
	switch code {
	case OverdueRate, OnTimeRate, CompletionRate, CaseDaysAvg, StageDaysAvg, StageDaysMedian, ProcessDaysAvg,
		ProcessDaysMedian, WarningCount:
		im.Hint = "以下在办办件按办理时限截止日排列，尚未逾期的在前：在时限内办结它们，可避免计入逾期并缩短用时。"
		im.Items, err = s.openCases(ctx, regions, limit)
	case ELicenceRate, FullOnlineRate:
		im.Hint = "以下准予办结的办件尚无电子证照：补发电子证照可直接提高该指标。"
		im.Items, err = s.unlicensed(ctx, regions, limit)
	case RectifyRate, SatisfactionRate:
		im.Hint = "以下差评整改尚未办结，按整改期限排列：按期整改并回访可提高整改率和满意度。"
		im.Items, err = s.openRectifications(ctx, regions, limit)
	default:
		im.Hint = "以下是本月计入分母但未计入分子的记录：逐条处理即可提高该指标。"
		im.Items, err = s.misses(ctx, code, region, limit)
	}
	return im, err
}

// scopeRegions is nil (every region) for CityWide, else the one region.
func (s *Service) scopeRegions(ctx context.Context, region string) []string {
	if region == CityWide && access.From(ctx).ScopeOf(access.IndicatorView).All {
		return nil
	}
	return []string{region}
}

// regionFilter builds "AND column IN (...)" for regions (nil: no filter).
func regionFilter(column string, regions []string, args []any) (string, []any) {
	if regions == nil {
		return "", args
	}
	sql := " AND " + column + " IN ("
	for i, r := range regions {
		if i > 0 {
			sql += ", "
		}
		args = append(args, r)
		sql += fmt.Sprintf("$%d", len(args))
	}
	return sql + ")", args
}

func (s *Service) openCases(ctx context.Context, regions []string, limit int) ([]Suggestion, error) {
	today := s.today()
	where, args := regionFilter("region_code", regions, []any{today.String()})
	args = append(args, limit)
	rows, err := s.db.QueryContext(ctx, `SELECT id, number, item_name, project_name, region_code, deadline
		FROM cases WHERE accepted_at IS NOT NULL AND deadline IS NOT NULL
		AND status NOT IN (2, 4, 5, 6, 9, 11, 12, 13, 14, 15)`+where+`
		ORDER BY CASE WHEN deadline >= $1 THEN 0 ELSE 1 END, deadline, id LIMIT $`+fmt.Sprint(len(args)), args...)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Suggestion
	for rows.Next() {
		var id int64
		var number, item, project, region string
		var deadline calendar.Date
		if err := rows.Scan(&id, &number, &item, &project, &region, &deadline); err != nil {
			return nil, err
		}
		sg := Suggestion{Ref: caseRef(id, number, item, project), Region: region, Urgency: StatusOK}
		switch {
		case deadline.Before(today):
			sg.Reason, sg.Urgency = "已于"+deadline.Label()+"超过办理时限，尽快办结可缩短用时", StatusBad
		case deadline.Sub(today) <= 3:
			sg.Reason, sg.Urgency = "办理时限截止"+deadline.Label()+"，即将逾期", StatusWarn
		default:
			sg.Reason = "办理时限截止" + deadline.Label()
		}
		out = append(out, sg)
	}
	return out, rows.Err()
}

func (s *Service) unlicensed(ctx context.Context, regions []string, limit int) ([]Suggestion, error) {
	where, args := regionFilter("c.region_code", regions, nil)
	args = append(args, limit)
	rows, err := s.db.QueryContext(ctx, `SELECT c.id, c.number, c.item_name, c.project_name, c.region_code
		FROM cases c WHERE c.status IN (11, 12)
		AND NOT EXISTS (SELECT 1 FROM licences l WHERE l.case_id = c.id)`+where+`
		ORDER BY c.concluded_at DESC, c.id LIMIT $`+fmt.Sprint(len(args)), args...)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Suggestion
	for rows.Next() {
		var id int64
		var number, item, project, region string
		if err := rows.Scan(&id, &number, &item, &project, &region); err != nil {
			return nil, err
		}
		out = append(out, Suggestion{Ref: caseRef(id, number, item, project), Region: region,
			Reason: "准予办结但未出电子证照", Urgency: StatusWarn})
	}
	return out, rows.Err()
}

func (s *Service) openRectifications(ctx context.Context, regions []string, limit int) ([]Suggestion, error) {
	where, args := regionFilter("x.region_code", regions, nil)
	args = append(args, limit)
	rows, err := s.db.QueryContext(ctx, `SELECT x.id, x.case_id, r.case_number, x.org_name, x.region_code, x.due_date,
		x.answered_at FROM rectifications x JOIN ratings r ON r.id = x.rating_id
		WHERE x.closed_at IS NULL`+where+` ORDER BY x.due_date, x.id LIMIT $`+fmt.Sprint(len(args)), args...)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	today := s.today()
	var out []Suggestion
	for rows.Next() {
		var id, caseID int64
		var number, org, region string
		var due calendar.Date
		var answered sqldb.NullTime
		if err := rows.Scan(&id, &caseID, &number, &org, &region, &due, &answered); err != nil {
			return nil, err
		}
		sg := Suggestion{Ref: Ref{Kind: "rectification", ID: id, Key: fmt.Sprintf("rectification:%d", id),
			Label: number, Detail: "整改部门：" + org, URL: fmt.Sprintf("/cases/%d", caseID)}, Region: region}
		sg.Reason, sg.Urgency = rectificationReason(due, answered, today)
		out = append(out, sg)
	}
	return out, rows.Err()
}

func rectificationReason(due calendar.Date, answered sqldb.NullTime, today calendar.Date) (string, string) {
	switch {
	case answered.Valid:
		return "部门已答复，待回访或监管关闭", StatusOK
	case due.Before(today):
		return "整改期限" + due.Label() + "已过，尚未答复", StatusBad
	}
	return "整改期限" + due.Label(), StatusWarn
}

// misses lists this month's figures of code that are in the denominator
// but not fully in the numerator.
func (s *Service) misses(ctx context.Context, code, region string, limit int) ([]Suggestion, error) {
	start := StartOf(Month, s.today())
	figs, err := s.figures(ctx, code, region, "", start, Next(Month, start))
	if err != nil {
		return nil, err
	}
	var out []Suggestion
	for _, f := range figs {
		if f.Denominator > 0 && f.Numerator < f.Denominator && len(out) < limit {
			out = append(out, Suggestion{Ref: f.Ref, Region: f.RegionCode, Reason: "未计入" + missLabel(code),
				Urgency: StatusWarn})
		}
	}
	return out, nil
}

func missLabel(code string) string {
	for _, d := range Catalogue {
		if d.Code == code {
			return "“" + d.NumeratorLabel + "”"
		}
	}
	return "分子"
}
