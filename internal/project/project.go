// Package project is gongai's project registry: every 工程建设项目 keyed by
// its 项目代码 (XMDM, issued by the 投资项目在线审批监管平台), with its owner
// unit, flow type, investment, address, optional site polygon, current
// approval stage and its works (单项工程, keyed by 工程代码 GCDM).
//
// The case engine hangs cases off projects: it advances a project's stage
// with AdvanceStage inside its own transaction and shows its cases on the
// project's life-cycle page through the CaseSource interface.
//
// Access: staff and API keys see the projects of the regions where they hold
// access.ProjectView and register or edit where they hold
// access.ProjectRegister; an enterprise user sees and edits only the
// projects whose owner credit code is its own enterprise's, and gets
// NotFound (not Forbidden) for any other, so that a project's existence is
// not revealed.
package project

import (
	"fmt"
	"math"
	"time"
)

// Project is one registered construction project.
type Project struct {
	ID         int64
	Code       string // 项目代码 YYYY-XXXXXX-XX-XX-NNNNNN
	Name       string
	RegionCode string // the region that reviews the project
	RegionName string
	FlowType   int // 审批流程类型 SPLCLX 1–10
	OwnerName  string
	// OwnerCreditCode is the owner unit's 统一社会信用代码.
	OwnerCreditCode string
	// EnterpriseID is the owner's enterprise account at registration, 0 when
	// the owner had no account then.
	EnterpriseID int64
	Investment   Money // 总投资, 万元
	Address      string
	Site         *Site // nil when no site polygon was given
	Stage        int   // 0 not started, 1–4 current stage, 5 completed
	Works        []Work
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Work is a 单项工程 of a project. A work whose Code equals the project code
// stands for the project as a whole.
type Work struct {
	ID           int64
	Code         string // 工程代码
	Name         string
	BuildingArea float64 // 建筑面积, m²
	CreatedAt    time.Time
}

// Site is a project's red-line polygon (用地红线).
type Site struct {
	// GeoJSON is a Polygon or MultiPolygon in longitude/latitude
	// (WGS84/CGCS2000), as normalised by ParseSite.
	GeoJSON  string
	AreaM2   float64    // on the CGCS2000 ellipsoid, square metres
	Centroid [2]float64 // longitude, latitude
}

// NewProject is the input of Register. Works may hold the first works to
// create with the project (often one whose code equals the project code).
type NewProject struct {
	Code            string
	Name            string
	RegionCode      string
	FlowType        int
	OwnerName       string
	OwnerCreditCode string
	Investment      Money
	Address         string
	SiteGeoJSON     string // "" for no site
	Works           []Work
}

// Update changes a project's editable facts; nil fields are left as they
// are. A non-nil SiteGeoJSON pointing at "" removes the site.
type Update struct {
	Name        *string
	Address     *string
	Investment  *Money
	SiteGeoJSON *string
}

// Filter selects projects for List. Zero fields do not filter.
type Filter struct {
	RegionCode string
	FlowType   int  // 1–10; 0 any
	Stage      *int // 0–5; nil any
	Query      string
	// Sort is one of the sortKeys, optionally prefixed with "-" for
	// descending; "" means newest first.
	Sort   string
	Offset int
	Limit  int // 0 means DefaultLimit; more than MaxLimit is cut to MaxLimit
}

// Paging limits of List.
const (
	DefaultLimit = 20
	MaxLimit     = 100
)

// Page is one page of List's result. Items carry no Works.
type Page struct {
	Items  []Project
	Total  int
	Offset int
	Limit  int
}

// flowTypeNames are the national 审批流程类型 (SPLCLX) codes with their
// Chinese names (domain.md §1.5).
var flowTypeNames = [...]string{
	1:  "政府投资工程建设项目（房屋建筑类）",
	2:  "政府投资工程建设项目（线性工程/城市基础设施类）",
	3:  "一般社会投资项目",
	4:  "小型社会投资项目（简易低风险）",
	5:  "带方案出让用地的社会投资项目",
	6:  "工业类投资项目",
	7:  "交通工程类项目",
	8:  "水利工程类项目",
	9:  "能源工程类项目",
	10: "其他项目",
}

// FlowTypeName is the Chinese name of SPLCLX t, or "" when t is not 1–10.
func FlowTypeName(t int) string {
	if t < 1 || t >= len(flowTypeNames) {
		return ""
	}
	return flowTypeNames[t]
}

// stageNames are the four approval stages (四个阶段, domain.md §1.3).
var stageNames = [...]string{1: "立项用地规划许可", 2: "工程建设许可", 3: "施工许可", 4: "竣工验收"}

// Stage values besides 1–4.
const (
	StageNotStarted = 0
	StageCompleted  = 5
)

// StageName is the Chinese name of stage 1–4, "未进入审批" for 0 and
// "已竣工验收" for 5.
func StageName(stage int) string {
	switch {
	case stage == StageNotStarted:
		return "未进入审批"
	case stage == StageCompleted:
		return "已竣工验收"
	case stage > 0 && stage < len(stageNames):
		return stageNames[stage]
	}
	return ""
}

// FlowTypeName is the Chinese name of the project's flow type.
func (p Project) FlowTypeName() string { return FlowTypeName(p.FlowType) }

// StageName is the Chinese name of the project's current stage.
func (p Project) StageName() string { return StageName(p.Stage) }

// StageStep is one of the four stages as seen from a project.
type StageStep struct {
	Stage  int
	Name   string
	Status string // "done", "current" or "pending"
	Label  string // 已完成 / 当前阶段 / 未开始: the status in words, never colour alone
}

// Stages returns the four stages with their status for the project.
func (p Project) Stages() []StageStep {
	out := make([]StageStep, 0, 4)
	for i := 1; i <= 4; i++ {
		st := StageStep{Stage: i, Name: stageNames[i], Status: "pending", Label: "未开始"}
		switch {
		case p.Stage > i:
			st.Status, st.Label = "done", "已完成"
		case p.Stage == i:
			st.Status, st.Label = "current", "当前阶段"
		}
		out = append(out, st)
	}
	return out
}

// squareMetresPerMu is the area of one 亩 (市亩): 10000/15 m².
const squareMetresPerMu = 10000.0 / 15

// twoDecimals formats v with thousands separators and two decimals.
func twoDecimals(v float64) string { return Money(math.Round(v * 100)).String() }

// AreaLabel is the site area in m² for display, e.g. "12,653.02".
func (s Site) AreaLabel() string { return twoDecimals(s.AreaM2) }

// MuLabel is the site area in 亩 for display.
func (s Site) MuLabel() string { return twoDecimals(s.AreaM2 / squareMetresPerMu) }

// CentroidLabel is the centroid for display, e.g. "东经 107.455600°、北纬 31.262500°".
func (s Site) CentroidLabel() string {
	return fmt.Sprintf("东经 %.6f°、北纬 %.6f°", s.Centroid[0], s.Centroid[1])
}

// AreaLabel is the building area in m² for display.
func (w Work) AreaLabel() string { return twoDecimals(w.BuildingArea) }
