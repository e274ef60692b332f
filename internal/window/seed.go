package window

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// seedWindow is one demo window; big marks the ones only the city and the
// two districts get.
type seedWindow struct {
	number int
	name   string
	big    bool
}

var seedWindows = []seedWindow{{1, "综合受理", false}, {2, "综合受理", false}, {3, "帮办代办", false},
	{4, "竣工联合验收", true}}

// seedClerks puts the demo clerks on the first two windows of their region.
var seedClerks = []struct{ username, region string }{{"chuangkou", "511702"}, {"chuangkou.qx", "511725"}}

// Seed creates the demo windows inside tx: in every region with an active
// 综合窗口 unit, 1号 and 2号窗口 综合受理 and 3号窗口 帮办代办 (and 4号窗口
// 竣工联合验收 in 达州市本级, 通川区 and 达川区), open Monday–Friday
// 09:00–12:00 and 13:00–17:30 with 30-minute slots of 2 seats, and puts the
// demo clerks "chuangkou" (通川区) and "chuangkou.qx" (渠县), when they exist,
// on windows 1 and 2 of their region. It is idempotent: existing windows
// (matched by region and number) and staff are left alone. When it adds
// anything it records one "window.seed" event in tx.
//
// Seeding runs outside any request, so it reads the regions, 综合窗口 units
// and demo users with SQL of its own rather than through their services.
func Seed(ctx context.Context, tx *sql.Tx, rec *audit.Recorder, now time.Time) error {
	units, err := windowUnits(ctx, tx)
	if err != nil {
		return err
	}
	added, staffed := 0, 0
	for _, u := range units {
		n, err := seedRegion(ctx, tx, u, now)
		if err != nil {
			return err
		}
		added += n
	}
	for _, c := range seedClerks {
		n, err := seedClerk(ctx, tx, c.username, c.region, now)
		if err != nil {
			return err
		}
		staffed += n
	}
	if added == 0 && staffed == 0 {
		return nil
	}
	return rec.Record(ctx, tx, audit.Entry{Action: "window.seed", ObjectType: "window", ObjectID: "seed",
		Detail: map[string]int{"windows_added": added, "staff_added": staffed}})
}

type windowUnit struct {
	id                     int64
	regionCode, regionName string
	regionKind             string
}

// windowUnits lists the first active 综合窗口 unit of every region.
func windowUnits(ctx context.Context, tx *sql.Tx) ([]windowUnit, error) {
	rows, err := tx.QueryContext(ctx, `SELECT u.id, r.code, r.name, r.kind FROM org_units u
		JOIN regions r ON r.id = u.region_id WHERE u.function_code = 'window' AND u.active = TRUE
		ORDER BY r.sort_order, u.sort_order, u.id`)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []windowUnit
	seen := map[string]bool{}
	for rows.Next() {
		var u windowUnit
		if err := rows.Scan(&u.id, &u.regionCode, &u.regionName, &u.regionKind); err != nil {
			return nil, sqldb.Translate(err)
		}
		if !seen[u.regionCode] {
			seen[u.regionCode] = true
			out = append(out, u)
		}
	}
	return out, sqldb.Translate(rows.Err())
}

// seedRegion adds the missing demo windows of one region.
func seedRegion(ctx context.Context, tx *sql.Tx, u windowUnit, now time.Time) (int, error) {
	big := u.regionKind == "city" || u.regionKind == "district"
	added := 0
	for _, sw := range seedWindows {
		if sw.big && !big {
			continue
		}
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO windows (region_code, org_unit_id, number, name, location, phone,
			active, slot_minutes, slot_capacity, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, '', TRUE, $6, $7, $8, $8)
			ON CONFLICT (region_code, number) DO NOTHING RETURNING id`,
			u.regionCode, u.id, sw.number, sw.name, fmt.Sprintf("%s政务服务中心一楼 工程建设项目审批综合窗口区 %d号台",
				u.regionName, sw.number), DefaultSlot, DefaultSeats, sqldb.T(now)).Scan(&id)
		if sqldb.NotFoundIf(err) {
			continue // the window exists
		}
		if err != nil {
			return added, sqldb.Translate(err)
		}
		if err := replaceHours(ctx, tx, id, StandardHours()); err != nil {
			return added, err
		}
		added++
	}
	return added, nil
}

// seedClerk puts the user, when it exists, on windows 1 and 2 of region.
func seedClerk(ctx context.Context, tx *sql.Tx, username, region string, now time.Time) (int, error) {
	var userID int64
	var name string
	err := tx.QueryRowContext(ctx, `SELECT id, display_name FROM users WHERE username = $1 AND active = TRUE`,
		username).Scan(&userID, &name)
	if sqldb.NotFoundIf(err) {
		return 0, nil
	}
	if err != nil {
		return 0, sqldb.Translate(err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO window_staff (window_id, user_id, user_name, assigned_at)
		SELECT w.id, $1, $2, $3 FROM windows w WHERE w.region_code = $4 AND w.number IN (1, 2)
		ON CONFLICT (window_id, user_id) DO NOTHING`, userID, name, sqldb.T(now), region)
	if err != nil {
		return 0, sqldb.Translate(err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}
