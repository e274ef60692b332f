-- indicator: the registry of monitored indicators (监测指标), their values
-- per region, period and dimension, the raw samples behind medians, and the
-- cursor of the incremental refresh over the engine's outbox. PostgreSQL:
-- timestamps TIMESTAMPTZ, civil dates TEXT 'YYYY-MM-DD',
-- booleans BOOLEAN. The SQLite twin is ../sqlite/00120_indicator.sql.

-- +goose Up
-- One row per indicator. How a value is computed lives in Go (keyed by
-- code); everything a person may change lives here: names, the formula as
-- shown, target, tolerance, direction, whether the definition is official,
-- the weight in the composite score, and whether it is shown at all.
CREATE TABLE indicators (
    code              TEXT PRIMARY KEY,
    name              TEXT NOT NULL,
    grp               TEXT NOT NULL CHECK (grp IN ('coverage','usage','efficiency','quality','service')),
    kind              TEXT NOT NULL CHECK (kind IN ('rate','mean','median','count')),
    formula           TEXT NOT NULL,
    numerator_label   TEXT NOT NULL,
    denominator_label TEXT NOT NULL DEFAULT '',
    unit              TEXT NOT NULL,
    target            DOUBLE PRECISION,
    tolerance         DOUBLE PRECISION NOT NULL DEFAULT 0 CHECK (tolerance >= 0),
    direction         TEXT NOT NULL CHECK (direction IN ('up','down')),
    source            TEXT NOT NULL,
    official          BOOLEAN NOT NULL DEFAULT FALSE,
    official_note     TEXT NOT NULL DEFAULT '',
    weight            DOUBLE PRECISION NOT NULL DEFAULT 0 CHECK (weight >= 0),
    enabled           BOOLEAN NOT NULL DEFAULT TRUE,
    sort_order        INTEGER NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    updated_by        TEXT NOT NULL DEFAULT ''
);

-- One value per indicator, region ('all' = the whole city), period kind,
-- period start and dimension ('' = all; a flow type or stage number
-- otherwise). numerator and denominator are stored apart so that regions
-- and periods re-aggregate by summing them; for a median, numerator is the
-- sum and denominator the count of the samples, and value the median.
-- value is NULL when there is no data (denominator 0).
CREATE TABLE indicator_values (
    code         TEXT NOT NULL,
    region_code  TEXT NOT NULL,
    period       TEXT NOT NULL CHECK (period IN ('day','week','month','quarter','year')),
    period_start TEXT NOT NULL,
    dim          TEXT NOT NULL DEFAULT '',
    numerator    DOUBLE PRECISION NOT NULL,
    denominator  DOUBLE PRECISION NOT NULL,
    value        DOUBLE PRECISION,
    computed_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (code, region_code, period, period_start, dim)
);
CREATE INDEX indicator_values_period ON indicator_values(period, period_start);

-- The raw values behind a median indicator, per day of the basis date: a
-- median of a month or of the whole city is taken over these, never over
-- the medians of days or regions.
CREATE TABLE indicator_samples (
    code        TEXT NOT NULL,
    region_code TEXT NOT NULL,
    day         TEXT NOT NULL,
    dim         TEXT NOT NULL DEFAULT '',
    ref         TEXT NOT NULL,
    value       DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (code, region_code, day, dim, ref)
);
CREATE INDEX indicator_samples_day ON indicator_samples(code, day);

-- The refresh's position in the outbox: every id up to floor_id has been
-- handled; ids above it that were handled are listed in indicator_seen.
CREATE TABLE indicator_cursor (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    floor_id    BIGINT NOT NULL,
    last_run    TIMESTAMPTZ NOT NULL,
    full_run    TIMESTAMPTZ
);

CREATE TABLE indicator_seen (
    outbox_id BIGINT PRIMARY KEY,
    seen_at   TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE indicator_seen;
DROP TABLE indicator_cursor;
DROP TABLE indicator_samples;
DROP TABLE indicator_values;
DROP TABLE indicators;
