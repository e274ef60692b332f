-- The calendar's revision: a counter that every change to calendar_days or
-- calendar_years advances, by trigger, so that any writer (the admin pages,
-- the import, the seed, or SQL typed by an operator) is seen. A server keeps
-- the calendar in memory and re-reads it only when the revision it holds is
-- no longer current, so several servers on one database stay in step (issue
-- 3). The SQLite twin is ../sqlite/00186_calendar_revision.sql.

-- +goose Up
CREATE TABLE calendar_revision (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    revision BIGINT NOT NULL
);
INSERT INTO calendar_revision (id, revision) VALUES (1, 1);

-- +goose StatementBegin
CREATE FUNCTION calendar_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE calendar_revision SET revision = revision + 1 WHERE id = 1;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER calendar_days_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_days
    FOR EACH STATEMENT EXECUTE FUNCTION calendar_bump();
CREATE TRIGGER calendar_years_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_years
    FOR EACH STATEMENT EXECUTE FUNCTION calendar_bump();

-- +goose Down
DROP TRIGGER calendar_years_bump ON calendar_years;
DROP TRIGGER calendar_days_bump ON calendar_days;
DROP FUNCTION calendar_bump();
DROP TABLE calendar_revision;
