-- Working-day calendar (SQLite): the dated exceptions to the Monday–Friday
-- week published each year by the State Council, and the years whose
-- official arrangement is loaded. A civil date is TEXT 'YYYY-MM-DD' on both
-- engines: no time zone can shift it, and it sorts chronologically.
-- The PostgreSQL twin lives in ../postgres/00010_calendar.sql; keep them in step.

-- +goose Up
CREATE TABLE calendar_days (
    day        TEXT PRIMARY KEY CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    kind       TEXT NOT NULL CHECK (kind IN ('holiday','workday')),
    festival   TEXT NOT NULL DEFAULT '',
    source     TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);

-- A year without a row here is "not covered": computations across it fall
-- back to Monday–Friday and are flagged provisional.
CREATE TABLE calendar_years (
    year        INTEGER PRIMARY KEY,
    source      TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL
);

-- +goose Down
DROP TABLE calendar_years;
DROP TABLE calendar_days;
