package anomaly

import (
	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/notify"
)

// Notification kinds sent by this package.
const (
	NoticeFiring    = "indicator.alert.firing"    // an alert became firing
	NoticeNoData    = "indicator.alert.nodata"    // a region reported nothing on a working day
	NoticeRecovered = "indicator.alert.recovered" // a firing alert returned to normal by itself
)

// viewerRoles are the roles that see indicators (access.IndicatorView):
// the addressees of alert notifications, in the alert's region. City-wide
// roles at 511700 receive every region's (see package notify).
func viewerRoles() []access.Role {
	var out []access.Role
	for _, r := range access.Roles {
		if r.Grants(access.IndicatorView) {
			out = append(out, r)
		}
	}
	return out
}

// alertNotices are the notifications of a's transition from state from:
// entering firing or nodata, and returning to normal from firing or
// recovering. Pending and the other changes are quiet: they may not last.
func alertNotices(a *Alert, from State) []notify.Notification {
	var kind, title string
	switch {
	case a.State == Firing && from != Recovering:
		kind, title = NoticeFiring, "指标告警："+a.Title()
	case a.State == NoData:
		kind, title = NoticeNoData, "指标未上报："+a.RegionName+" "+a.IndicatorName+"（"+a.Day.Label()+"）"
	case a.State == Normal && (from == Firing || from == Recovering):
		kind, title = NoticeRecovered, "指标恢复正常："+a.Title()
	default:
		return nil
	}
	var out []notify.Notification
	for _, role := range viewerRoles() {
		out = append(out, notify.Notification{Kind: kind, Title: title, Body: a.Explanation, Link: Link(a.ID),
			ToRole: role, ToRegionCode: a.RegionCode})
	}
	return out
}
