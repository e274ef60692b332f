-- read paths found by the load test (issue 8).
-- The public register (办结公示) pages the concluded cases newest first,
-- filters them by region, item or a project-name substring, and counts
-- them: an index over only the cases with a conclusion, ordered by it and
-- carrying the filtered columns, serves the page, the count and the search
-- without reading the table. Its item filter lists the items that have a
-- concluded case: a second partial index lets that list seek item by item.
-- The queries write the status test as +c.status so that SQLite does not
-- pick the (status, deadline) index, which it believes selective.
-- An enterprise's case lists and home page read its cases by enterprise;
-- there was no index, so each one scanned every case.
-- The PostgreSQL twin is ../postgres/00195_load_read_paths.sql.

-- +goose Up
CREATE INDEX cases_public_results ON cases(concluded_at, status, region_code, item_code, project_name)
    WHERE concluded_at IS NOT NULL;
CREATE INDEX cases_result_items ON cases(item_code, status, item_name, concluded_at)
    WHERE concluded_at IS NOT NULL;
CREATE INDEX cases_enterprise ON cases(enterprise_id, id);

-- +goose Down
DROP INDEX cases_enterprise;
DROP INDEX cases_result_items;
DROP INDEX cases_public_results;
