package identity

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// touchEvery limits how often a session's last_seen_at is written. The idle
// check compares against the stored value, so a session may end up to this
// much before the idle limit, never after it.
const touchEvery = time.Minute

// ErrSessionExpired is returned by Session for a session that timed out.
var ErrSessionExpired = errs.E(errs.Unauthenticated, "由于长时间未操作，您已自动退出，请重新登录。")

func newToken() (token, hash string) {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token)
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// openSession resets the failure count, stamps the login and stores a new
// session; it returns the token.
func (s *Service) openSession(ctx context.Context, tx *sql.Tx, u User, c Client, now time.Time) (string, error) {
	token, hash := newToken()
	t := sqldb.T(now)
	if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = NULL,
		last_login_at = $2, updated_at = $2 WHERE id = $1`, u.ID, t); err != nil {
		return "", sqldb.Translate(err)
	}
	ua := c.UserAgent
	if len(ua) > 300 {
		ua = ua[:300]
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at,
		expires_at, ip, user_agent) VALUES ($1,$2,$3,$3,$4,$5,$6)`,
		hash, u.ID, t, sqldb.T(now.Add(s.policy.MaxLifetime)), c.IP, ua)
	return token, sqldb.Translate(err)
}

// Session returns the principal of a session token. A session idle for
// longer than the policy allows, past its lifetime, or of a disabled or
// locked account is ended (and audited) and ErrSessionExpired returned; an
// unknown token gives Unauthenticated.
func (s *Service) Session(ctx context.Context, token string) (*access.Principal, error) {
	hash := hashToken(token)
	// Every signed-in request comes here: it reads through the pool, so
	// that page views never queue for SQLite's single write transaction,
	// and in one query (session, user and assignments; the names come from
	// sessionNames), since on PostgreSQL each query of a page is a round
	// trip that waits for a pooled connection. Only the rare writes below
	// (a session ending, last_seen_at moved at most every touchEvery) take
	// a transaction.
	sr, err := sessionByHash(ctx, s.db, hash)
	if err != nil {
		return nil, err
	}
	u := sr.user
	now := s.now()
	if reason := s.endReason(u, sr.seen, sr.expires, now); reason != "" {
		actx := audit.WithActor(ctx, audit.Actor{Kind: audit.ActorUser, ID: u.ID, Name: u.Username})
		err := s.db.WithTx(ctx, func(tx *sql.Tx) error { return s.endSession(actx, tx, hash, u, "user.session_end", reason) })
		if err != nil {
			return nil, err
		}
		return nil, ErrSessionExpired
	}
	if now.Sub(sr.seen) >= touchEvery {
		err := s.db.WithTx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1`, hash, sqldb.T(now))
			return sqldb.Translate(err)
		})
		if err != nil {
			return nil, err
		}
	}
	as, err := s.names.resolve(ctx, s, sr.assignments)
	if err != nil {
		return nil, err
	}
	return principalOf(u, as), nil
}

func (s *Service) endReason(u User, seen, expires, now time.Time) string {
	switch {
	case now.Sub(seen) > s.policy.IdleTimeout:
		return "idle_timeout"
	case now.After(expires):
		return "lifetime"
	case !u.Active:
		return "disabled"
	case u.Locked(now):
		return "locked"
	}
	return ""
}

func (s *Service) endSession(ctx context.Context, tx *sql.Tx, hash string, u User, action, reason string) error {
	res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, hash)
	if err != nil {
		return sqldb.Translate(err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return nil // a concurrent request of the same session ended it first
	}
	return s.auditLogin(ctx, tx, u, action, map[string]any{"reason": reason})
}

// Logout ends the session of token. Logging out twice is not an error.
func (s *Service) Logout(ctx context.Context, token string) error {
	hash := hashToken(token)
	return s.db.WithTx(ctx, func(tx *sql.Tx) error {
		var userID int64
		err := tx.QueryRowContext(ctx, `SELECT user_id FROM sessions WHERE token_hash = $1`, hash).Scan(&userID)
		if sqldb.NotFoundIf(err) {
			return nil
		}
		if err != nil {
			return sqldb.Translate(err)
		}
		u, err := userByID(ctx, tx, userID)
		if err != nil {
			return err
		}
		return s.endSession(ctx, tx, hash, u, "user.logout", "logout")
	})
}
