package identity

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Client describes where a login comes from.
type Client struct {
	IP        string
	UserAgent string
}

// errBadCredentials is deliberately the same for an unknown user and a wrong
// password, so that the page does not reveal which accounts exist.
var errBadCredentials = errs.E(errs.Unauthenticated, "用户名或密码错误。")

// Login checks the credentials and opens a session, returning the session
// token (to be set as a cookie, never stored) and the principal.
//
// Errors: Invalid when a field is empty; Unauthenticated for an unknown user
// or a wrong password (with the remaining attempts); Locked while the
// account is locked; Forbidden for a disabled account. Failures are counted
// and audited in a committed transaction even though Login returns an error.
func (s *Service) Login(ctx context.Context, username, password string, c Client) (string, *access.Principal, error) {
	if username == "" || password == "" {
		fields := map[string]string{}
		if username == "" {
			fields["username"] = "请输入用户名。"
		}
		if password == "" {
			fields["password"] = "请输入密码。"
		}
		return "", nil, errs.FieldErrors(fields)
	}
	var token string
	var p *access.Principal
	var outcome error
	err := s.db.WithTx(ctx, func(tx *sql.Tx) error {
		var err error
		token, p, outcome, err = s.loginTx(ctx, tx, username, password, c)
		return err
	})
	if err != nil {
		return "", nil, err
	}
	return token, p, outcome
}

// loginTx returns outcome (the error for the caller, after commit) separately
// from err (which aborts the transaction).
func (s *Service) loginTx(ctx context.Context, tx *sql.Tx, username, password string, c Client) (string, *access.Principal, error, error) {
	now := s.now()
	u, hash, err := userForLogin(ctx, tx, username)
	if errs.Is(err, errs.NotFound) {
		CheckPassword(s.dummyHash, password)
		return "", nil, errBadCredentials, s.auditLogin(ctx, tx, User{Username: username}, "user.login_failed", map[string]any{"reason": "unknown_user"})
	}
	if err != nil {
		return "", nil, nil, err
	}
	actx := audit.WithActor(ctx, audit.Actor{Kind: audit.ActorUser, ID: u.ID, Name: u.Username})
	switch {
	case !u.Active:
		return "", nil, errs.E(errs.Forbidden, "账户已停用，请联系系统管理员。"),
			s.auditLogin(actx, tx, u, "user.login_failed", map[string]any{"reason": "disabled"})
	case u.Locked(now):
		return "", nil, lockedError(u.LockedUntil),
			s.auditLogin(actx, tx, u, "user.login_failed", map[string]any{"reason": "locked"})
	case !CheckPassword(hash, password):
		outcome, err := s.recordFailure(actx, tx, u, now)
		return "", nil, outcome, err
	}
	token, err := s.openSession(actx, tx, u, c, now)
	if err != nil {
		return "", nil, nil, err
	}
	u.FailedLogins, u.LockedUntil = 0, time.Time{}
	p, err := s.principalFor(ctx, tx, u)
	if err != nil {
		return "", nil, nil, err
	}
	return token, p, nil, s.auditLogin(actx, tx, u, "user.login", map[string]any{"ip": c.IP})
}

// recordFailure counts a wrong password and locks the account at the
// threshold. A lock that has run out starts the count afresh.
func (s *Service) recordFailure(ctx context.Context, tx *sql.Tx, u User, now time.Time) (error, error) {
	var n int
	err := tx.QueryRowContext(ctx, `UPDATE users SET failed_logins = CASE
			WHEN locked_until IS NOT NULL THEN 1 ELSE failed_logins + 1 END,
			locked_until = NULL, updated_at = $2 WHERE id = $1 RETURNING failed_logins`,
		u.ID, sqldb.T(now)).Scan(&n)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	detail := map[string]any{"reason": "bad_password", "failures": n}
	if err := s.auditLogin(ctx, tx, u, "user.login_failed", detail); err != nil {
		return nil, err
	}
	left := s.policy.LockThreshold - n
	if left > 0 {
		return errs.E(errs.Unauthenticated, fmt.Sprintf("用户名或密码错误。再错 %d 次，账户将被锁定 %d 分钟。",
			left, int(s.policy.LockDuration.Minutes()))), nil
	}
	until := now.Add(s.policy.LockDuration)
	if _, err := tx.ExecContext(ctx, `UPDATE users SET locked_until = $2 WHERE id = $1`, u.ID, sqldb.T(until)); err != nil {
		return nil, sqldb.Translate(err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, u.ID); err != nil {
		return nil, sqldb.Translate(err)
	}
	err = s.auditLogin(ctx, tx, u, "user.locked", map[string]any{"until": until.UTC().Format(time.RFC3339), "failures": n})
	return lockedError(until), err
}

func lockedError(until time.Time) error {
	loc := time.FixedZone("CST", 8*3600)
	return errs.E(errs.Locked, "密码连续错误次数过多，账户已锁定至 "+until.In(loc).Format("15:04")+
		"（北京时间），请届时再试或联系系统管理员解锁。")
}

func (s *Service) auditLogin(ctx context.Context, tx *sql.Tx, u User, action string, detail map[string]any) error {
	if u.ID == 0 {
		name := u.Username
		if r := []rune(name); len(r) > 40 {
			name = string(r[:40])
		}
		ctx = audit.WithActor(ctx, audit.Actor{Kind: audit.ActorAnon, Name: name})
	}
	return s.rec.Record(ctx, tx, audit.Entry{Action: action, ObjectType: "user",
		ObjectID: strconv.FormatInt(u.ID, 10), Detail: detail})
}
