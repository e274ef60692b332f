package sitestats

import (
	"context"
	"database/sql"
	"math/rand/v2"

	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// DemoRange is the period filled with generated demo figures.
type DemoRange struct {
	From calendar.Date `json:"from"`
	To   calendar.Date `json:"to"`
}

// demoBase is the mean page views of a weekday per module.
var demoBase = map[string]int{ModuleGuide: 160, ModulePublic: 50, ModuleVerify: 18, ModuleComplaint: 3,
	ModuleHome: 35, ModuleHall: 110}

// demoGroups is the path group of each module's demo views.
var demoGroups = map[string]string{ModuleGuide: "/guide/items/*", ModulePublic: "/public/results",
	ModuleVerify: "/verify/*", ModuleComplaint: "/ops/complaints/new", ModuleHome: "/", ModuleHall: "/cases"}

var (
	demoFound   = []string{"施工许可", "规划许可", "竣工验收", "消防设计审查", "用地规划许可", "人防"}
	demoMissing = []string{"排污许可", "白蚁防治", "临时占道", "绿化移植"}
)

// SeedDemo fills the days days before today with generated, closed-day
// figures for every region — page views, unique visitors, searches with
// and without results, guide views and conversions — and marks that period
// as demo data (reports then say so: Report.Demo). It does nothing and
// returns false when demo data was seeded before. One transaction,
// recorded as "sitestats.seed_demo". The figures are deterministic.
func (s *Service) SeedDemo(ctx context.Context, days int) (bool, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sitestats_demo`).Scan(&n); err != nil || n > 0 {
		return false, sqldb.Translate(err)
	}
	regs, err := s.regions.Regions(ctx)
	if err != nil {
		return false, err
	}
	items, err := s.items.Items(ctx, catalog.ItemFilter{})
	if err != nil {
		return false, err
	}
	codes := []string{""} // anonymous visitors of the public pages
	for _, r := range regs {
		codes = append(codes, r.Code)
	}
	today := s.today()
	rng := DemoRange{From: today.AddDays(-days), To: today.AddDays(-1)}
	rnd := rand.New(rand.NewPCG(2026, 511700))
	var stmts []sqldb.Stmt
	for d := rng.From; !d.After(rng.To); d = d.AddDays(1) {
		stmts = append(stmts, demoDay(rnd, d, codes, items)...)
	}
	stmts = append(stmts, sqldb.Stmt{SQL: `INSERT INTO sitestats_demo (id, first_day, last_day, created_at)
		VALUES (1, $1, $2, $3)`, Args: []any{rng.From, rng.To, sqldb.T(s.now())}})
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		for len(stmts) > 0 { // in chunks, to keep each PostgreSQL round trip moderate
			k := min(len(stmts), 400)
			if err := sqldb.ExecAll(ctx, tx, s.db.Dialect, stmts[:k]); err != nil {
				return err
			}
			stmts = stmts[k:]
		}
		return s.rec.Record(ctx, tx, audit.Entry{Action: "sitestats.seed_demo", ObjectType: "sitestats_demo",
			ObjectID: "1", Detail: rng})
	})
	return err == nil, err
}

// demoDay is one day of demo figures, quieter at weekends.
func demoDay(rnd *rand.Rand, d calendar.Date, regions []string, items []catalog.Item) []sqldb.Stmt {
	scale := 1.0
	if d.IsWeekend() {
		scale = 0.3
	}
	var out []sqldb.Stmt
	all := int64(0)
	byRegion := map[string]int64{}
	for _, m := range Modules {
		var modU int64
		for i, r := range regions {
			if r == "" && (m == ModuleHome || m == ModuleHall) {
				continue // the 网上大厅 is counted for signed-in users, whose region is known
			}
			share := 0.08
			if i == 0 {
				share = 0.5
			}
			v := int64(float64(demoBase[m]) * scale * share * (0.6 + 0.8*rnd.Float64()))
			if v == 0 {
				continue
			}
			u := max(1, v*int64(30+rnd.IntN(20))/100)
			modU += u
			byRegion[r] += u
			out = append(out, sqldb.Stmt{SQL: upsertViews, Args: []any{d.String(), m, r, demoGroups[m], v}},
				demoUniques(d, m, r, u))
		}
		all += modU * 8 / 10
		out = append(out, demoUniques(d, m, All, modU*9/10))
	}
	for r, u := range byRegion {
		out = append(out, demoUniques(d, All, r, u*8/10))
	}
	out = append(out, demoUniques(d, All, All, all))
	out = append(out, demoItems(rnd, d, items, scale)...)
	return append(out, demoSearches(rnd, d, scale)...)
}

func demoUniques(d calendar.Date, module, region string, n int64) sqldb.Stmt {
	return sqldb.Stmt{SQL: `INSERT INTO sitestats_uniques (day, module, region_code, visitors) VALUES ($1, $2, $3, $4)
		ON CONFLICT (day, module, region_code) DO UPDATE SET visitors = sitestats_uniques.visitors + excluded.visitors`,
		Args: []any{d.String(), module, region, max(n, 0)}}
}

func demoItems(rnd *rand.Rand, d calendar.Date, items []catalog.Item, scale float64) []sqldb.Stmt {
	var out []sqldb.Stmt
	for i, it := range items {
		if i >= 15 {
			break
		}
		views := int64(float64(4+rnd.IntN(20)) * scale)
		viewers := views * 6 / 10
		conv := viewers * int64(rnd.IntN(25)) / 100
		out = append(out, sqldb.Stmt{SQL: `INSERT INTO sitestats_items (day, item_code, views, viewers, conversions)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (day, item_code) DO NOTHING`,
			Args: []any{d.String(), it.Code, views, viewers, conv}})
	}
	return out
}

func demoSearches(rnd *rand.Rand, d calendar.Date, scale float64) []sqldb.Stmt {
	var out []sqldb.Stmt
	for i, term := range append(append([]string{}, demoFound...), demoMissing...) {
		n := int64(float64(rnd.IntN(8)) * scale)
		if n == 0 {
			continue
		}
		with, without := n, int64(0)
		if i >= len(demoFound) {
			with, without = 0, n
		}
		out = append(out, sqldb.Stmt{SQL: upsertSearch, Args: []any{d.String(), ModuleGuide, term, n, with, without}})
	}
	return out
}

// demoIn returns the demo period when it overlaps from–to.
func (q *query) demoIn(ctx context.Context) (*DemoRange, error) {
	var r DemoRange
	err := q.db.QueryRowContext(ctx, `SELECT first_day, last_day FROM sitestats_demo
		WHERE first_day <= $2 AND last_day >= $1`, q.from, q.to).Scan(&r.From, &r.To)
	if sqldb.NotFoundIf(err) {
		return nil, nil
	}
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	return &r, nil
}
