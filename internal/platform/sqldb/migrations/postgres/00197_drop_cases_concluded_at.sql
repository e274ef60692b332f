-- cases_concluded_at (00185) is redundant with the partial covering index
-- cases_public_results (00195), which leads with concluded_at and serves
-- every concluded_at range (a range implies concluded_at IS NOT NULL). At a
-- million cases SQLite preferred the narrower index for the 办结公示 register
-- and then read the table row of every concluded case to test the project
-- name (11 s for a rare term, against 2.7 s through the covering index),
-- and each conclusion paid for maintaining both (issue 8, issue 3).

-- +goose Up
DROP INDEX cases_concluded_at;

-- +goose Down
CREATE INDEX cases_concluded_at ON cases(concluded_at);
