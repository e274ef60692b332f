package indicator

import (
	"context"
	"database/sql"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Case statuses the indicators distinguish (national BLZT codes).
const (
	statusApproved           = 11
	statusApprovedDeficiency = 12
	statusDenied             = 13
)

// concludedStatus reports BLZT 11/12/13 (办结), the 办结 of 办结率 and 逾期率.
func concludedStatus(s int) bool { return s >= statusApproved && s <= statusDenied }

// receivedFacts: 网上申报率 over the cases received on days [from, to).
func (x *extract) receivedFacts(ctx context.Context, from, to calendar.Date) error {
	a, b := dayRange(from, to)
	rows, err := x.db.QueryContext(ctx, `SELECT c.id, c.number, c.item_name, c.project_name, c.region_code,
		c.received_at, a.channel
		FROM cases c JOIN applications a ON a.id = c.application_id
		WHERE c.received_at >= $1 AND c.received_at < $2`, sqldb.T(a), sqldb.T(b))
	if err != nil {
		return sqldb.Translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var number, item, project, region, channel string
		var at sqldb.Time
		if err := rows.Scan(&id, &number, &item, &project, &region, &at, &channel); err != nil {
			return err
		}
		ref := caseRef(id, number, item, project)
		x.out.add(Figure{Code: OnlineApplyRate, RegionCode: region, Day: calendar.DateOf(at.Time),
			Numerator: one(channel == "online"), Denominator: 1, Ref: ref})
	}
	return rows.Err()
}

// acceptedFacts: 办结率 and 承诺时限压缩率 over the cases accepted on days
// [from, to).
func (x *extract) acceptedFacts(ctx context.Context, from, to calendar.Date) error {
	a, b := dayRange(from, to)
	rows, err := x.db.QueryContext(ctx, `SELECT c.id, c.number, c.item_name, c.project_name, c.region_code,
		c.accepted_at, c.status, c.limit_days, c.statutory_days
		FROM cases c WHERE c.accepted_at >= $1 AND c.accepted_at < $2`, sqldb.T(a), sqldb.T(b))
	if err != nil {
		return sqldb.Translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var number, item, project, region string
		var at sqldb.Time
		var status, limit, statutory int
		if err := rows.Scan(&id, &number, &item, &project, &region, &at, &status, &limit, &statutory); err != nil {
			return err
		}
		ref, day := caseRef(id, number, item, project), calendar.DateOf(at.Time)
		x.out.add(Figure{Code: CompletionRate, RegionCode: region, Day: day, Numerator: one(concludedStatus(status)),
			Denominator: 1, Ref: ref})
		x.out.add(Figure{Code: CompressionRate, RegionCode: region, Day: day, Numerator: float64(statutory - limit),
			Denominator: float64(statutory), Ref: ref})
	}
	return rows.Err()
}

// concludedCase is a case concluded (BLZT 11/12/13) as the indicators see it.
type concludedCase struct {
	id                    int64
	number, item, project string
	region, channel       string
	status                int
	day                   calendar.Date
	used, limit           int
	licensed              bool
}

// concludedFacts: 逾期率, 按时办结率, 事项平均用时, 电子证照应用率 and
// 全流程网上办理率 over the cases concluded on days [from, to).
func (x *extract) concludedFacts(ctx context.Context, from, to calendar.Date) error {
	a, b := dayRange(from, to)
	rows, err := x.db.QueryContext(ctx, `SELECT c.id, c.number, c.item_name, c.project_name, c.region_code,
		c.status, c.concluded_at, c.start_day, c.accepted_at, c.paused_days, c.limit_days, a.channel,
		CASE WHEN l.id IS NULL THEN 0 ELSE 1 END
		FROM cases c JOIN applications a ON a.id = c.application_id
		LEFT JOIN licences l ON l.case_id = c.id
		WHERE c.concluded_at >= $1 AND c.concluded_at < $2 AND c.status IN (11, 12, 13)`, sqldb.T(a), sqldb.T(b))
	if err != nil {
		return sqldb.Translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		c, err := x.scanConcluded(rows)
		if err != nil {
			return err
		}
		x.emitConcluded(c)
	}
	return rows.Err()
}

func (x *extract) scanConcluded(rows *sql.Rows) (concludedCase, error) {
	var c concludedCase
	var at sqldb.Time
	var accepted sqldb.NullTime
	var start sql.NullString
	var paused, licensed int
	err := rows.Scan(&c.id, &c.number, &c.item, &c.project, &c.region, &c.status, &at, &start, &accepted, &paused,
		&c.limit, &c.channel, &licensed)
	if err != nil {
		return c, err
	}
	c.day, c.licensed = calendar.DateOf(at.Time), licensed == 1
	c.used = max(x.wd.between(startDay(start, accepted), c.day)-paused, 0)
	return c, nil
}

// startDay is the case's stored clock start, or its acceptance day when
// the engine stored none.
func startDay(start sql.NullString, accepted sqldb.NullTime) calendar.Date {
	if start.Valid {
		if d, err := calendar.ParseDate(start.String); err == nil {
			return d
		}
	}
	return calendar.DateOf(accepted.Time)
}

func (x *extract) emitConcluded(c concludedCase) {
	ref := caseRef(c.id, c.number, c.item, c.project)
	f := Figure{RegionCode: c.region, Day: c.day, Denominator: 1, Ref: ref}
	late := c.used > c.limit
	for _, p := range []struct {
		code string
		num  float64
	}{{OverdueRate, one(late)}, {OnTimeRate, one(!late)}, {CaseDaysAvg, float64(c.used)}} {
		f.Code, f.Numerator = p.code, p.num
		x.out.add(f)
	}
	if c.status == statusDenied {
		return
	}
	f.Code, f.Numerator = ELicenceRate, one(c.licensed)
	x.out.add(f)
	f.Code, f.Numerator = FullOnlineRate, one(c.licensed && c.channel == "online")
	x.out.add(f)
}
