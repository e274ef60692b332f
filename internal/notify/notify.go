// Package notify delivers in-app notifications (站内通知) and keeps each
// reader's read marks.
//
// A notification is addressed to exactly one of: a user; an org unit
// (everyone holding any role in it); or a role within a region, e.g. the
// supervisors of 通川区. A city-wide role held at 达州市本级 (see
// access.Role.CityWide) also receives the role notifications of every
// region, and a role notification with no region reaches every holder of
// the role. Read marks are per user: a notification to a department is read
// by each of its staff separately.
//
// Other capabilities call Send inside the transaction that makes the change
// being announced, so that a notification exists exactly when the change
// does; their own audit event covers it. Reading and marking as read are
// not audited.
package notify

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// Notification is one message and its addressee. Exactly one of ToUserID,
// ToOrgID and ToRole is set; ToRegionCode qualifies ToRole ("" = every
// region). Link is a path inside gongai ("/cases/12") or empty. CaseID links
// the notification to a case (0 = none).
type Notification struct {
	ID           int64       `json:"id"`
	Kind         string      `json:"kind" doc:"通知类别，如 case.warning、case.overdue、supervision.order"`
	Title        string      `json:"title"`
	Body         string      `json:"body"`
	Link         string      `json:"link" doc:"站内链接（以 / 开头），可为空"`
	CaseID       int64       `json:"case_id,omitempty"`
	ToUserID     int64       `json:"to_user_id,omitempty"`
	ToOrgID      int64       `json:"to_org_id,omitempty"`
	ToRole       access.Role `json:"to_role,omitempty"`
	ToRegionCode string      `json:"to_region_code,omitempty"`
	CreatedAt    time.Time   `json:"created_at"`
}

// Item is a notification as one reader sees it, with that reader's read mark.
type Item struct {
	Notification
	Read   bool      `json:"read"`
	ReadAt time.Time `json:"read_at,omitzero"`
}

// Filter selects a reader's notifications. Limit is capped at 100 (20 when
// zero); Offset skips that many of the newest first.
type Filter struct {
	UnreadOnly bool
	Limit      int
	Offset     int
}

// DefaultPageSize is the number of notifications per page.
const DefaultPageSize = 20

func (f Filter) limit() int {
	if f.Limit <= 0 {
		return DefaultPageSize
	}
	return min(f.Limit, 100)
}

// Validate reports a malformed notification. The sender built it, so the
// error is Internal: it is a bug in the caller, never the user's input.
func (n Notification) Validate() error {
	addressees := 0
	for _, set := range []bool{n.ToUserID > 0, n.ToOrgID > 0, n.ToRole != ""} {
		if set {
			addressees++
		}
	}
	switch {
	case addressees != 1:
		return errs.E(errs.Internal, "notify: a notification needs exactly one addressee")
	case n.ToRole != "" && !n.ToRole.Valid():
		return errs.Ef(errs.Internal, "notify: unknown role %q", n.ToRole)
	case strings.TrimSpace(n.Kind) == "" || strings.TrimSpace(n.Title) == "":
		return errs.E(errs.Internal, "notify: kind and title are required")
	case utf8.RuneCountInString(n.Title) > 200:
		return errs.E(errs.Internal, "notify: title longer than 200 characters")
	case n.Link != "" && !LocalPath(n.Link):
		return errs.Ef(errs.Internal, "notify: link %q is not a path inside gongai", n.Link)
	}
	return nil
}

// LocalPath reports whether s is a path on this site ("/x", not "//host"
// or "/\host"), safe to link to or redirect to.
func LocalPath(s string) bool {
	return strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//") && !strings.HasPrefix(s, "/\\")
}
