-- A case's consultations, found by case: the case detail reads them on
-- every view, and a department's warned-case lists test, for each open
-- warned case, whether the department was consulted on it (casework's
-- visibleWhere, narrow form). Without the index each of those lookups
-- read the whole table.
--
-- The SQLite twin is ../sqlite/00201_consultations_case.sql.

-- +goose Up
CREATE INDEX consultations_case ON consultations(case_id);

-- +goose Down
DROP INDEX consultations_case;
