package project

import (
	"bytes"
	"encoding/json"
	"time"
)

// The JSON shapes of the project API. They are separate from the domain
// types so that the wire (snake_case, the investment as an exact decimal
// string) and the OpenAPI schema derived from them agree.

type siteJSON struct {
	GeoJSON  string     `json:"geojson" doc:"GeoJSON Polygon/MultiPolygon 文本（经度在前，CGCS2000/WGS84）"`
	AreaM2   float64    `json:"area_m2" doc:"面积（平方米，按CGCS2000椭球计算）"`
	Centroid [2]float64 `json:"centroid" doc:"中心点 [经度, 纬度]"`
}

type workJSON struct {
	ID             int64     `json:"id"`
	Code           string    `json:"code" doc:"工程代码"`
	Name           string    `json:"name"`
	BuildingAreaM2 float64   `json:"building_area_m2" doc:"建筑面积（平方米）"`
	CreatedAt      time.Time `json:"created_at"`
}

type projectJSON struct {
	ID              int64     `json:"id"`
	Code            string    `json:"code" doc:"项目代码 YYYY-XXXXXX-XX-XX-NNNNNN"`
	Name            string    `json:"name"`
	RegionCode      string    `json:"region_code"`
	RegionName      string    `json:"region_name"`
	FlowType        int       `json:"flow_type" doc:"审批流程类型 SPLCLX 1–10"`
	FlowTypeName    string    `json:"flow_type_name"`
	OwnerName       string    `json:"owner_name" doc:"建设单位"`
	OwnerCreditCode string    `json:"owner_credit_code" doc:"建设单位统一社会信用代码"`
	EnterpriseID    int64     `json:"enterprise_id" doc:"建设单位的企业账户 id；0 表示无账户"`
	Investment      string    `json:"investment" doc:"总投资（万元），两位小数的十进制字符串"`
	Address         string    `json:"address"`
	Site            *siteJSON `json:"site" doc:"用地红线；未提供时为 null"`
	Stage           int       `json:"stage" doc:"0 未进入审批，1–4 当前阶段，5 已竣工验收"`
	StageName       string    `json:"stage_name"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
}

type stageJSON struct {
	Stage  int    `json:"stage"`
	Name   string `json:"name"`
	Status string `json:"status" doc:"done | current | pending"`
	Label  string `json:"label"`
}

// lifecycleJSON is the life-cycle resource GET /api/v1/projects/{id}.
type lifecycleJSON struct {
	Project projectJSON   `json:"project"`
	Works   []workJSON    `json:"works"`
	Stages  []stageJSON   `json:"stages"`
	Cases   []CaseSummary `json:"cases"`
}

type pageJSON struct {
	Items  []projectJSON `json:"items"`
	Total  int           `json:"total"`
	Offset int           `json:"offset"`
	Limit  int           `json:"limit"`
}

func projectJSONOf(p Project) projectJSON {
	out := projectJSON{ID: p.ID, Code: p.Code, Name: p.Name, RegionCode: p.RegionCode, RegionName: p.RegionName,
		FlowType: p.FlowType, FlowTypeName: p.FlowTypeName(), OwnerName: p.OwnerName,
		OwnerCreditCode: p.OwnerCreditCode, EnterpriseID: p.EnterpriseID, Investment: p.Investment.Decimal(),
		Address: p.Address, Stage: p.Stage, StageName: p.StageName(), CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
	if p.Site != nil {
		out.Site = &siteJSON{GeoJSON: p.Site.GeoJSON, AreaM2: p.Site.AreaM2, Centroid: p.Site.Centroid}
	}
	return out
}

func workJSONOf(w Work) workJSON {
	return workJSON{ID: w.ID, Code: w.Code, Name: w.Name, BuildingAreaM2: w.BuildingArea, CreatedAt: w.CreatedAt}
}

func lifecycleJSONOf(p Project, cases []CaseSummary) lifecycleJSON {
	out := lifecycleJSON{Project: projectJSONOf(p), Works: []workJSON{}, Stages: []stageJSON{}, Cases: []CaseSummary{}}
	for _, w := range p.Works {
		out.Works = append(out.Works, workJSONOf(w))
	}
	for _, s := range p.Stages() {
		out.Stages = append(out.Stages, stageJSON(s))
	}
	out.Cases = append(out.Cases, cases...)
	return out
}

// jsonText is a request value given either as a JSON string or as raw JSON
// (a number for the investment, an object for a GeoJSON site); it keeps the
// text so that nothing passes through a float. Its kind is string, so the
// OpenAPI schema shows a string.
type jsonText string

// UnmarshalJSON implements json.Unmarshaler.
func (t *jsonText) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = jsonText(s)
		return nil
	}
	if string(b) == "null" {
		*t = ""
		return nil
	}
	*t = jsonText(b)
	return nil
}

type workRequest struct {
	Code           string  `json:"code" doc:"工程代码：与项目代码相同，或项目代码后加“-”和3位序号"`
	Name           string  `json:"name"`
	BuildingAreaM2 float64 `json:"building_area_m2"`
}

func (q workRequest) work() Work {
	return Work{Code: q.Code, Name: q.Name, BuildingArea: q.BuildingAreaM2}
}

type registerRequest struct {
	Code            string        `json:"code" doc:"项目代码 YYYY-XXXXXX-XX-XX-NNNNNN"`
	Name            string        `json:"name"`
	RegionCode      string        `json:"region_code" doc:"负责审批的区县编码，如 511702"`
	FlowType        int           `json:"flow_type" doc:"审批流程类型 SPLCLX 1–10"`
	OwnerName       string        `json:"owner_name"`
	OwnerCreditCode string        `json:"owner_credit_code"`
	Investment      jsonText      `json:"investment" doc:"总投资（万元），数字或十进制字符串，最多两位小数"`
	Address         string        `json:"address"`
	SiteGeoJSON     jsonText      `json:"site_geojson" doc:"用地红线：GeoJSON 对象或其文本；可省略"`
	Works           []workRequest `json:"works" doc:"随项目登记的单项工程；可省略"`
}

// updateRequest changes only the fields present (absent or null: left as
// they are); "site_geojson": "" removes the site.
type updateRequest struct {
	Name        *string   `json:"name"`
	Address     *string   `json:"address"`
	Investment  *jsonText `json:"investment" doc:"总投资（万元）"`
	SiteGeoJSON *jsonText `json:"site_geojson" doc:"用地红线；空字符串表示删除"`
}
