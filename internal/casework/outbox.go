package casework

import "time"

// OutboxEvent is what leaves the system for the provincial and national
// 工改 systems. Field names follow our glossary; the exchange maps them to
// the SPGL_* columns (SPSXSLBM = case number, BLZT = status, …).
type OutboxEvent struct {
	Action      string    `json:"action"`
	CaseNumber  string    `json:"case_number"`
	ProjectCode string    `json:"project_code"`
	ItemCode    string    `json:"item_code"`
	RegionCode  string    `json:"region_code"`
	StageNo     int       `json:"stage_no"`
	FromStatus  int       `json:"from_status"`
	Status      int       `json:"status"`
	Opinion     string    `json:"opinion,omitempty"`
	OccurredAt  time.Time `json:"occurred_at"`
}

func outboxPayload(c *Case, action string, from, to Status, opinion string, at time.Time) OutboxEvent {
	return OutboxEvent{Action: action, CaseNumber: c.Number, ProjectCode: c.ProjectCode, ItemCode: c.ItemCode,
		RegionCode: c.RegionCode, StageNo: c.StageNo, FromStatus: int(from), Status: int(to), Opinion: opinion,
		OccurredAt: at.UTC()}
}
