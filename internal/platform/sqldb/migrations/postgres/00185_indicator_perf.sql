-- indicator performance (issue 5). An incremental Refresh recomputes a
-- handful of days; without an index on the cases' basis dates each day read
-- the whole cases table (seconds at a million cases). The samples are read
-- by day range at roll-up; the (code, day) index of 00120 served no query.
-- 预警数 reads the few cases with a yellow or red clock on every Refresh.
-- The SQLite twin is ../sqlite/00185_indicator_perf.sql.

-- +goose Up
CREATE INDEX cases_received_at ON cases(received_at);
CREATE INDEX cases_accepted_at ON cases(accepted_at);
CREATE INDEX cases_concluded_at ON cases(concluded_at);
CREATE INDEX cases_warned ON cases(warn_level) WHERE warn_level IN ('yellow', 'red');
DROP INDEX indicator_samples_day;
CREATE INDEX indicator_samples_by_day ON indicator_samples(day);

-- +goose Down
DROP INDEX cases_warned;
DROP INDEX indicator_samples_by_day;
CREATE INDEX indicator_samples_day ON indicator_samples(code, day);
DROP INDEX cases_concluded_at;
DROP INDEX cases_accepted_at;
DROP INDEX cases_received_at;
