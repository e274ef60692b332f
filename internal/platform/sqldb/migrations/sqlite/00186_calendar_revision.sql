-- The calendar's revision: a counter that every change to calendar_days or
-- calendar_years advances, by trigger, so that any writer (the admin pages,
-- the import, the seed, or SQL typed by an operator) is seen. A server keeps
-- the calendar in memory and re-reads it only when the revision it holds is
-- no longer current (issue 3: reading the exceptions on every acceptance
-- cost about 170 µs). The PostgreSQL twin is ../postgres/00186_calendar_revision.sql.

-- +goose Up
CREATE TABLE calendar_revision (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    revision INTEGER NOT NULL
);
INSERT INTO calendar_revision (id, revision) VALUES (1, 1);

-- +goose StatementBegin
CREATE TRIGGER calendar_days_ins AFTER INSERT ON calendar_days
BEGIN UPDATE calendar_revision SET revision = revision + 1 WHERE id = 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER calendar_days_upd AFTER UPDATE ON calendar_days
BEGIN UPDATE calendar_revision SET revision = revision + 1 WHERE id = 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER calendar_days_del AFTER DELETE ON calendar_days
BEGIN UPDATE calendar_revision SET revision = revision + 1 WHERE id = 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER calendar_years_ins AFTER INSERT ON calendar_years
BEGIN UPDATE calendar_revision SET revision = revision + 1 WHERE id = 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER calendar_years_upd AFTER UPDATE ON calendar_years
BEGIN UPDATE calendar_revision SET revision = revision + 1 WHERE id = 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER calendar_years_del AFTER DELETE ON calendar_years
BEGIN UPDATE calendar_revision SET revision = revision + 1 WHERE id = 1; END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER calendar_years_del;
DROP TRIGGER calendar_years_upd;
DROP TRIGGER calendar_years_ins;
DROP TRIGGER calendar_days_del;
DROP TRIGGER calendar_days_upd;
DROP TRIGGER calendar_days_ins;
DROP TABLE calendar_revision;
