-- quality: 数据治理 — data-quality rules held as data, their runs and
-- results, the failing rows (capped per result) and the governance tasks
-- opened for failing records. SQLite: timestamps TEXT in sqldb.TimeLayout,
-- civil dates TEXT 'YYYY-MM-DD'. The PostgreSQL twin is
-- ../postgres/00160_quality.sql; keep them in step.

-- +goose Up
-- A rule's check is Go code chosen by code (package quality shows its SQL);
-- everything an administrator may tune lives here. Thresholds apply to the
-- failing rows: threshold_kind 'count' compares their number, 'rate' their
-- share of the evaluated rows in basis points (1 = 0.01%); a result is
-- 'fail' above fail_above, else 'warn' above warn_above, else 'pass'.
-- responsible: 'case_lead' (the case's lead department), 'region_window'
-- (the region's 综合窗口) or 'function:<code>' (that department of the region).
CREATE TABLE quality_rules (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    dimension      TEXT NOT NULL CHECK (dimension IN ('completeness','validity','uniqueness','timeliness','consistency','integrity')),
    table_name     TEXT NOT NULL,
    severity       TEXT NOT NULL CHECK (severity IN ('high','medium','low')),
    threshold_kind TEXT NOT NULL CHECK (threshold_kind IN ('count','rate')),
    warn_above     INTEGER NOT NULL CHECK (warn_above >= 0),
    fail_above     INTEGER NOT NULL CHECK (fail_above >= warn_above),
    responsible    TEXT NOT NULL,
    params         TEXT NOT NULL DEFAULT '{}',
    description    TEXT NOT NULL DEFAULT '',
    active         INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

-- One evaluation of the active rules, scheduled or on demand. day is the
-- Beijing date the run started (the rates of a day are those of its last run).
CREATE TABLE quality_runs (
    id          INTEGER PRIMARY KEY,
    trigger     TEXT NOT NULL CHECK (trigger IN ('schedule','manual')),
    started_by  TEXT NOT NULL DEFAULT '',
    day         TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    pass_count  INTEGER NOT NULL DEFAULT 0,
    warn_count  INTEGER NOT NULL DEFAULT 0,
    fail_count  INTEGER NOT NULL DEFAULT 0,
    error_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX quality_runs_day ON quality_runs(day, id);

-- The result of one rule in one run: failed is the true total of failing
-- rows, stored how many of them were kept in quality_failures.
CREATE TABLE quality_results (
    id          INTEGER PRIMARY KEY,
    run_id      INTEGER NOT NULL REFERENCES quality_runs(id),
    rule_id     INTEGER NOT NULL REFERENCES quality_rules(id),
    rule_code   TEXT NOT NULL,
    dimension   TEXT NOT NULL,
    table_name  TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('pass','warn','fail','error')),
    evaluated   INTEGER NOT NULL,
    failed      INTEGER NOT NULL,
    stored      INTEGER NOT NULL,
    error       TEXT NOT NULL DEFAULT '',
    duration_ms INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    UNIQUE (run_id, rule_id)
);
CREATE INDEX quality_results_rule ON quality_results(rule_id, id);

-- Evaluated and failing rows of a result per region: the rates per region,
-- table and dimension, and their trend by day.
CREATE TABLE quality_result_regions (
    result_id   INTEGER NOT NULL REFERENCES quality_results(id),
    run_id      INTEGER NOT NULL REFERENCES quality_runs(id),
    day         TEXT NOT NULL,
    region_code TEXT NOT NULL,
    dimension   TEXT NOT NULL,
    table_name  TEXT NOT NULL,
    evaluated   INTEGER NOT NULL,
    failed      INTEGER NOT NULL,
    PRIMARY KEY (result_id, region_code)
);
CREATE INDEX quality_result_regions_day ON quality_result_regions(day, region_code);

-- The failing rows kept of a result (at most quality.MaxStored each).
CREATE TABLE quality_failures (
    id          INTEGER PRIMARY KEY,
    result_id   INTEGER NOT NULL REFERENCES quality_results(id),
    record_type TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    region_code TEXT NOT NULL,
    explanation TEXT NOT NULL,
    link        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX quality_failures_result ON quality_failures(result_id, region_code, id);

-- A governance task: one failing record of one rule, for one org unit. At
-- most one open task per rule and record. A closed task is 'auto' (a later
-- run found the record passing), 'manual' (closed by the unit with a reason;
-- a later failure opens a new task) or 'exempt' (closed as a justified
-- exception: no new task for this rule and record).
CREATE TABLE quality_tasks (
    id           INTEGER PRIMARY KEY,
    rule_id      INTEGER NOT NULL REFERENCES quality_rules(id),
    rule_code    TEXT NOT NULL,
    record_type  TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    region_code  TEXT NOT NULL,
    org_unit_id  INTEGER REFERENCES org_units(id),
    explanation  TEXT NOT NULL,
    link         TEXT NOT NULL DEFAULT '',
    opened_run   INTEGER NOT NULL REFERENCES quality_runs(id),
    last_run     INTEGER NOT NULL REFERENCES quality_runs(id),
    opened_at    TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    closed_at    TEXT,
    close_kind   TEXT NOT NULL DEFAULT '' CHECK (close_kind IN ('','auto','manual','exempt')),
    closed_by    INTEGER REFERENCES users(id),
    closer_name  TEXT NOT NULL DEFAULT '',
    close_reason TEXT NOT NULL DEFAULT '',
    CHECK ((closed_at IS NULL) = (close_kind = ''))
);
CREATE UNIQUE INDEX quality_tasks_open ON quality_tasks(rule_id, record_type, record_id) WHERE closed_at IS NULL;
CREATE INDEX quality_tasks_region ON quality_tasks(region_code, closed_at, id);
CREATE INDEX quality_tasks_unit ON quality_tasks(org_unit_id, closed_at, id);
CREATE INDEX quality_tasks_record ON quality_tasks(rule_id, record_type, record_id, close_kind);

-- +goose Down
DROP TABLE quality_tasks;
DROP TABLE quality_failures;
DROP TABLE quality_result_regions;
DROP TABLE quality_results;
DROP TABLE quality_runs;
DROP TABLE quality_rules;
