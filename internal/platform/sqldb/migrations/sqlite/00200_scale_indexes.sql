-- Lookups that read whole tables, or a table row per index entry, at
-- issue 8's scale (a million cases, six million processing steps):
--   - an application's cases (the page after a submission, an
--     application's detail, the foreign key from cases when an application
--     is removed): 230–270 ms per lookup;
--   - processing steps by time (the window statistics, the data-quality
--     checks on step times, the window hand-over facts): 1.1–1.2 s for one
--     month of one county's window steps, 0.26 s with the index; the
--     hand-over facts read the cases acted on from the index alone,
--     175 → 51 ms;
--   - the cases a department may see (every case it has a task in): the
--     index on (org_unit_id, status) made each of a bureau's 59,000 tasks
--     a row read for its case_id; with case_id in the index it is read
--     from the index alone;
--   - a county's newest cases (the case list of everyone who sees a
--     county): the region's index is ordered by status, so each page
--     sorted the county's 200,000 cases, 19 ms → 0.04 ms;
--   - the open cases at a warn level (the supervisor's dashboard, the
--     warning and overdue lists): the partial index on warn_level held
--     45,000 red and 181,000 yellow cases, most of them concluded, so the
--     planner read all 5,800 open cases instead; with status in it the
--     open ones are found directly, 6–9 ms → 0.07 ms. A query must repeat
--     the index's condition (warn_level IN ('yellow', 'red')) word for
--     word: SQLite does not infer it from warn_level = 'red'.

-- +goose Up
CREATE INDEX cases_application ON cases(application_id);
CREATE INDEX case_steps_occurred ON case_steps(occurred_at, case_id);
DROP INDEX case_tasks_org;
CREATE INDEX case_tasks_org ON case_tasks(org_unit_id, status, case_id);
CREATE INDEX cases_region_id ON cases(region_code, id);
DROP INDEX cases_warned;
CREATE INDEX cases_warned ON cases(warn_level, status) WHERE warn_level IN ('yellow', 'red');

-- +goose Down
DROP INDEX cases_warned;
CREATE INDEX cases_warned ON cases(warn_level) WHERE warn_level IN ('yellow', 'red');
DROP INDEX cases_region_id;
DROP INDEX case_tasks_org;
CREATE INDEX case_tasks_org ON case_tasks(org_unit_id, status);
DROP INDEX case_steps_occurred;
DROP INDEX cases_application;
