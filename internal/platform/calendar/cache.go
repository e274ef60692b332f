package calendar

import (
	"context"
	"fmt"
	"sync/atomic"
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
// calendar another one has changed. Under a memo (WithMemo) the first
// reading of the request is reused and nothing is asked again.
func (c *Calendar) current(ctx context.Context) (window, error) {
	m, _ := ctx.Value(memoKey{}).(*memo)
	if m != nil {
		if w := m.Load(); w != nil {
			return *w, nil
		}
	}
	w, err := c.fresh(ctx)
	if err == nil && m != nil {
		m.Store(&w)
	}
	return w, err
}

// fresh is current without a memo: the revision read, then the snapshot
// or a full read.
func (c *Calendar) fresh(ctx context.Context) (window, error) {
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

// memo is the calendar as one request first read it.
type memo struct{ atomic.Pointer[window] }

type memoKey struct{}

// WithMemo returns ctx carrying an empty memo: the first computation under
// it reads the calendar as current does, and every later one answers from
// that reading without asking the database for the revision again. For
// one request (a page of cases computes a clock per case: most of its
// statements were this read) or one job, which then sees one calendar
// throughout — as if it had run a moment earlier than a concurrent edit.
// A change made through this Calendar under ctx clears the memo, so a
// request sees its own edits.
func WithMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, memoKey{}, &memo{})
}

// forget clears ctx's memo, if any, after a change to the calendar.
func forget(ctx context.Context) {
	if m, _ := ctx.Value(memoKey{}).(*memo); m != nil {
		m.Store(nil)
	}
}
