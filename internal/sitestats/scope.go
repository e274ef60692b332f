package sitestats

import (
	"context"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/org"
)

// RegionChoices returns the regions the principal in ctx may report on,
// and whether they may report on all regions at once (city-wide scope).
// Errors: Unauthenticated; Forbidden without access.SiteStatsView.
func (s *Service) RegionChoices(ctx context.Context) ([]org.Region, bool, error) {
	p, err := access.Authorize(ctx, access.SiteStatsView, "")
	if err != nil {
		return nil, false, err
	}
	regs, err := s.regions.Regions(ctx)
	if err != nil {
		return nil, false, err
	}
	scope := p.ScopeOf(access.SiteStatsView)
	out := regs[:0:0]
	for _, r := range regs {
		if scope.Contains(r.Code) {
			out = append(out, r)
		}
	}
	return out, scope.All, nil
}

// Conditions describes rep for the 查询条件 sheet of its export: period,
// region, what the figures mean, who made it and when.
func (s *Service) Conditions(ctx context.Context, rep Report) ([]Condition, error) {
	p, err := access.Require(ctx)
	if err != nil {
		return nil, err
	}
	region := "全部区县"
	if rep.Region != "" {
		region = rep.Region
		if regs, err := s.regions.Regions(ctx); err == nil {
			for _, r := range regs {
				if r.Code == rep.Region {
					region = r.Name + "（" + r.Code + "）"
				}
			}
		}
	} else if !rep.SiteWide {
		region = "本人可见的区县"
	}
	scope := "页面浏览与访客（不含搜索和办事指南转化：这两项不分区县，仅市级用户查看全部区县时提供）"
	if rep.SiteWide {
		scope = "页面浏览与访客、搜索、办事指南转化"
	}
	conds := []Condition{
		{"统计期间", rep.From.String() + " 至 " + rep.To.String() + "（北京时间，按日）"},
		{"区县", region},
		{"数据范围", scope},
		{"统计对象", "公开页面（办事指南、办结公示、证照核验、投诉）和企业用户的网上大厅页面；不含接口、静态文件和出错的页面"},
		{"访客口径", "同一访客同一天只计一次；不跨日识别，故期间访客为各日访客之和"},
		{"个人信息", "不保存 IP 地址、浏览器标识、用户或完整查询串；搜索词中的身份证号、手机号已隐去"},
		{"制表人", p.Name},
		{"制表时间", s.now().In(shanghai).Format("2006-01-02 15:04")},
	}
	if rep.Demo != nil {
		conds = append(conds, Condition{"演示数据", rep.Demo.From.String() + " 至 " + rep.Demo.To.String() +
			" 的数字为系统生成的演示数据，不是真实访问"})
	}
	return conds, nil
}

// shanghai is Beijing time, in which days and the export time are told.
var shanghai = time.FixedZone("CST", 8*3600)
