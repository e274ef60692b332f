package indicator

import (
	"context"
	"fmt"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// ratingFacts: 好差评满意率 over the ratings made on days [from, to), and
// 差评整改率 over the rectifications opened on them. Read-only over the
// evaluation tables, with evaluation.Figures' definitions: satisfied is
// level 4 (满意) or 5 (非常满意); a rectification counts as done once closed.
func (x *extract) ratingFacts(ctx context.Context, from, to calendar.Date) error {
	a, b := dayRange(from, to)
	rows, err := x.db.QueryContext(ctx, `SELECT r.id, r.case_id, r.case_number, r.item_name, r.region_code, r.level,
		r.created_at FROM ratings r WHERE r.created_at >= $1 AND r.created_at < $2`, sqldb.T(a), sqldb.T(b))
	if err != nil {
		return sqldb.Translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, caseID int64
		var number, item, region string
		var level int
		var at sqldb.Time
		if err := rows.Scan(&id, &caseID, &number, &item, &region, &level, &at); err != nil {
			return err
		}
		ref := Ref{Kind: "rating", ID: id, Key: fmt.Sprintf("rating:%d", id), Label: number,
			Detail: fmt.Sprintf("%s · %d 星", item, level), URL: fmt.Sprintf("/cases/%d", caseID)}
		x.out.add(Figure{Code: SatisfactionRate, RegionCode: region, Day: calendar.DateOf(at.Time),
			Numerator: one(level >= 4), Denominator: 1, Ref: ref})
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return x.rectificationFacts(ctx, from, to)
}

func (x *extract) rectificationFacts(ctx context.Context, from, to calendar.Date) error {
	a, b := dayRange(from, to)
	rows, err := x.db.QueryContext(ctx, `SELECT x.id, x.case_id, r.case_number, x.org_name, x.region_code,
		x.created_at, CASE WHEN x.closed_at IS NULL THEN 0 ELSE 1 END
		FROM rectifications x JOIN ratings r ON r.id = x.rating_id
		WHERE x.created_at >= $1 AND x.created_at < $2`, sqldb.T(a), sqldb.T(b))
	if err != nil {
		return sqldb.Translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, caseID int64
		var number, org, region string
		var at sqldb.Time
		var closed int
		if err := rows.Scan(&id, &caseID, &number, &org, &region, &at, &closed); err != nil {
			return err
		}
		ref := Ref{Kind: "rectification", ID: id, Key: fmt.Sprintf("rectification:%d", id), Label: number,
			Detail: "整改部门：" + org, URL: fmt.Sprintf("/cases/%d", caseID)}
		x.out.add(Figure{Code: RectifyRate, RegionCode: region, Day: calendar.DateOf(at.Time),
			Numerator: one(closed == 1), Denominator: 1, Ref: ref})
	}
	return rows.Err()
}

// warningFacts: 预警数 as of today — open cases whose clock is yellow or
// red (cases.warn_level, kept by the engine's deadline scan). Every region
// gets a figure so that "none" reads 0, not 暂无数据.
func (x *extract) warningFacts(ctx context.Context, today calendar.Date) error {
	for _, r := range x.regions {
		x.out.add(Figure{Code: WarningCount, RegionCode: r, Day: today})
	}
	// Concluded cases keep the level their clock reached, so the open ones
	// are named by status (the complement of terminal): PostgreSQL then
	// intersects the open-case and warned-case indexes (130 ms at a million
	// cases) instead of scanning the table (1.3 s); SQLite reads the warned index.
	rows, err := x.db.QueryContext(ctx, `SELECT id, number, item_name, project_name, region_code, warn_level
		FROM cases WHERE warn_level IN ('yellow', 'red') AND status IN (1, 3, 6, 7, 8, 9, 10)`)
	if err != nil {
		return sqldb.Translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var number, item, project, region, level string
		if err := rows.Scan(&id, &number, &item, &project, &region, &level); err != nil {
			return err
		}
		ref := caseRef(id, number, item, project)
		ref.Detail = map[string]string{"yellow": "预警", "red": "逾期"}[level] + " · " + ref.Detail
		x.out.add(Figure{Code: WarningCount, RegionCode: region, Day: today, Numerator: 1, Ref: ref})
	}
	return rows.Err()
}

// sourceFacts adds the figures of the external Source (data quality).
func (x *extract) sourceFacts(ctx context.Context, from, to calendar.Date) error {
	if x.source == nil {
		return nil
	}
	figs, err := x.source.Figures(ctx, from, to)
	if err != nil {
		return err
	}
	for _, f := range figs {
		x.out.add(f)
	}
	return nil
}
