package project

import (
	"math"
	"strings"
	"testing"
	"unicode"

	"github.com/peterstace/simplefeatures/geom"
)

// siteSeeds are real and broken 用地红线 texts: shapes a surveyor's file
// or a web map exports, and the mistakes people make pasting them.
var siteSeeds = []string{
	square,
	`{"type":"Polygon","coordinates":[[[107.5,31.2],[107.502,31.2],[107.502,31.202],[107.5,31.202],[107.5,31.2]],
		[[107.5005,31.2005],[107.5015,31.2005],[107.5015,31.2015],[107.5005,31.2015],[107.5005,31.2005]]]}`,
	`{"type":"MultiPolygon","coordinates":[[[[107.5,31.2],[107.501,31.2],[107.501,31.201],[107.5,31.2]]],
		[[[107.6,31.3],[107.601,31.3],[107.601,31.301],[107.6,31.3]]]]}`,
	`{"type":"Feature","properties":{"name":"地块一"},"geometry":` + square + `}`,
	`{"type":"FeatureCollection","features":[{"type":"Feature","properties":null,"geometry":` + square + `}]}`,
	`{"type":"FeatureCollection","features":[]}`,
	`{"type":"Feature","geometry":{"type":"Feature","geometry":` + square + `}}`,
	`{"type":"Feature","geometry":null}`,
	`{"type":"Polygon","coordinates":[[[31.2,107.5],[31.2,107.501],[31.201,107.501],[31.2,107.5]]]}`,
	`{"type":"Polygon","coordinates":[[[36512345.6,3456789.0],[36512445.6,3456789.0],[36512445.6,3456889.0],[36512345.6,3456789.0]]]}`,
	`{"type":"Polygon","coordinates":[[[107.5,31.2],[107.501,31.2],[107.501,31.201],[107.5,31.201]]]}`,
	`{"type":"Polygon","coordinates":[[[107.5,31.2],[107.501,31.2],[107.5,31.2]]]}`,
	`{"type":"Polygon","coordinates":[[[107.5,31.2],[107.501,31.201],[107.501,31.2],[107.5,31.201],[107.5,31.2]]]}`,
	`{"type":"Polygon","coordinates":[[[107.5,31.2,350.5],[107.501,31.2,351],[107.501,31.201,352],[107.5,31.2,350.5]]]}`,
	`{"type":"Polygon","coordinates":[[[107.5,31.2],[107.5,31.2],[107.5,31.2],[107.5,31.2]]]}`,
	`{"type":"Polygon","coordinates":[[[107.5,31.2],[107.6,31.2],[107.7,31.2],[107.5,31.2]]]}`,
	`{"type":"Polygon","coordinates":[]}`, `{"type":"Polygon","coordinates":[[]]}`, `{"type":"Polygon"}`,
	`{"type":"Point","coordinates":[107.5,31.2]}`, `{"type":"GeometryCollection","geometries":[` + square + `]}`,
	`{"type":"Polygon","coordinates":[[[1e308,1e308],[-1e308,1e308],[1e308,-1e308],[1e308,1e308]]]}`,
	`{"type":"Polygon","coordinates":[[["107.5","31.2"],[107.501,31.2],[107.501,31.201],[107.5,31.2]]]}`,
	`{"type":"polygon","coordinates":[[[107.5,31.2],[107.501,31.2],[107.501,31.201],[107.5,31.2]]]}`,
	`{"type":"Polygon","crs":{"type":"name","properties":{"name":"EPSG:4490"}},"bbox":[107.5,31.2,107.501,31.201],` +
		`"coordinates":[[[107.5,31.2],[107.501,31.2],[107.501,31.201],[107.5,31.2]]]}`,
	`{"type":"Polygon","type":"Point","coordinates":[[[107.5,31.2],[107.501,31.2],[107.501,31.201],[107.5,31.2]]]}`,
	square + ` trailing`, ``, `   `, `null`, `[]`, `{}`, `{"type":"Polygon","coordinates":[[[107.5,31.2]`,
	`｛"type":"Polygon"｝`, "\xef\xbb\xbf" + square,
}

// FuzzParseSite checks the GeoJSON reader of project sites: blank text is
// no site; a refusal is a Chinese message; an accepted site has at most
// maxSitePositions positions, all inside Dazhou's box, a finite area no
// larger than the box, a centroid inside the box, and reading its
// normalised GeoJSON again gives the same site.
func FuzzParseSite(f *testing.F) {
	for _, s := range siteSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		site, msg := ParseSite(text)
		switch {
		case strings.TrimSpace(text) == "":
			if site != nil || msg != "" {
				t.Fatalf("blank text gave %+v, %q", site, msg)
			}
			return
		case msg != "":
			if site != nil || !hasHan(msg) {
				t.Fatalf("refusal %q with site %+v", msg, site)
			}
			return
		case site == nil:
			t.Fatalf("ParseSite(%q) gave neither a site nor a message", text)
		}
		checkSite(t, site)
		again, msg := ParseSite(site.GeoJSON)
		if msg != "" || again == nil || *again != *site {
			t.Fatalf("normalised site %q read again: %+v, %q; first %+v", site.GeoJSON, again, msg, site)
		}
	})
}

// boxArea bounds the area of any site: Dazhou's box, measured generously.
const boxArea = (dazhouMaxLon - dazhouMinLon) * 111_320 * (dazhouMaxLat - dazhouMinLat) * 111_320

func checkSite(t *testing.T, site *Site) {
	t.Helper()
	if math.IsNaN(site.AreaM2) || site.AreaM2 < 0 || site.AreaM2 > boxArea {
		t.Fatalf("site area %v m²", site.AreaM2)
	}
	if site.AreaM2 > 0 && !inDazhou(site.Centroid[0], site.Centroid[1]) {
		t.Fatalf("centroid %v outside Dazhou", site.Centroid)
	}
	g, err := geom.UnmarshalGeoJSON([]byte(site.GeoJSON))
	if err != nil {
		t.Fatalf("normalised GeoJSON %q does not read: %v", site.GeoJSON, err)
	}
	seq := g.DumpCoordinates()
	if seq.Length() > maxSitePositions {
		t.Fatalf("accepted %d positions", seq.Length())
	}
	for i := range seq.Length() {
		if xy := seq.GetXY(i); !inDazhou(xy.X, xy.Y) {
			t.Fatalf("accepted position %v outside Dazhou in %q", xy, site.GeoJSON)
		}
	}
}

func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}

// TestParseSite_NoFeatureInsideAFeature is the regression test of an input
// the fuzzer's seeds led to: a Feature whose geometry is a Feature, nested
// thousands of times within the 256 KB limit, was unwrapped level by level,
// each level decoding the whole remaining text again (15 s of CPU for one
// request), and then accepted. RFC 7946 allows no such nesting.
func TestParseSite_NoFeatureInsideAFeature(t *testing.T) {
	n := (maxSiteBytes - len(square)) / len(`{"type":"Feature","geometry":}`)
	text := strings.Repeat(`{"type":"Feature","geometry":`, n) + square + strings.Repeat(`}`, n)
	if site, msg := ParseSite(text); site != nil || !strings.Contains(msg, "不能是“Feature”") {
		t.Fatalf("%d nested Features: %+v, %q", n, site, msg)
	}
	wrapped := `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":` + square + `}]}`
	if site, msg := ParseSite(wrapped); site == nil || msg != "" {
		t.Fatalf("a collection of one Feature: %q", msg)
	}
}
