//go:build e2e

package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// mainPages are the working pages of each role (anon: signed out).
var mainPages = map[string][]string{
	"anon": {"/guide/items", "/guide/items/low_risk_construction_permit", "/guide/items/low_risk_construction_permit/illustrated",
		"/guide/flows/511702/4", "/public/results", "/ops/complaints/new"},
	"qiye":      {"/", "/apply", "/projects", "/cases", "/licences", "/appointments", "/appointments/new?region=511702", "/notifications"},
	"chuangkou": {"/", "/cases?queue=window", "/windows/desk", "/windows/stats", "/apply"},
	"shenpi.zj": {"/", "/cases?queue=department", "/rectifications", "/supervision"},
	"jianguan": {"/supervision", "/rectifications", "/windows/stats", "/ops/tickets", "/indicators",
		"/indicators/overdue_rate", "/indicator-alerts", "/reports", "/reports/standard", "/reports/dynamic", "/sitestats"},
	"fuzeren": {"/indicators", "/quality", "/quality/my-tasks", "/reports"},
	"yunwei": {"/ops", "/ops/tickets", "/ops/register", "/ops/reports", "/ops/kb", "/ops/training", "/ops/tickets/new",
		"/quality", "/quality/rules", "/exchange", "/indicator-rules", "/indicators/admin"},
	"admin": {"/windows", "/admin/catalog/items", "/admin/calendar"},
}

// TestMainPagesFit: every main page of every role opens without an error
// and fits a 375 px phone and a 1280 px desktop without sideways scrolling
// (wide tables scroll inside their own box); a screenshot of each is saved
// to e2e/testdata/screens for review.
func TestMainPagesFit(t *testing.T) {
	for _, width := range []int{375, 1280} {
		for user, pages := range mainPages {
			t.Run(fmt.Sprintf("%s-%dpx", user, width), func(t *testing.T) {
				b := newTab(t)
				b.do(chromedp.EmulateViewport(int64(width), 900))
				if user != "anon" {
					b.loginAs(user)
				}
				for _, p := range pages {
					if status := b.open(p); status != 200 {
						t.Fatalf("%s as %s: status %d", p, user, status)
					}
					b.noHorizontalScroll(p, width)
					if bad := eval[string](b, `(document.body.innerText.match(/%![a-zA-Z]\(/) || [''])[0]`); bad != "" {
						t.Errorf("%s shows a formatting error %q", p, bad)
					}
					name := fmt.Sprintf("%s%s-%d", user, strings.NewReplacer("/", "_", "?", "_", "=", "-", "&", "_").Replace(p), width)
					saveReview(t, b, name)
				}
			})
		}
	}
}
