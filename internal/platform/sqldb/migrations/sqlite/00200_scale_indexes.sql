-- Two lookups that read whole tables at issue 8's scale (a million cases,
-- six million processing steps):
--   - an application's cases (the page after a submission, an
--     application's detail, the foreign key from cases when an application
--     is removed): 230–270 ms per lookup;
--   - processing steps by time (the window statistics, the data-quality
--     checks on step times, the window hand-over facts): 1.1–1.2 s for one
--     month of one county's window statistics.

-- +goose Up
CREATE INDEX cases_application ON cases(application_id);
CREATE INDEX case_steps_occurred ON case_steps(occurred_at);

-- +goose Down
DROP INDEX case_steps_occurred;
DROP INDEX cases_application;
