package licence

import (
	"net/http"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// licenceList is the body of GET /api/v1/licences.
type licenceList struct {
	Items []Licence `json:"items"`
	Count int       `json:"count" doc:"符合条件的总数（不受 limit/offset 影响）"`
}

// revokeRequest is the body of POST /api/v1/licences/{no}/revoke.
type revokeRequest struct {
	Reason string `json:"reason" doc:"撤销理由，必填，最多 500 字"`
}

const exampleNo = "511702-JSGCGH-2026-000123"

var exampleLicence = Licence{ID: 3, Number: exampleNo, CaseID: 12, CaseNumber: "511702-20260309-00001",
	Kind: ConstructionPlan, Title: "建设工程规划许可证", ItemCode: "construction_planning_permit",
	ItemName: "建设工程规划许可证核发", HolderName: "达州川东建设有限公司", HolderCreditCode: "91511702MA6DH20262",
	ProjectCode: "2026-511702-48-03-000001", ProjectName: "达州市通川区滨江路标准厂房项目", RegionCode: "511702",
	IssuerOrgID: 15, IssuerName: "达州市通川区自然资源和规划局", IssueDate: calendar.NewDate(2026, 3, 9),
	Content: []string{"审批事项：建设工程规划许可证核发", "审批结论：准予许可。"},
	Digest:  "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0", Signature: []byte{0x30, 0x45},
	PublicKeyPEM: "-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----\n",
	IssuedAt:     time.Date(2026, 3, 9, 2, 0, 0, 0, time.UTC)}

func (h *HTTP) apiRoutes(rt *web.Router) {
	view, revoke := access.Need(access.CaseView), access.Need(access.LicenceRevoke)
	rt.API("GET /api/v1/licences/{no}/verify", access.Public, web.APIDoc{Tag: "电子证照", Summary: "核验电子证照（公开）",
		Description: "按存储数据重新计算 SM3 摘要并验证发证机关的 SM2 签名。state：valid 有效、revoked 已撤销、" +
			"tampered 已被篡改、not_found 不存在（HTTP 404）。",
		Response: Verification{Number: exampleNo, State: StateValid, StateLabel: "有效", DigestOK: true, SignatureOK: true,
			KeyOK: true, Licence: publicOf(&exampleLicence, exampleLicence.Digest), CheckedAt: exampleLicence.IssuedAt}},
		h.apiVerify)
	rt.API("GET /api/v1/licences/{no}/signed-data", access.Public, web.APIDoc{Tag: "电子证照", Summary: "证照签名原文（公开）",
		Description: "返回被签名的字节（base64）、SM2 签名（DER，base64）和发证机关公钥，供在系统外用 OpenSSL 等工具验证，" +
			"见 docs/licence-verify.md。",
		Response: SignedData{Number: exampleNo, Algorithm: "SM2-with-SM3", DistID: DefaultID, Data: []byte(`{"case_number":"…"}`),
			DigestSM3: exampleLicence.Digest, Signature: []byte{0x30, 0x45}, PublicKeyPEM: exampleLicence.PublicKeyPEM}},
		h.apiSignedData)
	rt.API("GET /api/v1/licences", view, web.APIDoc{Tag: "电子证照", Summary: "证照列表",
		Description: "企业看到本企业为持证主体的证照；工作人员看到其办件查看范围内区县的证照。",
		Query:       map[string]string{"q": "证照编号、项目名称或持证主体的一部分", "state": "valid（有效）| revoked（已撤销）", "limit": "每页条数，默认 50，最多 200", "offset": "跳过的条数"},
		Response:    licenceList{Items: []Licence{exampleLicence}, Count: 1}}, h.apiList)
	rt.API("GET /api/v1/licences/{no}", view, web.APIDoc{Tag: "电子证照", Summary: "查询证照", Response: exampleLicence}, h.apiGet)
	rt.API("POST /api/v1/licences/{no}/revoke", revoke, web.APIDoc{Tag: "电子证照", Summary: "撤销证照",
		Description: "仅发证部门负责人或系统管理员可撤销；理由必填。已撤销的返回 409。",
		Request:     revokeRequest{Reason: "申请人以欺骗手段取得许可，依法撤销。"}, Response: exampleLicence}, h.apiRevoke)
}

func (h *HTTP) apiVerify(w http.ResponseWriter, r *http.Request) error {
	v, err := h.svc.Verify(r.Context(), r.PathValue("no"))
	if err != nil {
		return err
	}
	status := http.StatusOK
	if v.State == StateNotFound {
		status = http.StatusNotFound
	}
	web.WriteJSON(w, status, v)
	return nil
}

func (h *HTTP) apiSignedData(w http.ResponseWriter, r *http.Request) error {
	sd, err := h.svc.SignedDataOf(r.Context(), r.PathValue("no"))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, sd)
	return nil
}

func (h *HTTP) apiList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	items, total, err := h.svc.List(r.Context(), Filter{Query: q.Get("q"), State: q.Get("state"),
		Limit: atoi(q.Get("limit")), Offset: atoi(q.Get("offset"))})
	if err != nil {
		return err
	}
	if items == nil {
		items = []Licence{}
	}
	web.WriteJSON(w, http.StatusOK, licenceList{Items: items, Count: total})
	return nil
}

func (h *HTTP) apiGet(w http.ResponseWriter, r *http.Request) error {
	l, err := h.svc.Get(r.Context(), r.PathValue("no"))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, l)
	return nil
}

func (h *HTTP) apiRevoke(w http.ResponseWriter, r *http.Request) error {
	var in revokeRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	l, err := h.svc.Revoke(r.Context(), r.PathValue("no"), in.Reason)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, l)
	return nil
}
