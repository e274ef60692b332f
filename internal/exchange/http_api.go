package exchange

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// recordList is the body of GET /api/v1/exchange/records.
type recordList struct {
	Items []Queued `json:"items"`
	Count int      `json:"count" doc:"符合条件的总数"`
}

// repushAllResult is the body of POST /api/v1/exchange/repush.
type repushAllResult struct {
	Count int `json:"count" doc:"重新放入队列的记录数"`
}

// importRequest is the body of POST /api/v1/exchange/imports: CSV text in
// content, or JSON records in records.
type importRequest struct {
	Format  string          `json:"format" doc:"csv 或 json"`
	Content string          `json:"content,omitempty" doc:"CSV 文本（含表头）"`
	Records json.RawMessage `json:"records,omitempty" doc:"项目记录数组，字段 XMDM、XMMC、XZQHDM、SPLCLX、DWMC、DWTYSHXYDM、ZTZE、JSDD"`
}

var exampleQueued = Queued{ID: 42, Table: TableStep, TableLabel: "办理环节", DFSJZJ: "511702-20260309-00001/BL/3",
	Revision: 1, Pushes: 1, Key: "SPGL_XMSPSXBLXXXXB:511702-20260309-00001/BL/3:r1:p1", Chain: "2026-511702-48-01-000001",
	RegionCode: "511702", XZQHDM: "511702", Fields: map[string]string{"SPSXSLBM": "511702-20260309-00001", "BLZT": "3"},
	SJYXBS: 1, SJSCZT: StateRejected, StateLabel: "被拒收", SBYY: "上报顺序错误：审批事项办理（511702-20260309-00001）尚未被接收，须先上报",
	Attempts: 1, NextTry: time.Date(2026, 3, 9, 2, 0, 0, 0, time.UTC), CreatedAt: time.Date(2026, 3, 9, 2, 0, 0, 0, time.UTC)}

var exampleReport = ImportReport{ID: 3, Source: "api", Format: "json", Created: 1, Rejected: 1, UserName: "吴运维",
	Rows: []ImportRow{{Line: 1, Code: "2026-511702-47-03-012345", Name: "滨江新厂房", Outcome: Created, OutcomeLabel: "新建"},
		{Line: 2, Code: "2026-511799-47-03-012347", Outcome: Rejected, OutcomeLabel: "拒绝",
			Reasons: []string{"行政区划代码“511799”不是达州市的区县"}}},
	CreatedAt: time.Date(2026, 3, 9, 2, 0, 0, 0, time.UTC)}

func (h *HTTP) apiRoutes(rt *web.Router) {
	g := access.Need(access.ExchangeAdmin)
	doc := func(summary, desc string) web.APIDoc {
		return web.APIDoc{Tag: "数据交换", Summary: summary, Description: desc}
	}
	d := doc("上报队列统计", "按数据表和上报状态（SJSCZT）统计上报记录，限于调用者有权管理的区县。")
	d.Response = Summary{Rows: []SummaryRow{{Table: TableProject, Label: "项目基本信息", Accepted: 3}}, Transport: "NATS"}
	rt.API("GET /api/v1/exchange/summary", g, d, h.apiSummary)
	d = doc("上报记录列表", "按流水号倒序。")
	d.Query = map[string]string{"state": "failed（发送失败和被拒收）| 0 | 1 | 2 | 3 | -1", "table": "数据表名，如 SPGL_XMJBXXB",
		"limit": "每页条数，默认 50，最多 200", "offset": "跳过的条数"}
	d.Response = recordList{Items: []Queued{exampleQueued}, Count: 1}
	rt.API("GET /api/v1/exchange/records", g, d, h.apiRecords)
	d = doc("查询上报记录", "")
	d.Response = exampleQueued
	rt.API("GET /api/v1/exchange/records/{id}", g, d, h.apiRecord)
	d = doc("重新推送一条记录", "按当前数据重新生成记录并放回队列（新的消息标识）；只有发送失败或被拒收的记录可以，否则 409。")
	d.Response = exampleQueued
	rt.API("POST /api/v1/exchange/records/{id}/repush", g, d, h.apiRepush)
	d = doc("重新推送全部失败记录", "")
	d.Response = repushAllResult{Count: 2}
	rt.API("POST /api/v1/exchange/repush", g, d, h.apiRepushAll)
	d = doc("导入项目代码", "从投资项目在线审批监管平台导入项目：新建、更新（名称、地址、总投资）或拒绝，返回并保存导入报告。")
	d.Request = importRequest{Format: "json", Records: json.RawMessage(`[{"XMDM":"2026-511702-47-03-012345","XMMC":"滨江新厂房","XZQHDM":"511702","SPLCLX":6,"DWMC":"达州某公司","DWTYSHXYDM":"91511702MA6DH20267","ZTZE":"1250.50","JSDD":"通川区滨江路"}]`)}
	d.Response, d.Status = exampleReport, http.StatusCreated
	rt.API("POST /api/v1/exchange/imports", g, d, h.apiImport)
	d = doc("导入报告列表", "最近 20 次，不含明细。")
	d.Response = []ImportReport{exampleReport}
	rt.API("GET /api/v1/exchange/imports", g, d, h.apiImports)
	d = doc("查询导入报告", "")
	d.Response = exampleReport
	rt.API("GET /api/v1/exchange/imports/{id}", g, d, h.apiImportReport)
}

func (h *HTTP) apiSummary(w http.ResponseWriter, r *http.Request) error {
	s, err := h.svc.Summary(r.Context())
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, s)
	return nil
}

func (h *HTTP) apiRecords(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	list, n, err := h.svc.Records(r.Context(), Filter{State: q.Get("state"), Table: q.Get("table"),
		Limit: atoi(q.Get("limit")), Offset: atoi(q.Get("offset"))})
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, recordList{Items: list, Count: n})
	return nil
}

func (h *HTTP) apiRecord(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	q, err := h.svc.Record(r.Context(), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, q)
	return nil
}

func (h *HTTP) apiRepush(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	q, err := h.svc.Repush(r.Context(), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, q)
	return nil
}

func (h *HTTP) apiRepushAll(w http.ResponseWriter, r *http.Request) error {
	n, err := h.svc.RepushAll(r.Context())
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, repushAllResult{Count: n})
	return nil
}

func (h *HTTP) apiImport(w http.ResponseWriter, r *http.Request) error {
	var req importRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		return err
	}
	in := ImportInput{Source: "api", Format: req.Format, Data: []byte(req.Content)}
	if req.Format == "json" {
		in.Data = req.Records
	}
	if len(in.Data) == 0 {
		return errs.FieldErrors(map[string]string{"content": "请在 content（CSV）或 records（JSON）中给出项目记录。"})
	}
	rep, err := h.svc.Import(r.Context(), in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, rep)
	return nil
}

func (h *HTTP) apiImports(w http.ResponseWriter, r *http.Request) error {
	list, err := h.svc.Imports(r.Context(), 20)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, list)
	return nil
}

func (h *HTTP) apiImportReport(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	rep, err := h.svc.ImportReportByID(r.Context(), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, rep)
	return nil
}
