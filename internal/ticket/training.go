package ticket

import (
	"fmt"
	"math"
	"net/url"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// 业务培训: the sessions the operations team holds for the staff of a
// region — title, date, region and organising org unit, trainer, length,
// content — with the attendees (names, optionally linked to user accounts)
// and the materials (files in the blob store, or links). TicketView reads
// the sessions of its regions; TicketWork records and edits them in its
// regions.

// Training is one training session.
type Training struct {
	ID          int64      `json:"id"`
	Title       string     `json:"title"`
	RegionCode  string     `json:"region_code"`
	OrgUnitID   int64      `json:"org_unit_id,omitempty"`
	OrgUnitName string     `json:"org_unit_name"`
	HeldOn      string     `json:"held_on" doc:"培训日期 YYYY-MM-DD"`
	Trainer     string     `json:"trainer"`
	Location    string     `json:"location"`
	Minutes     int        `json:"minutes" doc:"培训时长（分钟）"`
	Content     string     `json:"content"`
	Notes       string     `json:"notes"`
	Attendees   []Attendee `json:"attendees" doc:"列表中为空，详见单条查询"`
	Count       int        `json:"attendee_count"`
	Materials   []Material `json:"materials"`
	CreatedBy   string     `json:"created_by"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	Version     int        `json:"version"`
}

// Hours formats the length for pages: "1.5".
func (t Training) Hours() string { return formatHours(t.Minutes) }

func formatHours(min int) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", float64(min)/60), "0"), ".")
}

// Attendee is one person who attended. On input, Username or UserID names
// an account (its display name is copied when Name is empty).
type Attendee struct {
	Name     string `json:"name"`
	UserID   int64  `json:"user_id,omitempty"`
	Username string `json:"username,omitempty" doc:"输入时可按账户名指定"`
}

// Material is one training material: kind "file" (Hash names the stored
// file, uploaded first) or "link" (URL, http or https).
type Material struct {
	Kind        string `json:"kind" doc:"file | link"`
	Name        string `json:"name"`
	URL         string `json:"url,omitempty"`
	Hash        string `json:"hash,omitempty"`
	Size        int64  `json:"size,omitempty"`
	ContentType string `json:"content_type,omitempty"`
}

// TrainingInput is a session as recorded or edited. Version is the one
// read before an edit (ignored on create).
type TrainingInput struct {
	Title      string     `json:"title" doc:"培训主题，最多 100 字"`
	RegionCode string     `json:"region_code"`
	OrgUnitID  int64      `json:"org_unit_id" doc:"组织单位，可为 0"`
	HeldOn     string     `json:"held_on" doc:"YYYY-MM-DD"`
	Trainer    string     `json:"trainer" doc:"授课人"`
	Location   string     `json:"location"`
	Hours      float64    `json:"hours" doc:"学时（小时，可为 1.5），大于 0、不超过 24"`
	Content    string     `json:"content" doc:"培训内容，最多 4000 字"`
	Notes      string     `json:"notes"`
	Attendees  []Attendee `json:"attendees" doc:"至少一人，最多 500 人"`
	Materials  []Material `json:"materials" doc:"最多 50 项"`
	Version    int        `json:"version"`
}

// Validate trims and checks what can be checked without the database,
// with Chinese messages.
func (in *TrainingInput) Validate() error {
	for _, p := range []*string{&in.Title, &in.RegionCode, &in.HeldOn, &in.Trainer, &in.Location, &in.Content, &in.Notes} {
		*p = strings.TrimSpace(*p)
	}
	f := map[string]string{}
	checkText(f, "title", in.Title, "培训主题", 100, true)
	checkText(f, "trainer", in.Trainer, "授课人", 50, true)
	checkText(f, "location", in.Location, "培训地点", 100, false)
	checkText(f, "content", in.Content, "培训内容", 4000, true)
	checkText(f, "notes", in.Notes, "备注", 2000, false)
	if in.RegionCode == "" {
		f["region_code"] = "请选择所属区县。"
	}
	if _, err := calendar.ParseDate(in.HeldOn); err != nil {
		f["held_on"] = "请填写培训日期，格式为 2026-03-18。"
	}
	if in.Hours <= 0 || in.Hours > 24 || math.IsNaN(in.Hours) {
		f["hours"] = "学时应大于 0 且不超过 24 小时。"
	}
	if msg := in.checkAttendees(); msg != "" {
		f["attendees"] = msg
	}
	if msg := in.checkMaterials(); msg != "" {
		f["materials"] = msg
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return nil
}

func (in *TrainingInput) checkAttendees() string {
	if len(in.Attendees) == 0 {
		return "请填写参训人员，每行一人。"
	}
	if len(in.Attendees) > 500 {
		return "参训人员不能超过 500 人。"
	}
	for i := range in.Attendees {
		a := &in.Attendees[i]
		a.Name, a.Username = strings.TrimSpace(a.Name), strings.TrimSpace(a.Username)
		if a.Name == "" && a.UserID == 0 && a.Username == "" {
			return fmt.Sprintf("参训人员第 %d 项没有姓名。", i+1)
		}
		if len([]rune(a.Name)) > 50 {
			return fmt.Sprintf("参训人员第 %d 项的姓名超过 50 字。", i+1)
		}
	}
	return ""
}

func (in *TrainingInput) checkMaterials() string {
	if len(in.Materials) > 50 {
		return "培训资料不能超过 50 项。"
	}
	for i := range in.Materials {
		m := &in.Materials[i]
		m.Name, m.URL = strings.TrimSpace(m.Name), strings.TrimSpace(m.URL)
		switch m.Kind {
		case "link":
			u, err := url.Parse(m.URL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(m.URL) > 500 {
				return fmt.Sprintf("培训资料第 %d 项的链接应以 http:// 或 https:// 开头。", i+1)
			}
			if m.Name == "" {
				m.Name = m.URL
			}
		case "file":
			if len(m.Hash) != 64 {
				return fmt.Sprintf("培训资料第 %d 项的文件标识无效，请重新上传。", i+1)
			}
		default:
			return fmt.Sprintf("培训资料第 %d 项的类别应为 file 或 link。", i+1)
		}
		if len([]rune(m.Name)) > 200 {
			return fmt.Sprintf("培训资料第 %d 项的名称超过 200 字。", i+1)
		}
	}
	return ""
}

// ParseAttendees reads the attendee lines of a form: one person a line,
// "@username" for an account.
func ParseAttendees(s string) []Attendee {
	var out []Attendee
	for line := range strings.Lines(s) {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
		case strings.HasPrefix(line, "@"):
			out = append(out, Attendee{Username: strings.TrimPrefix(line, "@")})
		default:
			out = append(out, Attendee{Name: line})
		}
	}
	return out
}

// ParseLinks reads the link lines of a form: "名称 https://…" or a bare
// URL.
func ParseLinks(s string) []Material {
	var out []Material
	for line := range strings.Lines(s) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		name, link := "", line
		if i := strings.LastIndexAny(line, " \t　"); i >= 0 {
			name, link = strings.TrimSpace(line[:i]), strings.TrimSpace(line[i:])
		}
		out = append(out, Material{Kind: "link", Name: name, URL: link})
	}
	return out
}

// TrainingFilter selects sessions: region, held between From and To
// (inclusive dates, YYYY-MM-DD) and a word in the title or content.
type TrainingFilter struct {
	RegionCode string
	From, To   string
	Query      string
	Limit      int // 50 when 0, at most 500
	Offset     int
}

// TrainingLink is the page of session id.
func TrainingLink(id int64) string { return fmt.Sprintf("/ops/training/%d", id) }
