package catalog

import (
	"net/http"
	"strconv"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/blob"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/formschema"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// itemList is the JSON body of GET /api/v1/catalog/items.
type itemList struct {
	Items []Item `json:"items"`
	Count int    `json:"count"`
}

// flowSummary is a flow version without its stages, as listed.
type flowSummary struct {
	ID          int64     `json:"id"`
	RegionCode  string    `json:"region_code"`
	Type        int       `json:"type"`
	TypeName    string    `json:"type_name"`
	Version     int       `json:"version"`
	Name        string    `json:"name"`
	Status      string    `json:"status" doc:"published | retired"`
	PublishedAt time.Time `json:"published_at"`
	RetiredAt   time.Time `json:"retired_at"`
}

type flowList struct {
	Items []flowSummary `json:"items"`
	Count int           `json:"count"`
}

// itemRequest is the JSON body of POST and PUT /api/v1/catalog/items. On
// PUT the code comes from the path (a code in the body must match it) and
// revision, when not 0, is the revision the change was made against.
type itemRequest struct {
	Code          string            `json:"code"`
	Revision      int               `json:"revision" doc:"修改所依据的版本；0 表示不检查"`
	Name          string            `json:"name"`
	Kind          string            `json:"kind" doc:"licence | tech_review | intermediary | utility | filing"`
	Line          string            `json:"line" doc:"main | aux"`
	Stage         int               `json:"stage"`
	LeadFunction  string            `json:"lead_function"`
	StatutoryDays int               `json:"statutory_days"`
	PromisedDays  int               `json:"promised_days"`
	ResultName    string            `json:"result_name"`
	Commitment    bool              `json:"commitment"`
	Deficiency    bool              `json:"deficiency"`
	StandardCode  string            `json:"standard_code"`
	Basis         string            `json:"basis"`
	Fees          string            `json:"fees" doc:"收费说明；空表示按事项类别的默认说明"`
	Materials     []materialRequest `json:"materials"`
	Form          formschema.Schema `json:"form"`
}

// materialRequest names its template and sample by the hash of a file
// already in the blob store.
type materialRequest struct {
	Name              string `json:"name"`
	Description       string `json:"description"`
	Required          bool   `json:"required"`
	DeficiencyAllowed bool   `json:"deficiency_allowed"`
	TemplateHash      string `json:"template_hash" doc:"已上传文件的 SHA-256；空表示无"`
	SampleHash        string `json:"sample_hash"`
}

func (q itemRequest) item() Item {
	it := Item{Code: q.Code, Revision: q.Revision, Name: q.Name, Kind: q.Kind, Line: q.Line, Stage: q.Stage,
		LeadFunction: q.LeadFunction, StatutoryDays: q.StatutoryDays, PromisedDays: q.PromisedDays,
		ResultName: q.ResultName, Commitment: q.Commitment, Deficiency: q.Deficiency,
		StandardCode: q.StandardCode, Basis: q.Basis, Fees: q.Fees, Form: q.Form, Materials: []Material{}}
	for _, m := range q.Materials {
		it.Materials = append(it.Materials, Material{Name: m.Name, Description: m.Description, Required: m.Required,
			DeficiencyAllowed: m.DeficiencyAllowed, Template: hashRef(m.TemplateHash), Sample: hashRef(m.SampleHash)})
	}
	return it
}

func hashRef(h string) *blob.Ref {
	if h == "" {
		return nil
	}
	return &blob.Ref{Hash: h}
}

func (h *HTTP) apiRoutes(rt *web.Router) {
	admin := access.Need(access.CatalogAdmin)
	ex := exampleItem()
	rt.API("GET /api/v1/catalog/items", access.Public, web.APIDoc{Tag: "事项目录", Summary: "事项列表",
		Description: "当前版本的审批事项（含材料和申请表定义），公开信息。",
		Query: map[string]string{"q": "编码或名称包含的文字", "kind": "事项类别", "line": "main 或 aux",
			"stage": "阶段 0–4", "include_inactive": "true 时包括已停用的事项"},
		Response: itemList{Items: []Item{ex}, Count: 1}}, h.apiItems)
	rt.API("GET /api/v1/catalog/items/{code}", access.Public, web.APIDoc{Tag: "事项目录", Summary: "查询事项",
		Response: ex}, h.apiItem)
	rt.API("GET /api/v1/catalog/flows", access.Public, web.APIDoc{Tag: "事项目录", Summary: "审批流程版本列表",
		Description: "已发布和已停用的流程版本（不含草稿），按区县、类型和版本倒序。",
		Query:       map[string]string{"region": "区县编码", "type": "审批流程类型 1–10"},
		Response:    flowList{Items: []flowSummary{summaryOf(exampleFlow())}, Count: 1}}, h.apiFlows)
	rt.API("GET /api/v1/catalog/flows/{id}", access.Public, web.APIDoc{Tag: "事项目录", Summary: "查询流程版本",
		Description: "流程版本的阶段、事项（发布时锁定的事项版本）、材料和申请表。办件始终按其流程版本 id 读取。",
		Response:    exampleFlow()}, h.apiFlow)
	rt.API("POST /api/v1/catalog/items", admin, web.APIDoc{Tag: "事项目录", Summary: "新增事项",
		Request: exampleRequest(), Response: ex, Status: http.StatusCreated}, h.apiCreateItem)
	rt.API("PUT /api/v1/catalog/items/{code}", admin, web.APIDoc{Tag: "事项目录", Summary: "修改事项（保存为新版本）",
		Description: "替换事项的全部可编辑内容并保存为新版本；已发布的流程继续使用原版本。启用状态不在此修改。",
		Request:     exampleRequest(), Response: ex}, h.apiUpdateItem)
}

func (h *HTTP) apiItems(w http.ResponseWriter, r *http.Request) error {
	f, _ := itemFilterFrom(r)
	f.IncludeInactive = r.URL.Query().Get("include_inactive") == "true"
	items, err := h.svc.Items(r.Context(), f)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, itemList{Items: nonNil(items), Count: len(items)})
	return nil
}

func (h *HTTP) apiItem(w http.ResponseWriter, r *http.Request) error {
	it, err := h.svc.Item(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, it)
	return nil
}

func (h *HTTP) apiFlows(w http.ResponseWriter, r *http.Request) error {
	f := FlowFilter{RegionCode: r.URL.Query().Get("region")}
	if t := r.URL.Query().Get("type"); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || FlowTypeName(n) == "" {
			return errs.FieldErrors(map[string]string{"type": "审批流程类型应为1到10的整数。"})
		}
		f.Type = n
	}
	flows, err := h.svc.Flows(r.Context(), f)
	if err != nil {
		return err
	}
	out := flowList{Items: []flowSummary{}, Count: len(flows)}
	for _, fl := range flows {
		out.Items = append(out.Items, summaryOf(fl))
	}
	web.WriteJSON(w, http.StatusOK, out)
	return nil
}

func summaryOf(f Flow) flowSummary {
	return flowSummary{ID: f.ID, RegionCode: f.RegionCode, Type: f.Type, TypeName: f.TypeName(), Version: f.Version,
		Name: f.Name, Status: f.Status, PublishedAt: f.PublishedAt, RetiredAt: f.RetiredAt}
}

func (h *HTTP) apiFlow(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	f, err := h.svc.ViewFlow(r.Context(), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, f)
	return nil
}

func (h *HTTP) apiCreateItem(w http.ResponseWriter, r *http.Request) error {
	var req itemRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		return err
	}
	it, err := h.svc.CreateItem(r.Context(), req.item())
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, it)
	return nil
}

func (h *HTTP) apiUpdateItem(w http.ResponseWriter, r *http.Request) error {
	var req itemRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		return err
	}
	code := r.PathValue("code")
	if req.Code != "" && req.Code != code {
		return errs.FieldErrors(map[string]string{"code": "事项编码不能修改，请求体中的编码须与路径一致。"})
	}
	req.Code = code
	it, err := h.svc.UpdateItem(r.Context(), req.item())
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, it)
	return nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
