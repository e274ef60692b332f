package calendar

import (
	"context"
	"fmt"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// snapshot is the whole calendar — every exception and every covered year —
// as of one revision of calendar_revision.
type snapshot struct {
	revision int64
	w        window
}

// beginningOfTime bounds the full read of the exceptions from below.
var beginningOfTime = Date{1, time.January, 1}

// current returns the calendar as it is now. It asks the database for the
// calendar's revision (one single-row read) and answers from memory when
// the snapshot it holds is of that revision; otherwise it reads the whole
// calendar (a few dozen rows a year) and keeps it. The revision is read
// before the rows, so a change committed in between leaves a snapshot
// labelled older than its data and is read again next time — never the
// reverse. Several servers on one database therefore never answer from a
// calendar another one has changed.
func (c *Calendar) current(ctx context.Context) (window, error) {
	var rev int64
	err := c.db.QueryRowContext(ctx, `SELECT revision FROM calendar_revision WHERE id = 1`).Scan(&rev)
	if err != nil {
		return window{}, sqldb.Translate(fmt.Errorf("calendar revision: %w", err))
	}
	if s := c.cache.Load(); s != nil && s.revision == rev {
		return s.w, nil
	}
	w, err := loadWindow(ctx, c.db, beginningOfTime, endOfTime)
	if err != nil {
		return window{}, err
	}
	c.cache.Store(&snapshot{revision: rev, w: w})
	return w, nil
}
