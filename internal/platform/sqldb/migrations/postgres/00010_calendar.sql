-- Working-day calendar (PostgreSQL): the dated exceptions to the Monday–Friday
-- week published each year by the State Council, and the years whose
-- official arrangement is loaded. A civil date is TEXT 'YYYY-MM-DD' on both
-- engines: no time zone can shift it, and it sorts chronologically (the "C"
-- collation makes that byte order whatever the database's locale).
-- The SQLite twin lives in ../sqlite/00010_calendar.sql; keep them in step.

-- +goose Up
CREATE TABLE calendar_days (
    day        TEXT COLLATE "C" PRIMARY KEY CHECK (day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    kind       TEXT NOT NULL CHECK (kind IN ('holiday','workday')),
    festival   TEXT NOT NULL DEFAULT '',
    source     TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMPTZ NOT NULL
);

-- A year without a row here is "not covered": computations across it fall
-- back to Monday–Friday and are flagged provisional.
CREATE TABLE calendar_years (
    year        INTEGER PRIMARY KEY,
    source      TEXT NOT NULL DEFAULT '',
    imported_at TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE calendar_years;
DROP TABLE calendar_days;
