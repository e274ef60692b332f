package identity

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// PurgeSessions ends every session that has been idle past the policy or
// outlived its lifetime without being used again, and audits each end as
// user.session_end. Sessions are deleted with RETURNING inside one
// transaction, so with several instances purging at once each session is
// ended (and audited) exactly once. It returns how many ended.
func (s *Service) PurgeSessions(ctx context.Context) (int, error) {
	now := s.now()
	n := 0
	err := s.db.WithTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `DELETE FROM sessions WHERE last_seen_at < $1 OR expires_at < $2
			RETURNING user_id, last_seen_at`, sqldb.T(now.Add(-s.policy.IdleTimeout)), sqldb.T(now))
		if err != nil {
			return sqldb.Translate(err)
		}
		type ended struct {
			user int64
			seen time.Time
		}
		var all []ended
		for rows.Next() {
			var e ended
			var seen sqldb.Time
			if err := rows.Scan(&e.user, &seen); err != nil {
				rows.Close()
				return sqldb.Translate(err)
			}
			e.seen = seen.Time
			all = append(all, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return sqldb.Translate(err)
		}
		for _, e := range all {
			actx := audit.WithActor(ctx, audit.Actor{Kind: audit.ActorSystem, Name: "system"})
			err := s.rec.Record(actx, tx, audit.Entry{Action: "user.session_end", ObjectType: "user",
				ObjectID: strconv.FormatInt(e.user, 10), Detail: map[string]any{"reason": "purged",
					"last_seen": e.seen.Format(time.RFC3339)}})
			if err != nil {
				return err
			}
		}
		n = len(all)
		return nil
	})
	return n, err
}
