package org

import (
	"net/http"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// regionList is the JSON body of GET /api/v1/regions.
type regionList struct {
	Items []Region `json:"items"`
	Count int      `json:"count"`
}

// unitList is the JSON body of GET /api/v1/orgs.
type unitList struct {
	Items []Unit `json:"items"`
	Count int    `json:"count"`
}

// unitRequest is the JSON body of POST and PUT /api/v1/orgs. On PUT,
// region_code may be left out; when given it must be the unit's region.
type unitRequest struct {
	RegionCode   string `json:"region_code" doc:"所属区县编码，如 511702"`
	ParentID     int64  `json:"parent_id" doc:"上级机构 id；0 表示无"`
	Kind         string `json:"kind" doc:"department | window | utility | agency"`
	FunctionCode string `json:"function_code" doc:"职能代码，如 zj、window、power"`
	Name         string `json:"name"`
	ShortName    string `json:"short_name"`
	CreditCode   string `json:"credit_code" doc:"统一社会信用代码（18位，可空）"`
	Phone        string `json:"phone"`
	SortOrder    int    `json:"sort_order"`
}

func (q unitRequest) unit(id int64) Unit {
	return Unit{ID: id, RegionCode: q.RegionCode, ParentID: q.ParentID, Kind: q.Kind,
		FunctionCode: q.FunctionCode, Name: q.Name, ShortName: q.ShortName, CreditCode: q.CreditCode,
		Phone: q.Phone, SortOrder: q.SortOrder}
}

var (
	exampleRegion = Region{ID: 2, Code: "511702", ReportingCode: "511702", Name: "通川区",
		Kind: KindDistrict, ParentID: 1, SortOrder: 1}
	exampleUnit = Unit{ID: 15, RegionID: 2, RegionCode: "511702", RegionName: "通川区", Kind: KindDepartment,
		FunctionCode: "zj", Name: "通川区住房和城乡建设局", ShortName: "通川住房城乡建设局", Active: true, SortOrder: 30}
	exampleRequest = unitRequest{RegionCode: "511702", Kind: KindDepartment, FunctionCode: "zj",
		Name: "通川区住房和城乡建设局", ShortName: "通川住房城乡建设局", Phone: "0818-2123456", SortOrder: 30}
)

func (h *HTTP) apiRoutes(rt *web.Router) {
	view, admin := access.Need(access.OrgView), access.Need(access.OrgAdmin)
	rt.API("GET /api/v1/regions", access.Public, web.APIDoc{Tag: "机构", Summary: "区县列表",
		Description: "达州市本级及九个区县（含功能区），按排序号排列。公开参考数据。",
		Response:    regionList{Items: []Region{exampleRegion}, Count: 1}}, h.apiRegions)
	rt.API("GET /api/v1/regions/{code}", access.Public, web.APIDoc{Tag: "机构", Summary: "按编码查询区县",
		Response: exampleRegion}, h.apiRegion)
	rt.API("GET /api/v1/orgs", view, web.APIDoc{Tag: "机构", Summary: "机构列表",
		Description: "只返回调用方有权查看的区县的机构。",
		Query: map[string]string{"region": "区县编码", "kind": "机构类别", "q": "名称、简称或统一社会信用代码包含的文字",
			"include_inactive": "true 时包括已停用的机构"},
		Response: unitList{Items: []Unit{exampleUnit}, Count: 1}}, h.apiUnits)
	rt.API("GET /api/v1/orgs/{id}", view, web.APIDoc{Tag: "机构", Summary: "查询机构",
		Response: exampleUnit}, h.apiUnit)
	rt.API("POST /api/v1/orgs", admin, web.APIDoc{Tag: "机构", Summary: "新增机构",
		Request: exampleRequest, Response: exampleUnit, Status: http.StatusCreated}, h.apiCreateUnit)
	rt.API("PUT /api/v1/orgs/{id}", admin, web.APIDoc{Tag: "机构", Summary: "修改机构",
		Description: "替换机构的可编辑字段；所属区县不能修改，启用状态不在此修改。",
		Request:     exampleRequest, Response: exampleUnit}, h.apiUpdateUnit)
}

func (h *HTTP) apiRegions(w http.ResponseWriter, r *http.Request) error {
	regions, err := h.svc.Regions(r.Context())
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, regionList{Items: nonNil(regions), Count: len(regions)})
	return nil
}

func (h *HTTP) apiRegion(w http.ResponseWriter, r *http.Request) error {
	reg, err := h.svc.RegionByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, reg)
	return nil
}

func (h *HTTP) apiUnits(w http.ResponseWriter, r *http.Request) error {
	units, err := h.svc.ListUnits(r.Context(), unitFilterFrom(r))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, unitList{Items: nonNil(units), Count: len(units)})
	return nil
}

func (h *HTTP) apiUnit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	u, err := h.svc.ViewUnit(r.Context(), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, u)
	return nil
}

func (h *HTTP) apiCreateUnit(w http.ResponseWriter, r *http.Request) error {
	var req unitRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		return err
	}
	u, err := h.svc.CreateUnit(r.Context(), req.unit(0))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, u)
	return nil
}

func (h *HTTP) apiUpdateUnit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	var req unitRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		return err
	}
	u, err := h.svc.UpdateUnit(r.Context(), req.unit(id))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, u)
	return nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
