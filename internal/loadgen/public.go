package loadgen

import (
	"net/url"
	"regexp"
	"strconv"
)

// searchTerms are what people type into the searches, two-character terms
// included (the hardest case for a Chinese search).
var searchTerms = []string{"住宅", "厂房", "道路", "物流", "学校", "停车", "标准厂房", "产业园", "演示", "达州"}

// guideItems are item guides people reach directly (from a search engine or
// a link on the government portal) rather than through the guide list.
var guideItems = []string{"construction_permit", "fire_design_filing", "construction_planning_permit",
	"land_use_planning_permit", "joint_acceptance", "completion_filing", "low_risk_construction_permit"}

var (
	guideLinkRe  = regexp.MustCompile(`href="(/guide/items/[a-z0-9_]+)"`)
	resultLinkRe = regexp.MustCompile(`href="(/public/results/[^"?]+)"`)
)

// publicActions: the anonymous visitor of 办事指南 and 办结公示.
var publicActions = []action{
	{15, browse("guide.list", "/guide/items", "guide.item", guideLinkRe)},
	{10, func(u *user) error {
		return open("guide.item", "/guide/items/"+pick(u.rng, guideItems))(u)
	}},
	{5, func(u *user) error {
		return open("guide.illustrated", "/guide/items/"+pick(u.rng, guideItems)+"/illustrated")(u)
	}},
	{5, func(u *user) error {
		return open("guide.flow", "/guide/flows/"+u.region+"/"+pick(u.rng, []string{"1", "3", "4", "5"}))(u)
	}},
	{15, browse("results.list", "/public/results", "results.detail", resultLinkRe)},
	{15, func(u *user) error {
		return browse("results.search", "/public/results?q="+url.QueryEscape(pick(u.rng, searchTerms)),
			"results.detail", resultLinkRe)(u)
	}},
	{5, func(u *user) error {
		return open("results.list", "/public/results?page="+strconv.Itoa(2+u.rng.IntN(5)))(u)
	}},
	{3, open("complaint.form", "/ops/complaints/new")},
}
