package project

import (
	"math"
	"strings"
	"testing"
)

const square = `{"type":"Polygon","coordinates":[[[107.5,31.2],[107.501,31.2],[107.501,31.201],[107.5,31.201],[107.5,31.2]]]}`

// ellipsoidArea is the area of a small lon/lat rectangle from the radii of
// curvature at its middle latitude: M·Δφ × N·cosφ·Δλ. It is independent of
// the projection ParseSite uses.
func ellipsoidArea(lat0, lat1, dLon float64) float64 {
	e2 := cgcsF * (2 - cgcsF)
	phi := (lat0 + lat1) / 2 * math.Pi / 180
	w := 1 - e2*math.Sin(phi)*math.Sin(phi)
	m := cgcsA * (1 - e2) / math.Pow(w, 1.5)
	n := cgcsA / math.Sqrt(w)
	return m * (lat1 - lat0) * math.Pi / 180 * n * math.Cos(phi) * dLon * math.Pi / 180
}

func TestParseSite_AreaOfAKnownSquare(t *testing.T) {
	s, msg := ParseSite(square)
	if msg != "" {
		t.Fatalf("ParseSite: %s", msg)
	}
	want := ellipsoidArea(31.2, 31.201, 0.001)
	if math.Abs(s.AreaM2-want)/want > 1e-6 {
		t.Fatalf("area %.4f m², want %.4f m² on the ellipsoid", s.AreaM2, want)
	}
	// The brief's spherical figure, 111.3 m × 95.2 m, within half a percent.
	if sphere := 111.3 * 95.2; math.Abs(s.AreaM2-sphere)/sphere > 0.005 {
		t.Fatalf("area %.1f m² is far from %.1f m²", s.AreaM2, sphere)
	}
	if math.Abs(s.Centroid[0]-107.5005) > 1e-9 || math.Abs(s.Centroid[1]-31.2005) > 1e-9 {
		t.Fatalf("centroid %v", s.Centroid)
	}
	if !strings.Contains(s.GeoJSON, `"Polygon"`) || s.AreaLabel() != twoDecimals(s.AreaM2) {
		t.Fatalf("normalised GeoJSON %q / label %q", s.GeoJSON, s.AreaLabel())
	}
}

func TestParseSite_HoleAndMultiPolygon(t *testing.T) {
	withHole := `{"type":"Polygon","coordinates":[
		[[107.5,31.2],[107.502,31.2],[107.502,31.202],[107.5,31.202],[107.5,31.2]],
		[[107.5005,31.2005],[107.5015,31.2005],[107.5015,31.2015],[107.5005,31.2015],[107.5005,31.2005]]]}`
	s, msg := ParseSite(withHole)
	if msg != "" {
		t.Fatal(msg)
	}
	want := ellipsoidArea(31.2, 31.202, 0.002) - ellipsoidArea(31.2005, 31.2015, 0.001)
	if math.Abs(s.AreaM2-want)/want > 1e-5 {
		t.Fatalf("area with hole %.2f, want %.2f", s.AreaM2, want)
	}
	multi := `{"type":"Feature","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[
		[[[107.5,31.2],[107.501,31.2],[107.501,31.201],[107.5,31.201],[107.5,31.2]]],
		[[[107.6,31.3],[107.601,31.3],[107.601,31.301],[107.6,31.301],[107.6,31.3]]]]}}`
	m, msg := ParseSite(multi)
	if msg != "" {
		t.Fatal(msg)
	}
	want = ellipsoidArea(31.2, 31.201, 0.001) + ellipsoidArea(31.3, 31.301, 0.001)
	if math.Abs(m.AreaM2-want)/want > 1e-5 {
		t.Fatalf("multipolygon area %.2f, want %.2f", m.AreaM2, want)
	}
}

func TestParseSite_Invalid(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"not JSON", `{"type":"Polygon",`, "不是有效的 GeoJSON"},
		{"a point", `{"type":"Point","coordinates":[107.5,31.2]}`, "不能是“Point”"},
		{"two features", `{"type":"FeatureCollection","features":[` + `{"type":"Feature","geometry":` + square + `},` +
			`{"type":"Feature","geometry":` + square + `}]}`, "只能包含一个要素"},
		{"no coordinates", `{"type":"Polygon","coordinates":[]}`, "没有坐标"},
		{"three positions", `{"type":"Polygon","coordinates":[[[107.5,31.2],[107.501,31.2],[107.5,31.2]]]}`, "至少需要4个坐标点"},
		{"not closed", `{"type":"Polygon","coordinates":[[[107.5,31.2],[107.501,31.2],[107.501,31.201],[107.5,31.201]]]}`, "没有闭合"},
		{"self-intersecting bow tie", `{"type":"Polygon","coordinates":[[[107.5,31.2],[107.501,31.201],[107.501,31.2],[107.5,31.201],[107.5,31.2]]]}`, "自相交"},
		{"hole outside its shell", `{"type":"Polygon","coordinates":[
			[[107.5,31.2],[107.501,31.2],[107.501,31.201],[107.5,31.201],[107.5,31.2]],
			[[107.6,31.3],[107.601,31.3],[107.601,31.301],[107.6,31.301],[107.6,31.3]]]}`, "内环"},
		{"Chengdu", `{"type":"Polygon","coordinates":[[[104.06,30.67],[104.07,30.67],[104.07,30.68],[104.06,30.67]]]}`, "不在达州市范围内"},
		{"projected metres", `{"type":"Polygon","coordinates":[[[36500000,3450000],[36500100,3450000],[36500100,3450100],[36500000,3450000]]]}`, "不要使用投影坐标"},
		{"latitude first", `{"type":"Polygon","coordinates":[[[31.2,107.5],[31.2,107.501],[31.201,107.501],[31.2,107.5]]]}`, "顺序颠倒"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, msg := ParseSite(tc.in)
			if s != nil || !strings.Contains(msg, tc.want) {
				t.Fatalf("ParseSite = %v, %q; want a message containing %q", s, msg, tc.want)
			}
		})
	}
	if s, msg := ParseSite("  "); s != nil || msg != "" {
		t.Fatalf("blank site: %v, %q", s, msg)
	}
}
