package evaluation

import (
	"net/http"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// rectList is the body of GET /api/v1/rectifications.
type rectList struct {
	Items []Rectification `json:"items"`
	Count int             `json:"count" doc:"符合条件的总数（不受 limit/offset 影响）"`
}

// resultList is the body of GET /api/v1/public/results.
type resultList struct {
	Items []Result `json:"items"`
	Count int      `json:"count"`
	// CountCapped: more than Count match (Count is ResultCountCap).
	CountCapped bool `json:"count_capped"`
}

// ratingBody is the body of GET /api/v1/cases/{id}/rating.
type ratingBody struct {
	Ratable       bool           `json:"ratable" doc:"办件状态允许评价（办结或不予受理）"`
	Rating        *Rating        `json:"rating" doc:"本人（本企业）的评价；未评价为 null"`
	Rectification *Rectification `json:"rectification,omitempty"`
}

// textRequest is the body of answer and close; followupRequest of followup.
type textRequest struct {
	Text string `json:"text" doc:"整改答复或办结说明，最多 1000 字"`
}

type followupRequest struct {
	Satisfied bool   `json:"satisfied" doc:"对整改结果是否满意"`
	Note      string `json:"note" doc:"回访意见（可空），最多 1000 字"`
}

var exampleRating = Rating{ID: 3, CaseID: 12, CaseNumber: "511702-20260309-00001", CaseStatus: 11,
	ItemName: "竣工联合验收（社会投资简易低风险项目）", ProjectName: "达州市通川区滨江路标准厂房项目", RegionCode: "511702",
	RaterUserID: 1, RaterName: "达州川东建设有限公司", Level: Dissatisfied, LevelLabel: "不满意",
	Aspects: []string{"efficiency"}, Comment: "材料反复退回。", CreatedAt: time.Date(2026, 3, 9, 2, 0, 0, 0, time.UTC),
	RectificationID: 4}

var exampleRect = Rectification{ID: 4, Rating: exampleRating, OrgID: 15, OrgName: "通川区住房和城乡建设局",
	Due: calendar.NewDate(2026, 3, 16), CreatedAt: exampleRating.CreatedAt, State: StateOpen, StateLabel: "待整改"}

var exampleResult = Result{CaseNumber: "511702-20260309-00001", ProjectName: "达州市通川区滨江路标准厂房项目",
	OwnerName: "达州川东建设有限公司", ItemCode: "low_risk_joint_acceptance", ItemName: "竣工联合验收（社会投资简易低风险项目）",
	RegionCode: "511702", RegionName: "通川区", Status: 11, Approved: true, ResultLabel: "办结通过",
	ConcludedOn: calendar.NewDate(2026, 3, 12), OrgName: "通川区住房和城乡建设局", UsedDays: 3, LimitDays: 5}

func (h *HTTP) apiRoutes(rt *web.Router) {
	rate, rectify, sup := access.Need(access.Rate), access.Need(access.Rectify), access.Need(access.Supervise)
	const tag = "好差评"
	rt.API("GET /api/v1/cases/{id}/rating", rate, web.APIDoc{Tag: tag, Summary: "查询本人对办件的评价",
		Description: "仅办件的申请企业或提交申请的代办员可查询；其他人返回 403。", Response: ratingBody{Ratable: true,
			Rating: &exampleRating}}, h.apiRating)
	rt.API("POST /api/v1/cases/{id}/rating", rate, web.APIDoc{Tag: tag, Summary: "评价办件（好差评）",
		Description: "办件办结（11、12、13）或不予受理（4、5）后可评价一次，提交后不能修改（重复评价返回 409）。" +
			"差评（1、2）须选择方面并填写原因，并自动转牵头部门整改。",
		Request:  RatingInput{Level: Dissatisfied, Aspects: []string{"efficiency"}, Comment: "材料反复退回。"},
		Response: exampleRating, Status: http.StatusCreated}, h.apiRate)
	rt.API("GET /api/v1/rectifications", access.SignedIn, web.APIDoc{Tag: tag, Summary: "差评整改列表",
		Description: "监管人员看到其监管区县的；部门审批人员和负责人看到发给本部门的；申请人看到自己差评的。其他角色返回 403。",
		Query: map[string]string{"state": "open | overdue | answered | closed | active", "region": "区县编码",
			"limit": "每页条数，默认 50，最多 200", "offset": "跳过的条数"},
		Response: rectList{Items: []Rectification{exampleRect}, Count: 1}}, h.apiList)
	rt.API("GET /api/v1/rectifications/{id}", access.SignedIn, web.APIDoc{Tag: tag, Summary: "查询差评整改",
		Response: exampleRect}, h.apiGet)
	rt.API("POST /api/v1/rectifications/{id}/answer", rectify, web.APIDoc{Tag: tag, Summary: "部门答复整改情况",
		Description: "仅被评价部门可答复一次；已答复或已办结返回 409。", Request: textRequest{Text: "已精简材料清单。"},
		Response: exampleRect}, h.apiAnswer)
	rt.API("POST /api/v1/rectifications/{id}/close", sup, web.APIDoc{Tag: tag, Summary: "监管人员办结差评整改",
		Description: "须填写办结说明；可在部门答复前办结（例如经核实评价不实）。", Request: textRequest{Text: "经核实已整改。"},
		Response: exampleRect}, h.apiClose)
	rt.API("POST /api/v1/rectifications/{id}/followup", rate, web.APIDoc{Tag: tag, Summary: "申请人回访",
		Description: "部门答复后，提出差评的申请人说明是否满意，整改随之办结。", Request: followupRequest{Satisfied: true},
		Response: exampleRect}, h.apiFollowUp)
	rt.API("GET /api/v1/evaluation/figures", sup, web.APIDoc{Tag: tag, Summary: "满意率和差评整改率",
		Description: "分子分母分开返回。region 为空表示全部区县（须市级监管权限）。",
		Query:       map[string]string{"region": "区县编码", "from": "开始日期 YYYY-MM-DD", "to": "结束日期 YYYY-MM-DD（含）"},
		Response:    Figures{RegionCode: "511702", Satisfaction: Ratio{9, 10}, Rectification: Ratio{1, 1}}}, h.apiFigures)
	h.apiPublicRoutes(rt)
}

func (h *HTTP) apiPublicRoutes(rt *web.Router) {
	rt.API("GET /api/v1/public/results", access.Public, web.APIDoc{Tag: "办结公示", Summary: "办结信息公示列表",
		Description: "无需登录。只列出办结（11、12、13）的办件，自然人信息已脱敏。",
		Query: map[string]string{"region": "区县编码", "item": "事项编码", "month": "办结月份 YYYY-MM",
			"q": "项目名称关键词（支持两个汉字）", "limit": "每页条数，默认 20，最多 100", "offset": "跳过的条数"},
		Response: resultList{Items: []Result{exampleResult}, Count: 1}}, h.apiResults)
	rt.API("GET /api/v1/public/results/{number}", access.Public, web.APIDoc{Tag: "办结公示", Summary: "办结信息",
		Description: "无需登录；未办结或不存在的办件返回 404。", Response: exampleResult}, h.apiResult)
}
