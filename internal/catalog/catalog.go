// Package catalog is the approval catalog of gongai: the items (事项) that
// departments handle — licences, technical reviews, intermediary and utility
// services, filings — and the flows (审批流程) that arrange them into the
// four stages for each project type (SPLCLX) and region.
//
// Both are versioned so that a running case never changes under its
// handlers:
//
//   - An item's content (limits, materials, form, flags, names) lives in
//     immutable revisions. Every save that changes anything inserts the next
//     revision; Item returns the current one.
//   - A flow version is a draft until it is published and never changes
//     afterwards. Publishing pins each stage item to the item revision
//     current at that moment and retires the previously published version
//     of the same region and type. A case stores its flow id and reads it
//     with FlowVersion for as long as it runs; later item edits reach new
//     cases only once a new flow version is published.
//
// Reads (Item, Items, PublishedFlow, FlowVersion) are public information and
// perform no authorisation. Every write authorises the principal in the
// context with access.CatalogAdmin — for items at the city level, since the
// catalog is city-wide, for flows in the flow's region — runs in one
// transaction and records its audit event in it.
package catalog

import (
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/blob"
	"github.com/dazhou-gongai/gongai/internal/platform/formschema"
)

// Item kinds.
const (
	KindLicence      = "licence"      // 行政许可
	KindTechReview   = "tech_review"  // 技术审查
	KindIntermediary = "intermediary" // 中介服务
	KindUtility      = "utility"      // 市政公用服务
	KindFiling       = "filing"       // 备案
)

// Item lines.
const (
	LineMain = "main" // 主线：四个阶段的审批事项
	LineAux  = "aux"  // 辅线：中介服务、市政公用服务、并行推进的评估审批
)

// Item is an approval item as of one revision. ID and Code identify the
// item across revisions; RevisionID and Revision identify this content.
// Stage is 1–4 on the main line and 0 on the auxiliary line. LeadFunction
// is the org function code of the lead department (see org.UnitByFunction).
// Limits are in working days; PromisedDays ≤ StatutoryDays, and 0 means the
// item is decided on the spot (即办). Commitment allows 告知承诺制 and
// Deficiency 容缺受理. StandardCode maps to the national standard item
// (DYBZSPSXBM); empty while unknown. Fees states what the applicant pays;
// empty means the default of the kind (see FeesText). Active is the item's current state, not
// part of the revision: an inactive item cannot join new flow versions.
type Item struct {
	ID            int64             `json:"id"`
	Code          string            `json:"code"`
	RevisionID    int64             `json:"revision_id"`
	Revision      int               `json:"revision"`
	Name          string            `json:"name"`
	Kind          string            `json:"kind" doc:"licence | tech_review | intermediary | utility | filing"`
	Line          string            `json:"line" doc:"main | aux"`
	Stage         int               `json:"stage" doc:"1–4；辅线事项为 0"`
	LeadFunction  string            `json:"lead_function" doc:"牵头部门职能代码，如 zj、zrzy"`
	StatutoryDays int               `json:"statutory_days" doc:"法定时限（工作日）"`
	PromisedDays  int               `json:"promised_days" doc:"承诺时限（工作日），不大于法定时限"`
	Materials     []Material        `json:"materials"`
	Form          formschema.Schema `json:"form"`
	ResultName    string            `json:"result_name" doc:"办理结果（批复文件或证照）名称"`
	Commitment    bool              `json:"commitment" doc:"可告知承诺"`
	Deficiency    bool              `json:"deficiency" doc:"可容缺受理"`
	StandardCode  string            `json:"standard_code" doc:"对应国家标准事项编码；待与省级核对，未知时为空"`
	Basis         string            `json:"basis" doc:"设定依据"`
	Fees          string            `json:"fees" doc:"收费说明；空表示按事项类别的默认说明（见 FeesText）"`
	Active        bool              `json:"active"`
	UpdatedAt     time.Time         `json:"updated_at" doc:"本版本的创建时间"`
	UpdatedBy     string            `json:"-"` // a staff name: shown to administrators, not published
}

// Material is one application material of an item revision, in SortOrder
// (1, 2, …). DeficiencyAllowed marks a required material that may be
// supplied after acceptance (容缺). Template and Sample are the blank form
// and the filled-in example offered for download, nil when there is none.
type Material struct {
	ID                int64     `json:"id"`
	Name              string    `json:"name"`
	Description       string    `json:"description"`
	Required          bool      `json:"required"`
	DeficiencyAllowed bool      `json:"deficiency_allowed"`
	Template          *blob.Ref `json:"template"`
	Sample            *blob.Ref `json:"sample"`
	SortOrder         int       `json:"sort_order"`
}

// ItemFilter selects items for Items. Zero fields do not filter. Query
// matches the code or the name.
type ItemFilter struct {
	Query           string
	Kind            string
	Line            string
	Stage           *int
	IncludeInactive bool
}

// Flow statuses.
const (
	StatusDraft     = "draft"
	StatusPublished = "published"
	StatusRetired   = "retired"
)

// Flow is one version of the flow of a region and flow type (SPLCLX 1–10).
// BasedOn is the version it was copied from (0 for none). PublishedAt and
// RetiredAt are zero until those events. Stages are ordered by No.
type Flow struct {
	ID          int64     `json:"id"`
	RegionCode  string    `json:"region_code"`
	Type        int       `json:"type" doc:"审批流程类型 SPLCLX 1–10"`
	Version     int       `json:"version"`
	Name        string    `json:"name"`
	Status      string    `json:"status" doc:"draft | published | retired"`
	BasedOn     int64     `json:"based_on"`
	PublishedAt time.Time `json:"published_at"`
	RetiredAt   time.Time `json:"retired_at"`
	Stages      []Stage   `json:"stages"`
}

// Stage is one stage of a flow version. No is the national stage number
// 1–4; a merged stage (带方案出让: 工程建设许可 and 施工许可) keeps the
// number of its first part. LimitDays is the whole stage's limit in
// working days (一家牵头、并联审批、限时办结).
type Stage struct {
	ID        int64       `json:"id"`
	No        int         `json:"no"`
	Name      string      `json:"name"`
	LimitDays int         `json:"limit_days"`
	Items     []StageItem `json:"items"`
}

// Join policies of a stage item's parallel department reviews.
const (
	JoinAll    = "all"    // 会签：every department must approve
	JoinAny    = "any"    // 或签：one approval suffices
	JoinQuorum = "quorum" // Quorum departments must approve
)

// StageItem is an item in a stage. Item is the revision the flow pins
// (for a draft, the current one). Departments are the function codes that
// review in parallel, the item's lead department first. Quorum is set only
// for JoinQuorum. An Optional item is applied for only when the project
// needs it (e.g. 环评, 人防).
type StageItem struct {
	ItemCode    string   `json:"item_code"`
	Item        Item     `json:"item"`
	Departments []string `json:"departments"`
	Join        string   `json:"join" doc:"all | any | quorum"`
	Quorum      int      `json:"quorum"`
	Optional    bool     `json:"optional"`
}

// FlowFilter selects flow versions for Flows. Zero fields do not filter.
// Drafts are listed only when IncludeDrafts is set.
type FlowFilter struct {
	RegionCode    string
	Type          int
	IncludeDrafts bool
}
