-- indicator samples packed per day bucket (issue 5). A median indicator's
-- raw values were one row each (a hundred thousand rows at 300,000 cases),
-- and writing and reading them back was a good part of a full recompute.
-- Now one row holds a bucket's values (indicator, region, day, dimension):
-- vals is the list of its sample values, ascending, comma-separated in Go's
-- shortest exact form (strconv 'g', -1), e.g. "3,5,5,12.5". A bucket's
-- values are stored under its dimension only when it has one; roll-ups count
-- them under the total too, as before. The old rows are not converted: the
-- refresh cursor is cleared, so the next indicator refresh is a full
-- recompute that writes every set from the source tables. Past snapshot
-- values (indicator_values) are not touched.
-- The SQLite twin is ../sqlite/00190_indicator_sample_sets.sql.

-- +goose Up
DROP TABLE indicator_samples;
CREATE TABLE indicator_sample_sets (
    code        TEXT NOT NULL,
    region_code TEXT NOT NULL,
    day         TEXT NOT NULL,
    dim         TEXT NOT NULL DEFAULT '',
    vals        TEXT NOT NULL,
    PRIMARY KEY (code, region_code, day, dim)
);
CREATE INDEX indicator_sample_sets_day ON indicator_sample_sets(day);
DELETE FROM indicator_cursor;
DELETE FROM indicator_seen;

-- +goose Down
DROP TABLE indicator_sample_sets;
CREATE TABLE indicator_samples (
    code        TEXT NOT NULL,
    region_code TEXT NOT NULL,
    day         TEXT NOT NULL,
    dim         TEXT NOT NULL DEFAULT '',
    ref         TEXT NOT NULL,
    value       DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (code, region_code, day, dim, ref)
);
CREATE INDEX indicator_samples_by_day ON indicator_samples(day);
DELETE FROM indicator_cursor;
DELETE FROM indicator_seen;
