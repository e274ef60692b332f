package sitestats

import (
	"context"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// Filter selects the days and the region of a report.
type Filter struct {
	From, To calendar.Date
	Region   string // "" all regions in the caller's scope
}

// MaxDays is the longest period of one report.
const MaxDays = 366

// DefaultDays is the period shown when none is asked for: the last 30 days.
const DefaultDays = 30

// ParseFilter reads the period and region of a report from text as typed
// ("YYYY-MM-DD", region code); empty dates default to the DefaultDays days
// ending today. Errors: Invalid with messages for the fields from, to and
// region.
func ParseFilter(from, to, region string, today calendar.Date) (Filter, error) {
	f := Filter{To: today, Region: strings.TrimSpace(region)}
	bad := map[string]string{}
	if s := strings.TrimSpace(to); s != "" {
		d, err := calendar.ParseDate(s)
		if err != nil {
			bad["to"] = "结束日期应为 2026-03-09 这样的日期。"
		}
		f.To = d
	}
	f.From = f.To.AddDays(-(DefaultDays - 1))
	if s := strings.TrimSpace(from); s != "" {
		d, err := calendar.ParseDate(s)
		if err != nil {
			bad["from"] = "开始日期应为 2026-03-09 这样的日期。"
		}
		f.From = d
	}
	if len(bad) == 0 {
		switch {
		case f.From.After(f.To):
			bad["from"] = "开始日期不能晚于结束日期。"
		case f.To.Sub(f.From) >= MaxDays:
			bad["from"] = "统计期间最长 366 天，请缩短期间。"
		}
	}
	if f.Region != "" && !ValidRegion(f.Region) {
		bad["region"] = "区县编码无效，请从列表中选择。"
	}
	if len(bad) > 0 {
		return f, errs.FieldErrors(bad)
	}
	return f, nil
}

// Report is the statistics of a period. Visitors are unique per day:
// a person is counted again on each day they come back (nothing links days),
// so a period's visitors are the sum of its days' ("人次（按日去重）").
type Report struct {
	From     calendar.Date `json:"from"`
	To       calendar.Date `json:"to"`
	Region   string        `json:"region" doc:"区县编码；空为调用者可见的全部区县"`
	SiteWide bool          `json:"site_wide" doc:"是否含全站数据（搜索、办事指南转化）：仅市级用户且未按区县筛选时"`
	Views    int64         `json:"views"`
	Visitors int64         `json:"visitors" doc:"按日去重的访客数之和"`
	Days     []DayRow      `json:"days"`
	Modules  []CountRow    `json:"modules"`
	Regions  []CountRow    `json:"regions"`
	Searches []SearchRow   `json:"searches" doc:"搜索次数最多的词（前 20）"`
	// NoResults are the terms searched without results, most frequent
	// first: what people look for and do not find.
	NoResults []SearchRow `json:"no_results"`
	Items     []ItemRow   `json:"items" doc:"办事指南事项浏览与当日网上申报转化（前 50）"`
	// Demo is the part of the system's history filled with generated demo
	// figures, when the period overlaps it.
	Demo *DemoRange `json:"demo,omitempty" doc:"期间与演示数据重叠时给出演示数据的起止日期"`
}

// DayRow is one day of a report.
type DayRow struct {
	Day      calendar.Date `json:"day"`
	Views    int64         `json:"views"`
	Visitors int64         `json:"visitors"`
}

// CountRow is the views and visitors of one module or region.
type CountRow struct {
	Key      string `json:"key" doc:"模块或区县编码（空：未识别区县）"`
	Label    string `json:"label"`
	Views    int64  `json:"views"`
	Visitors int64  `json:"visitors"`
}

// SearchRow is one search term of one module.
type SearchRow struct {
	Module      string `json:"module"`
	ModuleLabel string `json:"module_label"`
	Term        string `json:"term"`
	Searches    int64  `json:"searches"`
	WithResults int64  `json:"with_results"`
	NoResults   int64  `json:"no_results"`
}

// ItemRow is the guide page of one item: views, unique viewers (per day)
// and conversions (viewers who applied online the same day).
type ItemRow struct {
	Code        string  `json:"code"`
	Name        string  `json:"name"`
	Views       int64   `json:"views"`
	Viewers     int64   `json:"viewers"`
	Conversions int64   `json:"conversions"`
	Rate        float64 `json:"rate" doc:"conversions / viewers；无浏览者时为 -1"`
}

// RatePct is Rate as "12.5%", or "—" without viewers.
func (r ItemRow) RatePct() string { return Percent(r.Rate) }

// Report returns the statistics of f.
//
// Who: access.SiteStatsView. A county user sees their county's page views
// and visitors only (f.Region "" means their county); searches and guide
// conversions carry no region and are shown to city-wide users reporting
// on all regions (SiteWide). Errors: Unauthenticated; Forbidden (no
// permission, or f.Region outside the scope).
func (s *Service) Report(ctx context.Context, f Filter) (Report, error) {
	p, err := access.Authorize(ctx, access.SiteStatsView, f.Region)
	if err != nil {
		return Report{}, err
	}
	scope := p.ScopeOf(access.SiteStatsView)
	regions := scope.Filter()
	if f.Region != "" {
		regions = []string{f.Region}
	}
	rep := Report{From: f.From, To: f.To, Region: f.Region, SiteWide: regions == nil}
	q := query{db: s.db, from: f.From, to: f.To, regions: regions}
	if err := s.fill(ctx, &q, &rep); err != nil {
		return Report{}, err
	}
	return rep, nil
}

func (s *Service) fill(ctx context.Context, q *query, rep *Report) error {
	var err error
	if rep.Demo, err = q.demoIn(ctx); err != nil {
		return err
	}
	if rep.Days, err = q.days(ctx); err != nil {
		return err
	}
	for _, d := range rep.Days {
		rep.Views += d.Views
		rep.Visitors += d.Visitors
	}
	if rep.Modules, err = q.modules(ctx); err != nil {
		return err
	}
	if rep.Regions, err = q.regionRows(ctx); err != nil {
		return err
	}
	if err := s.nameRegions(ctx, rep.Regions); err != nil {
		return err
	}
	if !rep.SiteWide {
		return nil
	}
	if rep.Searches, err = q.searches(ctx, false, 20); err != nil {
		return err
	}
	if rep.NoResults, err = q.searches(ctx, true, 50); err != nil {
		return err
	}
	if rep.Items, err = q.itemRows(ctx, 50); err != nil {
		return err
	}
	return s.nameItems(ctx, rep.Items)
}

func (s *Service) nameRegions(ctx context.Context, rows []CountRow) error {
	regs, err := s.regions.Regions(ctx)
	if err != nil {
		return err
	}
	names := map[string]string{"": "未识别区县"}
	for _, r := range regs {
		names[r.Code] = r.Name
	}
	for i := range rows {
		if rows[i].Label = names[rows[i].Key]; rows[i].Label == "" {
			rows[i].Label = rows[i].Key
		}
	}
	return nil
}

func (s *Service) nameItems(ctx context.Context, rows []ItemRow) error {
	if len(rows) == 0 {
		return nil
	}
	items, err := s.items.Items(ctx, catalog.ItemFilter{IncludeInactive: true})
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, it := range items {
		names[it.Code] = it.Name
	}
	for i := range rows {
		if rows[i].Name = names[rows[i].Code]; rows[i].Name == "" {
			rows[i].Name = "（目录中无此事项）"
		}
	}
	return nil
}
