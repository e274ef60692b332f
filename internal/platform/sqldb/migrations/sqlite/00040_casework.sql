-- The approval engine (SQLite). Timestamps TEXT in sqldb.TimeLayout; civil
-- dates TEXT 'YYYY-MM-DD'. The PostgreSQL twin is ../postgres/00040_casework.sql.

-- +goose Up
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);

-- One submission: a whole stage (一张表单) or a single item.
CREATE TABLE applications (
    id              INTEGER PRIMARY KEY,
    number          TEXT NOT NULL UNIQUE,
    project_id      INTEGER NOT NULL REFERENCES projects(id),
    project_code    TEXT NOT NULL,
    project_name    TEXT NOT NULL,
    region_code     TEXT NOT NULL,
    flow_id         INTEGER NOT NULL,
    stage_no        INTEGER NOT NULL,
    scope           TEXT NOT NULL CHECK (scope IN ('stage','item')),
    form_data       TEXT NOT NULL DEFAULT '{}',
    materials       TEXT NOT NULL DEFAULT '{}',
    idempotency_key TEXT NOT NULL UNIQUE,
    channel         TEXT NOT NULL CHECK (channel IN ('online','window')),
    applicant_id    INTEGER REFERENCES users(id),
    enterprise_id   INTEGER REFERENCES enterprises(id),
    submitted_at    TEXT NOT NULL
);
CREATE INDEX applications_project ON applications(project_id);

-- One case (办件) per item; status is the national BLZT code. The application's
-- number, project and owner are copied in (they never change) so that a case
-- is read and locked with one statement.
CREATE TABLE cases (
    id                  INTEGER PRIMARY KEY,
    number              TEXT NOT NULL UNIQUE,
    application_id      INTEGER NOT NULL REFERENCES applications(id),
    application_number  TEXT NOT NULL,
    project_id          INTEGER NOT NULL REFERENCES projects(id),
    project_code        TEXT NOT NULL,
    project_name        TEXT NOT NULL,
    enterprise_id       INTEGER REFERENCES enterprises(id),
    region_code         TEXT NOT NULL,
    item_code           TEXT NOT NULL,
    item_name           TEXT NOT NULL,
    flow_id             INTEGER NOT NULL,
    stage_no            INTEGER NOT NULL,
    status              INTEGER NOT NULL CHECK (status BETWEEN 1 AND 15),
    version             INTEGER NOT NULL DEFAULT 1,
    lead_org_id         INTEGER REFERENCES org_units(id),
    join_policy         TEXT NOT NULL CHECK (join_policy IN ('all','any','quorum')),
    quorum              INTEGER NOT NULL DEFAULT 0,
    limit_days          INTEGER NOT NULL,
    statutory_days      INTEGER NOT NULL,
    received_at         TEXT NOT NULL,
    accepted_at         TEXT,
    start_day           TEXT,
    concluded_at        TEXT,
    deadline            TEXT,
    deadline_provisional INTEGER NOT NULL DEFAULT 0,
    paused_days         INTEGER NOT NULL DEFAULT 0,
    paused_since        TEXT,
    warn_level          TEXT NOT NULL DEFAULT 'none' CHECK (warn_level IN ('none','yellow','red')),
    deficiency_items    TEXT NOT NULL DEFAULT '[]',
    deficiency_deadline TEXT,
    ready_to_conclude   INTEGER NOT NULL DEFAULT 0,
    conclusion          TEXT NOT NULL DEFAULT '',
    updated_at          TEXT NOT NULL
);
CREATE INDEX cases_project ON cases(project_id, stage_no, status);
CREATE INDEX cases_region_status ON cases(region_code, status);
CREATE INDEX cases_open_deadline ON cases(status, deadline);

-- Parallel department work on a case.
CREATE TABLE case_tasks (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    org_unit_id INTEGER NOT NULL REFERENCES org_units(id),
    lead        INTEGER NOT NULL DEFAULT 0,
    status      TEXT NOT NULL CHECK (status IN ('pending','approved','denied','cancelled')),
    opinion     TEXT NOT NULL DEFAULT '',
    decided_by  INTEGER REFERENCES users(id),
    decided_at  TEXT,
    created_at  TEXT NOT NULL,
    UNIQUE (case_id, org_unit_id)
);
CREATE INDEX case_tasks_org ON case_tasks(org_unit_id, status);

-- Every step of a case (SPGL_XMSPSXBLXXXXB): the processing record.
CREATE TABLE case_steps (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    action      TEXT NOT NULL,
    from_status INTEGER NOT NULL,
    to_status   INTEGER NOT NULL,
    actor_id    INTEGER REFERENCES users(id),
    actor_name  TEXT NOT NULL,
    org_unit_id INTEGER REFERENCES org_units(id),
    opinion     TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '{}',
    occurred_at TEXT NOT NULL
);
CREATE INDEX case_steps_case ON case_steps(case_id, id);

-- 补正 and 特别程序 intervals: the time that does not count.
CREATE TABLE case_pauses (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases(id),
    kind          TEXT NOT NULL CHECK (kind IN ('correction','special')),
    reason        TEXT NOT NULL,
    items         TEXT NOT NULL DEFAULT '[]',
    special_kind  TEXT NOT NULL DEFAULT '',
    expected_days INTEGER NOT NULL DEFAULT 0,
    started_at    TEXT NOT NULL,
    ended_at      TEXT,
    workdays      INTEGER,
    outcome       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_pauses_case ON case_pauses(case_id);

-- 征求意见: a department asks another, with its own deadline.
CREATE TABLE consultations (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    from_org_id INTEGER NOT NULL REFERENCES org_units(id),
    to_org_id   INTEGER NOT NULL REFERENCES org_units(id),
    question    TEXT NOT NULL,
    deadline    TEXT NOT NULL,
    answer      TEXT NOT NULL DEFAULT '',
    answered_by INTEGER REFERENCES users(id),
    answered_at TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX consultations_to ON consultations(to_org_id, answered_at);

-- Events that must leave the system (provincial/national exchange).
CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY,
    subject      TEXT NOT NULL,
    payload      TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    published_at TEXT
);
CREATE INDEX outbox_pending ON outbox(published_at, id);

-- +goose Down
DROP TABLE outbox;
DROP TABLE consultations;
DROP TABLE case_pauses;
DROP TABLE case_steps;
DROP TABLE case_tasks;
DROP TABLE cases;
DROP TABLE applications;
DROP TABLE counters;
