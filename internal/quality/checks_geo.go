package quality

import (
	"context"
	"fmt"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/peterstace/simplefeatures/geom"
)

// DazhouBoundary is an APPROXIMATE outline of Dazhou city (达州市, its two
// districts, four counties and 万源市) in longitude/latitude, drawn by hand
// around the administrative area with a margin of a few kilometres — good
// enough to catch swapped coordinates, projected coordinates and sites in
// another city, not a survey boundary. Replace it with the official
// boundary through the rule's "boundary" parameter (a GeoJSON Polygon).
const DazhouBoundary = `{"type":"Polygon","coordinates":[[[106.60,30.55],[107.10,30.35],[107.60,30.50],` +
	`[108.10,30.75],[108.50,31.15],[108.62,31.70],[108.45,32.10],[108.05,32.28],[107.60,32.15],` +
	`[107.30,31.75],[106.90,31.45],[106.60,31.15],[106.60,30.55]]]}`

const sqlSites = `SELECT p.id, r.code, p.code, p.name, p.address, COALESCE(p.site_geojson, '')
FROM projects p JOIN regions r ON r.id = p.region_id
ORDER BY p.id`

const sqlSitesByRegion = `SELECT r.code, COUNT(*) FROM projects p JOIN regions r ON r.id = p.region_id
WHERE p.site_geojson IS NOT NULL GROUP BY r.code`

func init() {
	register("project_site_in_dazhou", sqlSites+"\n-- Go：用地红线（site_geojson）须完全位于达州市边界（参数 boundary，默认为近似边界）之内。", checkSiteInDazhou)
	register("project_duplicates", sqlSites+"\n-- Go：规范化后项目代码相同；或项目名称相似度不低于 name_similarity 且用地红线重叠"+
		"\n-- （无红线时：名称与建设地址规范化后相同）。后登记的项目记为重复。", checkDuplicates)
}

// siteRow is one row of sqlSites with its parsed site (empty when none).
type siteRow struct {
	id                       int64
	region, code, name, addr string
	site                     geom.Geometry
	hasSite, badSite         bool
}

func loadSites(ctx context.Context, q sqldb.Querier) ([]siteRow, error) {
	rows, err := q.QueryContext(ctx, sqlSites)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []siteRow
	for rows.Next() {
		var s siteRow
		var text string
		if err := rows.Scan(&s.id, &s.region, &s.code, &s.name, &s.addr, &text); err != nil {
			return nil, sqldb.Translate(err)
		}
		if text != "" {
			g, err := geom.UnmarshalGeoJSON([]byte(text), geom.NoValidate{})
			s.site, s.hasSite, s.badSite = g, err == nil, err != nil
		}
		out = append(out, s)
	}
	return out, sqldb.Translate(rows.Err())
}

func checkSiteInDazhou(ctx context.Context, e *checkEnv) (outcome, error) {
	boundary, err := geom.UnmarshalGeoJSON([]byte(e.stringParam("boundary", DazhouBoundary)))
	if err != nil {
		return outcome{}, fmt.Errorf("参数 boundary 不是有效的 GeoJSON 多边形：%w", err)
	}
	eval, err := countBy(ctx, e.q, sqlSitesByRegion)
	if err != nil {
		return outcome{}, err
	}
	sites, err := loadSites(ctx, e.q)
	if err != nil {
		return outcome{}, err
	}
	out := outcome{evaluated: eval}
	for _, s := range sites {
		msg := ""
		switch {
		case s.badSite:
			msg = "用地红线不是有效的 GeoJSON。"
		case s.hasSite:
			if inside, err := geom.CoveredBy(s.site, boundary); err != nil || !inside {
				msg = "用地红线超出达州市范围（按近似边界判断），请核对坐标（经度在前、纬度在后，使用经纬度而非投影坐标）。"
			}
		}
		if msg != "" {
			out.failures = append(out.failures, projectFailure(s.id, s.region, "项目“"+s.name+"”（"+s.code+"）："+msg))
		}
	}
	return out, nil
}
