package indicator

import (
	"context"
	"database/sql"

	"github.com/jackc/pgx/v5"

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

// caseRow is one case as the case indicators read it.
type caseRow struct {
	concludedCase
	received          calendar.Date
	accepted          sqldb.NullTime
	concludedAt       sqldb.NullTime
	start             sql.NullString
	paused, statutory int
	projectID, flow   int64
	stage             int
}

// caseFacts: 网上申报率 (cases received on days [from, to)), 办结率 and
// 承诺时限压缩率 (accepted on them), 逾期率, 按时办结率, 事项平均用时,
// 电子证照应用率 and 全流程网上办理率 (concluded on them), in one pass over
// the cases with any of the three dates in the range: a Recompute over a
// million cases reads the table once, not once per basis date. With x.all
// (the range holds every case) it also keeps each case for stageFacts,
// which then needs no query of its own.
func (x *extract) caseFacts(ctx context.Context, from, to calendar.Date) error {
	q, args := x.caseQuery(from, to)
	inRange := func(d calendar.Date) bool { return !d.Before(from) && d.Before(to) }
	take := func(c caseRow) {
		if inRange(c.received) {
			x.out.add(Figure{Code: OnlineApplyRate, RegionCode: c.region, Day: c.received,
				Numerator: one(c.channel == "online"), Denominator: 1, Ref: x.out.caseRef(c.id, c.number, c.item, c.project)})
		}
		if c.accepted.Valid && inRange(calendar.DateOf(c.accepted.Time)) {
			x.emitAccepted(c)
		}
		if c.concludedAt.Valid && concludedStatus(c.status) && inRange(c.day) {
			c.used = max(x.wd.Between(startDay(c.start, c.accepted), c.day)-c.paused, 0)
			x.emitConcluded(c.concludedCase)
		}
		x.keepStage(&c)
	}
	if x.db.Dialect == sqldb.Postgres {
		return x.db.WithPgx(ctx, func(conn *pgx.Conn) error { return pgxCases(ctx, conn, q, args, take) })
	}
	rows, err := x.db.QueryContext(ctx, q, args...)
	if err != nil {
		return sqldb.Translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		c, err := x.scanCase(rows)
		if err != nil {
			return err
		}
		take(c)
	}
	return rows.Err()
}

// caseQuery is the query of caseFacts and its arguments.
func (x *extract) caseQuery(from, to calendar.Date) (string, []any) {
	a, b := dayRange(from, to)
	// The texts of a case serve only the drill-down's list: a Recompute
	// reads empty strings instead of copying three texts out of every row.
	texts := `'', '', ''`
	if x.out.keep != nil {
		texts = `c.number, c.item_name, c.project_name`
	}
	// Every case (a Recompute): one pass in table order. Given the range,
	// SQLite would walk the three date indexes and fetch each row at random.
	// A case has at most one licence (licences.case_id is unique): a join,
	// which PostgreSQL hashes, instead of a subquery run for every case.
	where, args := "", []any(nil)
	if !x.all {
		where = `WHERE (c.received_at >= $1 AND c.received_at < $2) OR (c.accepted_at >= $1 AND c.accepted_at < $2)
		OR (c.concluded_at >= $1 AND c.concluded_at < $2)`
		args = []any{sqldb.T(a), sqldb.T(b)}
	}
	return `SELECT c.id, ` + texts + `, c.region_code, c.status,
		c.received_at, c.accepted_at, c.concluded_at, c.start_day, c.paused_days, c.limit_days, c.statutory_days,
		c.project_id, c.flow_id, c.stage_no, a.channel,
		CASE WHEN c.status IN (11, 12) AND l.case_id IS NOT NULL THEN 1 ELSE 0 END
		FROM cases c JOIN applications a ON a.id = c.application_id LEFT JOIN licences l ON l.case_id = c.id ` +
		where, args
}

func (x *extract) scanCase(rows *sql.Rows) (caseRow, error) {
	var c caseRow
	var received sqldb.Time
	var licensed int
	err := rows.Scan(&c.id, &c.number, &c.item, &c.project, &c.region, &c.status, &received, &c.accepted,
		&c.concludedAt, &c.start, &c.paused, &c.limit, &c.statutory, &c.projectID, &c.flow, &c.stage, &c.channel,
		&licensed)
	c.received, c.licensed = calendar.DateOf(received.Time), licensed == 1
	if c.concludedAt.Valid {
		c.day = calendar.DateOf(c.concludedAt.Time)
	}
	return c, err
}

// emitAccepted adds the figures of a case accepted in the range.
func (x *extract) emitAccepted(c caseRow) {
	ref, day := x.out.caseRef(c.id, c.number, c.item, c.project), calendar.DateOf(c.accepted.Time)
	x.out.add(Figure{Code: CompletionRate, RegionCode: c.region, Day: day, Numerator: one(concludedStatus(c.status)),
		Denominator: 1, Ref: ref})
	x.out.add(Figure{Code: CompressionRate, RegionCode: c.region, Day: day, Numerator: float64(c.statutory - c.limit),
		Denominator: float64(c.statutory), Ref: ref})
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
	ref := x.out.caseRef(c.id, c.number, c.item, c.project)
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
