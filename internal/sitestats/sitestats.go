// Package sitestats is 政府网站服务统计: server-side statistics of the public
// pages (办事指南, 办结公示, 证照核验, 投诉) and of the 网上大厅 — page views,
// unique visitors, searches and their results, and 办事指南 item pages that
// lead to an online application the same day — by day, module and region,
// without any third-party tracker.
//
// Privacy is by construction: no IP address, User-Agent, user id or query
// string is stored. A visitor is HMAC-SHA256(salt of the day, IP + UA),
// truncated; the salt is random per day, kept in the database only while the
// day is open, and deleted with the per-visitor rows when the day closes
// (CloseDays), so visitors can be counted once per day but never followed
// from one day to the next nor traced back to an address.
//
// Recording is cheap: Middleware classifies a request, the event goes into a
// bounded in-memory buffer (a full buffer drops and counts, never blocks),
// and Run flushes the buffer in one transaction of upserts every few seconds
// or every BatchSize events.
package sitestats

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The modules a page view is counted under.
const (
	ModuleHome      = "home"      // 网上大厅首页 (/), for enterprise users
	ModuleGuide     = "guide"     // 办事指南
	ModulePublic    = "public"    // 办结公示
	ModuleVerify    = "verify"    // 证照核验
	ModuleComplaint = "complaint" // 投诉（公众投诉表单）
	ModuleHall      = "hall"      // 网上大厅: 申报、项目、办件、证照、预约, for enterprise users
)

// Modules lists the modules in display order.
var Modules = []string{ModuleGuide, ModulePublic, ModuleVerify, ModuleComplaint, ModuleHome, ModuleHall}

var moduleLabels = map[string]string{
	ModuleHome: "网上大厅首页", ModuleGuide: "办事指南", ModulePublic: "办结公示", ModuleVerify: "证照核验",
	ModuleComplaint: "投诉", ModuleHall: "网上大厅",
}

// ModuleLabel is the Chinese name of module m (m itself when unknown).
func ModuleLabel(m string) string {
	if l, ok := moduleLabels[m]; ok {
		return l
	}
	return m
}

// publicPrefixes map path prefixes of the public pages, counted for anyone.
var publicPrefixes = []struct{ prefix, module string }{
	{"/guide/", ModuleGuide}, {"/public/", ModulePublic}, {"/verify/", ModuleVerify},
	{"/ops/complaints/", ModuleComplaint},
}

// hallPrefixes are the 网上大厅 pages, counted only for enterprise users
// (staff use the same URLs for their daily work, which is not site traffic).
var hallPrefixes = []string{"/apply", "/projects", "/cases", "/licences", "/appointments"}

// excludedPrefixes are never page views, whatever they answer.
var excludedPrefixes = []string{"/static/", "/api/", "/healthz", "/readyz", "/metrics", "/guide/blobs/"}

// Excluded reports whether path is never counted (assets, API, probes).
func Excluded(path string) bool {
	for _, p := range excludedPrefixes {
		if strings.HasPrefix(path, p) || path+"/" == p {
			return true
		}
	}
	return false
}

// ModuleOf returns the module of a page at path, or "" when the page is not
// counted. enterprise tells whether the viewer is an enterprise user (or an
// agent acting for one): only they count in the 网上大厅 modules.
func ModuleOf(path string, enterprise bool) string {
	if Excluded(path) {
		return ""
	}
	for _, p := range publicPrefixes {
		if strings.HasPrefix(path+"/", p.prefix) {
			return p.module
		}
	}
	if !enterprise {
		return ""
	}
	if path == "/" {
		return ModuleHome
	}
	for _, p := range hallPrefixes {
		if path == p || strings.HasPrefix(path, p+"/") {
			return ModuleHall
		}
	}
	return ""
}

// maxGroupSegments bounds a path group, so that the number of groups stays small.
const maxGroupSegments = 4

// PathGroup is path with every segment that is not a plain lower-case word
// (ids, codes, numbers) replaced by "*", and cut after four segments:
// /guide/items/11-0001-00 → /guide/items/*, /projects/12/apply →
// /projects/*/apply. It names a page kind, never an object.
func PathGroup(path string) string {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	if len(segs) > maxGroupSegments {
		segs = append(segs[:maxGroupSegments], "…")
	}
	for i, s := range segs {
		if s != "…" && !plainWord(s) {
			segs[i] = "*"
		}
	}
	return "/" + strings.Join(segs, "/")
}

func plainWord(s string) bool {
	if len(s) > 24 {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && r != '-' && r != '_' && r != '.' {
			return false
		}
	}
	return true
}

// GuideItem returns the item code of a 办事指南 item page
// (/guide/items/{code} and /guide/items/{code}/illustrated), or "".
func GuideItem(path string) string {
	rest, ok := strings.CutPrefix(path, "/guide/items/")
	if !ok {
		return ""
	}
	code, tail, _ := strings.Cut(rest, "/")
	if tail != "" && tail != "illustrated" || !validCode(code) {
		return ""
	}
	return code
}

// validCode admits catalog item codes: short, letters, digits and - . _.
func validCode(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '.' || r == '_')) {
			return false
		}
	}
	return true
}

var regionCode = regexp.MustCompile(`^5117\d\d$`)

// ValidRegion reports whether code is shaped like a Dazhou region code
// (511700 and the counties 5117xx); anything else is stored as unknown.
func ValidRegion(code string) bool { return regionCode.MatchString(code) }

// MaxTermRunes is the longest search term kept.
const MaxTermRunes = 50

var (
	idCardNumber = regexp.MustCompile(`\d{17}[\dXx]`)
	mobileNumber = regexp.MustCompile(`(^|\D)1[3-9]\d{9}($|\D)`)
)

// PersonalMask replaces what looks like an identity card or mobile number in
// a search term: a term is statistics, never a way to keep who searched.
const PersonalMask = "［疑似个人信息］"

// NormaliseTerm trims a search term, collapses white space, folds ASCII to
// lower case, masks identity card and mobile numbers and keeps at most
// MaxTermRunes runes. "" means there is nothing to record.
func NormaliseTerm(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	if s == "" {
		return ""
	}
	s = idCardNumber.ReplaceAllString(s, PersonalMask)
	s = mobileNumber.ReplaceAllString(s, "${1}"+PersonalMask+"${2}")
	if utf8.RuneCountInString(s) > MaxTermRunes {
		s = string([]rune(s)[:MaxTermRunes])
	}
	return s
}
