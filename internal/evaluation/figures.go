package evaluation

import (
	"context"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Ratio is an indicator's numerator and denominator, kept apart so that
// regions and periods can be summed before dividing.
type Ratio struct {
	Numerator   int `json:"numerator"`
	Denominator int `json:"denominator"`
}

// Value is Numerator/Denominator, 0 when the denominator is 0.
func (r Ratio) Value() float64 {
	if r.Denominator == 0 {
		return 0
	}
	return float64(r.Numerator) / float64(r.Denominator)
}

// Figures are the 好差评 figures of one region and period.
//
// Satisfaction (满意率) is ratings at 满意 or 非常满意 ÷ all ratings made in
// the period. Rectification (差评整改率) is rectifications closed ÷ all
// rectifications opened in the period (closed by follow-up or by a
// supervisor, at any time up to now). RectifiedInTime is Rectification's
// denominator over those the department answered by the due date: the
// national rule's "整改 within the limit" (国办发〔2019〕51号).
type Figures struct {
	RegionCode      string        `json:"region_code" doc:"区县编码；空表示全部区县"`
	From            calendar.Date `json:"from"`
	To              calendar.Date `json:"to"`
	Satisfaction    Ratio         `json:"satisfaction" doc:"满意率：满意及非常满意 / 全部评价"`
	Rectification   Ratio         `json:"rectification" doc:"差评整改率：已办结整改 / 全部差评整改"`
	RectifiedInTime Ratio         `json:"rectified_in_time" doc:"按期整改：期限内答复的整改 / 全部差评整改"`
}

// Figures returns the figures of ratings and rectifications made from day
// from to day to inclusive (Beijing time) in regionCode ("" = every
// region: the case's own region code is matched, so 511700 means cases
// of 市本级 only).
//
// Who: a supervisor whose scope contains regionCode ("" needs the
// city-wide scope). Errors: Unauthenticated; Forbidden; Invalid when a
// date is missing or to is before from.
func (s *Service) Figures(ctx context.Context, regionCode string, from, to calendar.Date) (Figures, error) {
	p, err := access.Authorize(ctx, access.Supervise, regionCode)
	if err != nil {
		return Figures{}, err
	}
	if regionCode == "" && !p.ScopeOf(access.Supervise).All {
		return Figures{}, errs.E(errs.Forbidden, "只有市级监管人员可以查看全部区县的汇总。")
	}
	if from.IsZero() || to.IsZero() || to.Before(from) {
		return Figures{}, errs.FieldErrors(map[string]string{"to": "请给出起止日期，结束日期不能早于开始日期。"})
	}
	f := Figures{RegionCode: regionCode, From: from, To: to}
	start, end := sqldb.T(from.Time()), sqldb.T(to.AddDays(1).Time())
	q := &query{}
	q.Add(`r.created_at >= ` + q.Arg(start))
	q.Add(`r.created_at < ` + q.Arg(end))
	if regionCode != "" {
		q.Add(`r.region_code = ` + q.Arg(regionCode))
	}
	err = s.db.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN r.level >= 4 THEN 1 ELSE 0 END), 0)
		FROM ratings r`+q.SQL(), q.Args...).Scan(&f.Satisfaction.Denominator, &f.Satisfaction.Numerator)
	if err != nil {
		return Figures{}, sqldb.Translate(err)
	}
	err = s.db.QueryRowContext(ctx, `SELECT COUNT(*),
		COALESCE(SUM(CASE WHEN x.closed_at IS NOT NULL THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN x.answered_in_time THEN 1 ELSE 0 END), 0)`+rectFrom+q.SQL(), q.Args...).Scan(
		&f.Rectification.Denominator, &f.Rectification.Numerator, &f.RectifiedInTime.Numerator)
	f.RectifiedInTime.Denominator = f.Rectification.Denominator
	return f, sqldb.Translate(err)
}
