// Package exchange reports gongai's approval data upward to the provincial
// and national 工改 systems in the shape of the national data-sharing
// standard (SPGL_* tables, domain.md §1.7), and imports 项目代码 records
// from the 投资项目在线审批监管平台.
//
// Upward: the relay (Service.Relay, run under a lease) reads the engine's
// outbox, maps the project, its owner unit, the case (item instance), its
// processing steps, special procedures, consultations and result into
// Records, and queues each new or changed one in exchange_records with the
// control fields LSH (the queue id), DFSJZJ (local key), SJYXBS (validity)
// and SJSCZT/SBYY (upload state and failure reason). Records of one project
// (its chain) leave strictly in queue order, and parents are queued before
// their children, so the upper system never sees a step before its
// instance nor an instance before its project and unit. Transports: NATS
// JetStream (message id = record key, so the stream drops repeats) and/or
// an HTTP endpoint with HMAC-SHA256 signed requests. Receipts set SJSCZT;
// failures keep SBYY and are retried with exponential backoff or re-pushed
// by an administrator.
//
// RunReceiver is a reference upper system that validates records with the
// same rules (Validate plus the ordering rule) so the round trip runs
// locally and in CI.
package exchange

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// The SPGL_* tables gongai reports (domain.md §1.7).
const (
	TableProject      = "SPGL_XMJBXXB"       // 项目基本信息
	TableUnit         = "SPGL_XMDWXXB"       // 项目单位
	TableInstance     = "SPGL_XMSPSXBLXXB"   // 审批事项办理（实例）
	TableStep         = "SPGL_XMSPSXBLXXXXB" // 办理详细（环节）
	TableResult       = "SPGL_XMSPSXPFWJXXB" // 批复文件
	TableSpecial      = "SPGL_XMSPSXBLTBCXXXB"
	TableConsultation = "SPGL_XMSPSXZQYJXXB"
)

// Tables lists the reported tables in parent-before-child order.
var Tables = []string{TableProject, TableUnit, TableInstance, TableStep, TableSpecial, TableConsultation, TableResult}

var tableLabels = map[string]string{
	TableProject: "项目基本信息", TableUnit: "项目单位", TableInstance: "审批事项办理",
	TableStep: "办理环节", TableResult: "批复文件", TableSpecial: "特别程序", TableConsultation: "征求意见",
}

// TableLabel is the Chinese name of an SPGL table, or the name itself.
func TableLabel(table string) string {
	if l, ok := tableLabels[table]; ok {
		return l
	}
	return table
}

// Upload states (SJSCZT). Sent means published with no receipt yet.
const (
	StateRejected = -1 // 上报失败：上级系统拒收（SBYY 为原因）
	StatePending  = 0  // 待上报
	StateSent     = 1  // 已发送，等待回执
	StateFailed   = 2  // 发送失败（SBYY 为原因），退避后重试
	StateAccepted = 3  // 上级系统已接收
)

var stateLabels = map[int]string{StateRejected: "被拒收", StatePending: "待上报", StateSent: "已发送",
	StateFailed: "发送失败", StateAccepted: "已接收"}

// StateLabel is the Chinese name of an SJSCZT value.
func StateLabel(s int) string {
	if l, ok := stateLabels[s]; ok {
		return l
	}
	return fmt.Sprintf("未知状态 %d", s)
}

// Record is one row for the upper system. Fields holds the business
// columns (XMDM, BLZT, …) as text; the control fields are explicit.
type Record struct {
	Table    string `json:"table"`
	Key      string `json:"key"` // message id: Table:DFSJZJ:r<rev>:p<push>
	LSH      string `json:"LSH"` // 流水号: the queue id
	DFSJZJ   string `json:"DFSJZJ"`
	Revision int    `json:"revision"`
	SJYXBS   int    `json:"SJYXBS"` // 1 valid, 0 invalid (SJWXYY says why)
	SJWXYY   string `json:"SJWXYY,omitempty"`
	// Fields are the business columns, e.g. XMDM, XZQHDM, BLZT.
	Fields map[string]string `json:"fields"`
}

// Entity is the "table:DFSJZJ" name of the record's entity.
func (r Record) Entity() string { return EntityRef(r.Table, r.DFSJZJ) }

// EntityRef names an entity across revisions.
func EntityRef(table, dfsjzj string) string { return table + ":" + dfsjzj }

// Chain is the project code the record belongs to: the ordering domain.
func (r Record) Chain() string { return r.Fields["XMDM"] }

// recordKey is the message id of push p of revision rev of an entity. The
// stream and the receiver drop a key they have seen; a re-push after a fix
// gets a new key so it is not dropped.
func recordKey(table, dfsjzj string, rev, push int) string {
	return fmt.Sprintf("%s:%s:r%d:p%d", table, dfsjzj, rev, push)
}

// digest is a stable hash of what the record says, to skip unchanged ones.
func digest(fields map[string]string, valid int, why string) string {
	h := sha256.New()
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		fmt.Fprintf(h, "%s=%s\n", k, fields[k])
	}
	fmt.Fprintf(h, "SJYXBS=%d\nSJWXYY=%s\n", valid, why)
	return hex.EncodeToString(h.Sum(nil))
}

// Receipt is the upper system's answer about one record.
type Receipt struct {
	Key    string `json:"key"`
	LSH    string `json:"LSH,omitempty"`
	SJSCZT int    `json:"SJSCZT"` // StateAccepted or StateRejected
	SBYY   string `json:"SBYY,omitempty"`
}

// encodeRecord is the wire form of r.
func encodeRecord(r Record) ([]byte, error) { return json.Marshal(r) }

// decodeRecord parses a wire record.
func decodeRecord(b []byte) (Record, error) {
	var r Record
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return r, fmt.Errorf("记录不是有效的 JSON：%w", err)
	}
	return r, nil
}
