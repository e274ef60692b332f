package notify

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Service sends notifications and serves each reader's inbox. It is safe
// for concurrent use.
type Service struct {
	db  *sqldb.DB
	now func() time.Time
}

// NewService returns a Service over db that stamps notifications and read
// marks with now().
func NewService(db *sqldb.DB, now func() time.Time) *Service {
	return &Service{db: db, now: now}
}

// Send stores n inside tx, the caller's transaction, so that it is
// delivered exactly when the caller's change commits. It performs no
// authorisation (the caller's use case has done that) and writes no audit
// event (the caller's covers it). A malformed n is an Internal error, which
// must abort the caller's transaction.
func (s *Service) Send(ctx context.Context, tx *sql.Tx, n Notification) error {
	if err := n.Validate(); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO notifications
		(kind, title, body, link, case_id, to_user_id, to_org_id, to_role, to_region_code, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		n.Kind, n.Title, n.Body, n.Link, nullID(n.CaseID), nullID(n.ToUserID), nullID(n.ToOrgID),
		string(n.ToRole), n.ToRegionCode, sqldb.T(s.now()))
	if err != nil {
		return sqldb.Translate(fmt.Errorf("send notification %q: %w", n.Kind, err))
	}
	return nil
}

// reader returns the principal in ctx when it has an inbox: API keys act
// for an org unit and have no user to keep read marks for.
func reader(ctx context.Context) (*access.Principal, error) {
	p, err := access.Require(ctx)
	if err != nil {
		return nil, err
	}
	if p.UserID == 0 {
		return nil, errs.E(errs.Forbidden, "接口密钥没有通知收件箱；请以用户身份登录查看通知。")
	}
	return p, nil
}

// Inbox returns the notifications addressed to the principal in ctx that
// match f, newest first, and how many match in all. Errors: Unauthenticated
// without a principal; Forbidden for an API key.
func (s *Service) Inbox(ctx context.Context, f Filter) ([]Item, int, error) {
	p, err := reader(ctx)
	if err != nil {
		return nil, 0, err
	}
	return selectInbox(ctx, s.db, p, f)
}

// Get returns one notification of the principal's inbox. Errors as Inbox,
// plus NotFound when it does not exist or is addressed to someone else.
func (s *Service) Get(ctx context.Context, id int64) (Item, error) {
	p, err := reader(ctx)
	if err != nil {
		return Item{}, err
	}
	return selectItem(ctx, s.db, p, id)
}

// Unread returns how many notifications of the principal in ctx are unread.
// Errors as Inbox.
func (s *Service) Unread(ctx context.Context) (int, error) {
	p, err := reader(ctx)
	if err != nil {
		return 0, err
	}
	return countUnread(ctx, s.db, p)
}

// UnreadCount is Unread for the page header: 0 when there is no reader or
// anything fails, and it logs nothing, because the header must never fail
// or clutter a page.
func (s *Service) UnreadCount(ctx context.Context) int {
	n, err := s.Unread(ctx)
	if err != nil {
		return 0
	}
	return n
}

// MarkRead marks notification id read for the principal in ctx; marking it
// again changes nothing. Errors as Get.
func (s *Service) MarkRead(ctx context.Context, id int64) error {
	p, err := reader(ctx)
	if err != nil {
		return err
	}
	if _, err := selectItem(ctx, s.db, p, id); err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO notification_reads (notification_id, user_id, read_at)
		VALUES ($1, $2, $3) ON CONFLICT (notification_id, user_id) DO NOTHING`, id, p.UserID, sqldb.T(s.now()))
	return sqldb.Translate(err)
}

// MarkAllRead marks every notification of the principal's inbox read and
// returns how many were unread. Errors as Inbox.
func (s *Service) MarkAllRead(ctx context.Context) (int, error) {
	p, err := reader(ctx)
	if err != nil {
		return 0, err
	}
	return markAllRead(ctx, s.db, p, s.now())
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }
