package project

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/peterstace/simplefeatures/geom"
)

// Dazhou's bounding box in longitude/latitude degrees, a little larger than
// the city's territory (about 106°39′–108°32′ E, 30°20′–32°20′ N) so that no
// real site near the border is refused. Every site coordinate must lie in it.
const (
	dazhouMinLon = 106.6
	dazhouMaxLon = 108.6
	dazhouMinLat = 30.4
	dazhouMaxLat = 32.3
)

// Limits on a site polygon, to keep validation and storage cheap.
const (
	maxSiteBytes     = 256 << 10
	maxSitePositions = 10000
)

// ParseSite validates a GeoJSON site and returns it normalised with its area
// and centroid; "" (after trimming) gives nil and no problem. Accepted: a
// Polygon or MultiPolygon geometry, or a Feature (or a FeatureCollection of
// one Feature) holding one, in longitude/latitude order (WGS84 or CGCS2000,
// which differ by centimetres). Every ring must be closed with at least 4
// positions, every coordinate inside Dazhou's box, and the geometry valid by
// simplefeatures' rules (no self-intersection, holes inside their shell, …).
// On failure it returns a Chinese message.
func ParseSite(text string) (*Site, string) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, ""
	}
	if len(text) > maxSiteBytes {
		return nil, "用地红线数据过大（超过256KB），请简化边界后再提交。"
	}
	raw, msg := geometryJSON([]byte(text))
	if msg != "" {
		return nil, msg
	}
	loose, err := geom.UnmarshalGeoJSON(raw, geom.NoValidate{})
	if err != nil {
		return nil, "用地红线不是有效的 GeoJSON，请检查括号、逗号和坐标是否完整。"
	}
	if msg := checkRings(loose); msg != "" {
		return nil, msg
	}
	g, err := geom.UnmarshalGeoJSON(raw) // with simplefeatures' validation
	if err != nil {
		return nil, validationMessage(err)
	}
	return siteOf(g), ""
}

// geometryJSON returns the geometry object of text, unwrapping a Feature or
// a FeatureCollection of exactly one Feature. Nothing nests deeper (RFC
// 7946: a Feature's geometry is a geometry), which also bounds the work:
// each level decodes the whole remaining text again.
func geometryJSON(text []byte) (json.RawMessage, string) {
	outer := ""
	for {
		var obj struct {
			Type     string            `json:"type"`
			Geometry json.RawMessage   `json:"geometry"`
			Features []json.RawMessage `json:"features"`
		}
		if err := json.Unmarshal(text, &obj); err != nil {
			return nil, "用地红线不是有效的 GeoJSON，请检查括号、逗号和坐标是否完整。"
		}
		switch {
		case obj.Type == "Polygon" || obj.Type == "MultiPolygon":
			return text, ""
		case obj.Type == "Feature" && outer != "Feature":
			outer, text = obj.Type, obj.Geometry
		case obj.Type == "FeatureCollection" && outer == "":
			if len(obj.Features) != 1 {
				return nil, "用地红线只能包含一个要素（Feature）；多个地块请合并为一个 MultiPolygon。"
			}
			outer, text = obj.Type, obj.Features[0]
		case obj.Type == "":
			return nil, "用地红线缺少几何图形：应为 Polygon（多边形）或 MultiPolygon（多个多边形）。"
		default:
			return nil, "用地红线应为 Polygon（多边形）或 MultiPolygon（多个多边形），不能是“" + obj.Type + "”。"
		}
	}
}

// checkRings checks what simplefeatures' messages would not make clear:
// emptiness, ring length and closure, the number of positions and the box.
func checkRings(g geom.Geometry) string {
	var polys []geom.Polygon
	if mp, ok := g.AsMultiPolygon(); ok {
		for i := range mp.NumPolygons() {
			polys = append(polys, mp.PolygonN(i))
		}
	} else if p, ok := g.AsPolygon(); ok {
		polys = append(polys, p)
	}
	if len(polys) == 0 || g.IsEmpty() {
		return "用地红线没有坐标，请粘贴完整的地块边界。"
	}
	total := 0
	for _, p := range polys {
		rings := []geom.LineString{p.ExteriorRing()}
		for i := range p.NumInteriorRings() {
			rings = append(rings, p.InteriorRingN(i))
		}
		for _, r := range rings {
			seq := r.Coordinates()
			total += seq.Length()
			if msg := ringProblem(seq); msg != "" {
				return msg
			}
		}
	}
	if total > maxSitePositions {
		return fmt.Sprintf("用地红线的坐标点过多（%d个，最多%d个），请简化边界后再提交。", total, maxSitePositions)
	}
	return ""
}

func ringProblem(seq geom.Sequence) string {
	n := seq.Length()
	if n < 4 {
		return "地块边界的每个环至少需要4个坐标点（首尾相同的闭合环），当前只有" + fmt.Sprint(n) + "个。"
	}
	if seq.GetXY(0) != seq.GetXY(n-1) {
		return "地块边界没有闭合：每个环的最后一个坐标点必须与第一个相同。"
	}
	for i := range n {
		if msg := positionProblem(seq.GetXY(i)); msg != "" {
			return msg
		}
	}
	return ""
}

func inDazhou(lon, lat float64) bool {
	return lon >= dazhouMinLon && lon <= dazhouMaxLon && lat >= dazhouMinLat && lat <= dazhouMaxLat
}

func positionProblem(xy geom.XY) string {
	if inDazhou(xy.X, xy.Y) {
		return ""
	}
	if inDazhou(xy.Y, xy.X) {
		return fmt.Sprintf("坐标 [%g, %g] 的经纬度顺序颠倒：GeoJSON 要求经度在前、纬度在后。", xy.X, xy.Y)
	}
	return fmt.Sprintf("坐标 [%g, %g] 不在达州市范围内（经度%.1f°–%.1f°，纬度%.1f°–%.1f°）；请使用 CGCS2000 或 WGS84 经纬度，不要使用投影坐标。",
		xy.X, xy.Y, dazhouMinLon, dazhouMaxLon, dazhouMinLat, dazhouMaxLat)
}

// validationMessage turns simplefeatures' (English) validation error into
// Chinese; the library's error types are unexported, so its text is read.
func validationMessage(err error) string {
	s := err.Error()
	switch {
	case strings.Contains(s, "not simple"):
		return "地块边界自相交（边线交叉），请检查坐标点的顺序。"
	case strings.Contains(s, "nested") || strings.Contains(s, "outside of exterior"):
		return "地块的内环（挖空部分）必须位于外环之内，且不能互相嵌套。"
	case strings.Contains(s, "multiple points") || strings.Contains(s, "disconnected"):
		return "地块的各环或各多边形之间不能重叠或多处相接。"
	}
	return "用地红线不是有效的多边形，请检查坐标。"
}

// siteOf computes a valid geometry's area and centroid.
func siteOf(g geom.Geometry) *Site {
	b, _ := g.MarshalJSON() // a validated geometry always marshals
	s := &Site{GeoJSON: string(b), AreaM2: g.Area(geom.WithTransform(equalArea))}
	if xy, ok := g.Centroid().XY(); ok {
		s.Centroid = [2]float64{xy.X, xy.Y}
	}
	return s
}

// The CGCS2000 ellipsoid (practically equal to GRS 80 and WGS 84 for area).
const (
	cgcsA = 6378137.0
	cgcsF = 1 / 298.257222101
)

// equalArea projects longitude/latitude degrees with the Lambert cylindrical
// equal-area projection on the CGCS2000 ellipsoid (EPSG method 9835, k0 = 1):
// x = a·λ, y = a·q(φ)/2 with q the authalic function. Planar area in this
// projection is the area on the ellipsoid in square metres; edges are
// straight in the projection rather than geodesics, which for sites of a
// few kilometres changes the area by far less than a square metre.
func equalArea(xy geom.XY) geom.XY {
	e2 := cgcsF * (2 - cgcsF)
	e := math.Sqrt(e2)
	sin := math.Sin(xy.Y * math.Pi / 180)
	q := (1 - e2) * (sin/(1-e2*sin*sin) - math.Log((1-e*sin)/(1+e*sin))/(2*e))
	return geom.XY{X: cgcsA * xy.X * math.Pi / 180, Y: cgcsA * q / 2}
}
