package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Translate maps driver errors to the errs taxonomy, in this one place:
// no rows → NotFound, unique violation → Conflict, foreign-key violation →
// Conflict (a referenced row is missing or still in use), lock timeouts and
// connection failures → Unavailable. Already classified errors and nil pass
// through; anything else becomes Internal with the cause kept for the log.
func Translate(err error) error {
	if err == nil {
		return nil
	}
	var classified *errs.Error
	if errors.As(err, &classified) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return errs.Wrap(errs.NotFound, "", err)
	}
	// A deadline reached while the database had not answered (a hung
	// server, or one too slow for the caller's bound) is an outage to the
	// caller, not a fault of ours.
	if errors.Is(err, context.DeadlineExceeded) {
		return errs.Wrap(errs.Unavailable, "数据库响应超时，请稍后重试。", err)
	}
	switch constraintOf(err) {
	case "unique":
		return errs.Wrap(errs.Conflict, "该记录已存在（编码或名称重复）。", err)
	case "foreign":
		return errs.Wrap(errs.Conflict, "关联的数据不存在或仍被引用，操作未执行。", err)
	case "check", "notnull":
		return errs.Wrap(errs.Invalid, "", err)
	case "busy":
		return errs.Wrap(errs.Unavailable, "数据库繁忙，请稍后重试。", err)
	case "outage":
		return errs.Wrap(errs.Unavailable, "数据库暂时不可用（连接中断或存储空间不足），请稍后重试。", err)
	}
	return errs.Wrap(errs.Internal, "", err)
}

func constraintOf(err error) string {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch pg.Code {
		case "23505":
			return "unique"
		case "23503":
			return "foreign"
		case "23514", "22021", "22P05": // 22021/22P05: text PostgreSQL cannot store (bad UTF-8, NUL)
			return "check"
		case "23502":
			return "notnull"
		case "40001", "40P01", "55P03", "57014":
			return "busy"
		case "57P01", "57P02", "57P03", "53100": // shut down, crashed, starting; disk full
			return "outage"
		}
		if strings.HasPrefix(pg.Code, "08") { // connection exception
			return "outage"
		}
		return ""
	}
	if errors.Is(err, pgconn.ErrConnClosed) {
		return "outage"
	}
	var lite *sqlite.Error
	if errors.As(err, &lite) {
		switch lite.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return "unique"
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return "foreign"
		case sqlite3.SQLITE_CONSTRAINT_CHECK:
			return "check"
		case sqlite3.SQLITE_CONSTRAINT_NOTNULL:
			return "notnull"
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return "busy"
		}
		// Extended codes carry the primary code in the low byte.
		if c := lite.Code() & 0xff; c == sqlite3.SQLITE_FULL || c == sqlite3.SQLITE_IOERR {
			return "outage"
		}
		return ""
	}
	if strings.Contains(err.Error(), "connection refused") {
		return "busy"
	}
	return ""
}
