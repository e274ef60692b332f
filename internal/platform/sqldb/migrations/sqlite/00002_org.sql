-- org: at most one active department per function in a region, so that
-- org.UnitByFunction (e.g. "the 住建 department of 渠县") is unambiguous.
-- Windows, utilities and agencies may share a function (two gas companies).
-- The PostgreSQL twin lives in ../postgres/00002_org.sql; keep them in step.

-- +goose Up
CREATE UNIQUE INDEX org_units_department_function ON org_units(region_id, function_code)
    WHERE kind = 'department' AND active = 1 AND function_code <> '';
CREATE INDEX org_units_parent ON org_units(parent_id);

-- +goose Down
DROP INDEX org_units_parent;
DROP INDEX org_units_department_function;
