package project

import (
	"maps"
	"net/http"
	"strconv"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

var (
	exampleTime    = time.Date(2026, 3, 9, 1, 30, 0, 0, time.UTC)
	exampleProject = projectJSON{ID: 12, Code: "2026-511702-59-03-000123", Name: "川东物流仓储中心",
		RegionCode: "511702", RegionName: "通川区", FlowType: 4, FlowTypeName: FlowTypeName(4),
		OwnerName: "达州川东建设有限公司", OwnerCreditCode: "91511702MA6DH20267", EnterpriseID: 1,
		Investment: "3800.00", Address: "达州市通川区复兴镇物流园区纬三路",
		Site: &siteJSON{GeoJSON: `{"type":"Polygon","coordinates":[[[107.455,31.262],[107.4562,31.262],[107.4562,31.263],[107.455,31.263],[107.455,31.262]]]}`,
			AreaM2: 12671.79, Centroid: [2]float64{107.4556, 31.2625}},
		Stage: 0, StageName: StageName(0), CreatedAt: exampleTime, UpdatedAt: exampleTime}
	exampleWork = workJSON{ID: 30, Code: "2026-511702-59-03-000123", Name: "1#仓库", BuildingAreaM2: 8600,
		CreatedAt: exampleTime}
	exampleCase = CaseSummary{ID: 7, Number: "TC2026030900001", ItemName: "建设工程规划许可证核发",
		StatusLabel: "已受理", DeadlineLabel: "剩余5个工作日", Stage: 2, URL: "/cases/7"}
	exampleRegister = registerRequest{Code: exampleProject.Code, Name: exampleProject.Name, RegionCode: "511702",
		FlowType: 4, OwnerName: exampleProject.OwnerName, OwnerCreditCode: exampleProject.OwnerCreditCode,
		Investment: "3800.00", Address: exampleProject.Address, SiteGeoJSON: jsonText(exampleProject.Site.GeoJSON),
		Works: []workRequest{{Code: exampleWork.Code, Name: exampleWork.Name, BuildingAreaM2: 8600}}}
)

func (h *HTTP) apiRoutes(rt *web.Router) {
	view, register := access.Need(access.ProjectView), access.Need(access.ProjectRegister)
	lifecycle := lifecycleJSON{Project: exampleProject, Works: []workJSON{exampleWork},
		Stages: []stageJSON{{1, stageNames[1], "pending", "未开始"}}, Cases: []CaseSummary{exampleCase}}
	rt.API("GET /api/v1/projects", view, web.APIDoc{Tag: "项目", Summary: "项目列表",
		Description: "企业账户只返回本单位为建设单位的项目；工作人员和接口调用方只返回其区县范围内的项目。",
		Query: map[string]string{"region": "区县编码", "flow_type": "审批流程类型 1–10", "stage": "阶段 0–5",
			"q":      "项目名称、项目代码、建设单位名称或信用代码包含的文字",
			"sort":   "code、name、region、flow_type、investment、stage、created 之一，前加“-”表示倒序；默认 -created",
			"offset": "起始位置，默认 0", "limit": "每页条数，默认 20，最多 100"},
		Response: pageJSON{Items: []projectJSON{exampleProject}, Total: 1, Limit: DefaultLimit}}, h.apiList)
	rt.API("GET /api/v1/projects/{id}", view, web.APIDoc{Tag: "项目", Summary: "项目全生命周期",
		Description: "项目基本信息、单项工程、四个审批阶段及其状态、办件。", Response: lifecycle}, h.apiGet)
	rt.API("GET /api/v1/projects/by-code/{code}", view, web.APIDoc{Tag: "项目", Summary: "按项目代码查询项目",
		Description: "返回与 GET /api/v1/projects/{id} 相同的全生命周期资源。", Response: lifecycle}, h.apiByCode)
	rt.API("POST /api/v1/projects", register, web.APIDoc{Tag: "项目", Summary: "登记项目",
		Description: "企业账户只能登记本单位为建设单位的项目。输入有误时返回 400 和逐字段的中文说明。",
		Request:     exampleRegister, Response: lifecycle, Status: http.StatusCreated}, h.apiRegister)
	rt.API("PUT /api/v1/projects/{id}", register, web.APIDoc{Tag: "项目", Summary: "修改项目",
		Description: "只修改请求中给出的字段（名称、建设地点、总投资、用地红线）；site_geojson 为空字符串表示删除用地红线。",
		Request:     updateRequest{Name: &exampleRegister.Name}, Response: lifecycle}, h.apiUpdate)
	rt.API("POST /api/v1/projects/{id}/works", register, web.APIDoc{Tag: "项目", Summary: "添加单项工程",
		Request:  workRequest{Code: exampleWork.Code + "-001", Name: "2#仓库", BuildingAreaM2: 4300},
		Response: exampleWork, Status: http.StatusCreated}, h.apiAddWork)
}

// apiFilter reads the list filter from the query string.
func apiFilter(r *http.Request) (Filter, error) {
	q := r.URL.Query()
	lq := listQuery{Region: q.Get("region"), FlowType: q.Get("flow_type"), Stage: q.Get("stage"),
		Q: q.Get("q"), Sort: q.Get("sort"), Page: 1}
	f, err := lq.filter() // page 1: offset 0 unless given below
	bad := map[string]string{}
	maps.Copy(bad, errs.FieldsOf(err))
	for _, k := range []string{"offset", "limit"} {
		if s := q.Get(k); s != "" {
			n, perr := strconv.Atoi(s)
			if perr != nil {
				bad[k] = "应为整数。"
			}
			if k == "offset" {
				f.Offset = n
			} else {
				f.Limit = n
			}
		}
	}
	return f, fieldErrors(bad)
}

func (h *HTTP) apiList(w http.ResponseWriter, r *http.Request) error {
	f, err := apiFilter(r)
	if err != nil {
		return err
	}
	res, err := h.svc.List(r.Context(), f)
	if err != nil {
		return err
	}
	out := pageJSON{Items: []projectJSON{}, Total: res.Total, Offset: res.Offset, Limit: res.Limit}
	for _, p := range res.Items {
		out.Items = append(out.Items, projectJSONOf(p))
	}
	web.WriteJSON(w, http.StatusOK, out)
	return nil
}

// writeLifecycle writes the life-cycle resource of pr with status.
func (h *HTTP) writeLifecycle(w http.ResponseWriter, r *http.Request, status int, pr Project) error {
	cases, err := h.projectCases(r.Context(), pr.ID)
	if err != nil {
		return err
	}
	web.WriteJSON(w, status, lifecycleJSONOf(pr, cases))
	return nil
}

func (h *HTTP) apiGet(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	pr, err := h.svc.Get(r.Context(), id)
	if err != nil {
		return err
	}
	return h.writeLifecycle(w, r, http.StatusOK, pr)
}

func (h *HTTP) apiByCode(w http.ResponseWriter, r *http.Request) error {
	pr, err := h.svc.ByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	return h.writeLifecycle(w, r, http.StatusOK, pr)
}

func (h *HTTP) apiRegister(w http.ResponseWriter, r *http.Request) error {
	var req registerRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		return err
	}
	n := NewProject{Code: req.Code, Name: req.Name, RegionCode: req.RegionCode, FlowType: req.FlowType,
		OwnerName: req.OwnerName, OwnerCreditCode: req.OwnerCreditCode, Address: req.Address,
		SiteGeoJSON: string(req.SiteGeoJSON)}
	for _, wr := range req.Works {
		n.Works = append(n.Works, wr.work())
	}
	inv, msg := ParseMoney(string(req.Investment))
	if msg != "" {
		fields, err := h.svc.newProblems(r.Context(), n)
		if err != nil {
			return err
		}
		maps.Copy(fields, map[string]string{"investment": msg})
		return errs.FieldErrors(fields)
	}
	n.Investment = inv
	pr, err := h.svc.Register(r.Context(), n)
	if err != nil {
		return err
	}
	return h.writeLifecycle(w, r, http.StatusCreated, pr)
}

func (h *HTTP) apiUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	var req updateRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		return err
	}
	u := Update{Name: req.Name, Address: req.Address, SiteGeoJSON: (*string)(req.SiteGeoJSON)}
	if req.Investment != nil {
		inv, msg := ParseMoney(string(*req.Investment))
		if msg != "" {
			return errs.FieldErrors(map[string]string{"investment": msg})
		}
		u.Investment = &inv
	}
	pr, err := h.svc.Update(r.Context(), id, u)
	if err != nil {
		return err
	}
	return h.writeLifecycle(w, r, http.StatusOK, pr)
}

func (h *HTTP) apiAddWork(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	var req workRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		return err
	}
	work, err := h.svc.AddWork(r.Context(), id, req.work())
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, workJSONOf(work))
	return nil
}
