package sqldb

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// TimeLayout is how timestamps are written: UTC with fixed-width microseconds,
// so that SQLite TEXT columns sort and compare chronologically. PostgreSQL
// parses the same text into TIMESTAMPTZ.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// Time is a timestamp column: TEXT in SQLite, TIMESTAMPTZ in PostgreSQL.
// It is always UTC with microsecond precision (PostgreSQL's resolution), so a
// value read back equals the value written.
type Time struct{ time.Time }

// T wraps t for use as a query argument.
func T(t time.Time) Time { return Time{t.UTC().Truncate(time.Microsecond)} }

// Value implements driver.Valuer.
func (t Time) Value() (driver.Value, error) {
	return t.UTC().Truncate(time.Microsecond).Format(TimeLayout), nil
}

// Scan implements sql.Scanner for both engines' representations.
func (t *Time) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		t.Time = v.UTC()
		return nil
	case string:
		return t.parse(v)
	case []byte:
		return t.parse(string(v))
	}
	return fmt.Errorf("sqldb.Time: cannot scan %T", src)
}

func (t *Time) parse(s string) error {
	for _, layout := range []string{TimeLayout, time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05"} {
		if p, err := time.Parse(layout, s); err == nil {
			t.Time = p.UTC()
			return nil
		}
	}
	return fmt.Errorf("sqldb.Time: bad timestamp %q", s)
}

// NullTime is a nullable Time.
type NullTime struct {
	Time  time.Time
	Valid bool
}

// NT wraps an optional time: the zero time becomes NULL.
func NT(t time.Time) NullTime {
	if t.IsZero() {
		return NullTime{}
	}
	return NullTime{Time: t.UTC().Truncate(time.Microsecond), Valid: true}
}

// Value implements driver.Valuer.
func (n NullTime) Value() (driver.Value, error) {
	if !n.Valid {
		return nil, nil
	}
	return Time{n.Time}.Value()
}

// Scan implements sql.Scanner.
func (n *NullTime) Scan(src any) error {
	if src == nil {
		*n = NullTime{}
		return nil
	}
	var t Time
	if err := t.Scan(src); err != nil {
		return err
	}
	*n = NullTime{Time: t.Time, Valid: true}
	return nil
}
