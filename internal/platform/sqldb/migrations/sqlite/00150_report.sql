-- Statistics reports (package report): saved dynamic report definitions
-- with their sharing and schedule, and the runs that export them to xlsx
-- (each run keeps a snapshot of the definition it ran and the blob hash of
-- its file). SQLite: timestamps TEXT in sqldb.TimeLayout. The PostgreSQL
-- twin is ../postgres/00150_report.sql.

-- +goose Up
-- scope_codes is the data scope of the owner when saved: '*' for city-wide,
-- otherwise comma-separated region codes. Scheduled runs are restricted to
-- it; viewers are always restricted to their own scope as well.
CREATE TABLE report_definitions (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL,
    spec             TEXT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    owner_id         INTEGER NOT NULL REFERENCES users(id),
    owner_name       TEXT NOT NULL,
    scope_codes      TEXT NOT NULL,
    share            TEXT NOT NULL DEFAULT 'private' CHECK (share IN ('private','region','city')),
    share_region     TEXT NOT NULL DEFAULT '',
    schedule         TEXT NOT NULL DEFAULT 'none' CHECK (schedule IN ('none','monthly','weekly')),
    schedule_weekday INTEGER NOT NULL DEFAULT 1 CHECK (schedule_weekday BETWEEN 1 AND 7),
    next_run_at      TEXT,
    deleted          INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX report_definitions_owner ON report_definitions(owner_id);
CREATE INDEX report_definitions_due ON report_definitions(schedule, next_run_at);

-- One export of a definition (or of an unsaved one): queued, running with
-- a progress 0–100, done with its archived file, or failed.
CREATE TABLE report_runs (
    id             INTEGER PRIMARY KEY,
    definition_id  INTEGER REFERENCES report_definitions(id),
    name           TEXT NOT NULL,
    spec           TEXT NOT NULL,
    spec_hash      TEXT NOT NULL,
    def_version    INTEGER NOT NULL DEFAULT 0,
    scope_codes    TEXT NOT NULL,
    origin         TEXT NOT NULL CHECK (origin IN ('manual','schedule')),
    requested_by   INTEGER REFERENCES users(id),
    requested_name TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL CHECK (status IN ('queued','running','done','failed')),
    progress       INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    message        TEXT NOT NULL DEFAULT '',
    file_hash      TEXT NOT NULL DEFAULT '',
    file_name      TEXT NOT NULL DEFAULT '',
    file_size      INTEGER NOT NULL DEFAULT 0,
    row_count      INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    started_at     TEXT,
    finished_at    TEXT
);
CREATE INDEX report_runs_status ON report_runs(status, id);
CREATE INDEX report_runs_definition ON report_runs(definition_id, id);

-- +goose Down
DROP TABLE report_runs;
DROP TABLE report_definitions;
