-- gongai foundation schema (SQLite). Timestamps are TEXT in sqldb.TimeLayout
-- (UTC, fixed-width microseconds) so that they compare chronologically.
-- The PostgreSQL twin lives in ../postgres/00001_foundation.sql; keep them in step.

-- +goose Up
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE seed_runs (
    name       TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
);

CREATE TABLE regions (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,
    reporting_code TEXT NOT NULL,
    code_is_internal INTEGER NOT NULL DEFAULT 0,
    name           TEXT NOT NULL UNIQUE,
    kind           TEXT NOT NULL CHECK (kind IN ('city','district','county','county_city','zone')),
    parent_id      INTEGER REFERENCES regions(id),
    sort_order     INTEGER NOT NULL DEFAULT 0,
    note           TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

CREATE TABLE org_units (
    id            INTEGER PRIMARY KEY,
    region_id     INTEGER NOT NULL REFERENCES regions(id),
    parent_id     INTEGER REFERENCES org_units(id),
    kind          TEXT NOT NULL CHECK (kind IN ('department','window','utility','agency')),
    function_code TEXT NOT NULL DEFAULT '',
    name          TEXT NOT NULL,
    short_name    TEXT NOT NULL DEFAULT '',
    credit_code   TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    active        INTEGER NOT NULL DEFAULT 1,
    sort_order    INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    UNIQUE (region_id, name)
);
CREATE INDEX org_units_region ON org_units(region_id, kind);

CREATE TABLE enterprises (
    id            INTEGER PRIMARY KEY,
    credit_code   TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    legal_rep     TEXT NOT NULL DEFAULT '',
    region_id     INTEGER NOT NULL REFERENCES regions(id),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    username            TEXT NOT NULL UNIQUE,
    display_name        TEXT NOT NULL,
    kind                TEXT NOT NULL CHECK (kind IN ('staff','enterprise')),
    enterprise_id       INTEGER REFERENCES enterprises(id),
    id_number           TEXT NOT NULL DEFAULT '',
    phone               TEXT NOT NULL DEFAULT '',
    password_hash       TEXT NOT NULL,
    password_changed_at TEXT NOT NULL,
    must_change_password INTEGER NOT NULL DEFAULT 0,
    failed_logins       INTEGER NOT NULL DEFAULT 0,
    locked_until        TEXT,
    last_login_at       TEXT,
    active              INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);

CREATE TABLE role_assignments (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role        TEXT NOT NULL,
    region_id   INTEGER NOT NULL REFERENCES regions(id),
    org_unit_id INTEGER REFERENCES org_units(id),
    created_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX role_assignments_unique ON role_assignments(user_id, role, region_id, COALESCE(org_unit_id, 0));

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_keys (
    id           INTEGER PRIMARY KEY,
    org_unit_id  INTEGER NOT NULL REFERENCES org_units(id),
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL,
    key_hash     TEXT NOT NULL UNIQUE,
    created_by   INTEGER REFERENCES users(id),
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT,
    revoked_by   INTEGER REFERENCES users(id)
);

-- Append-only, hash-chained: hash = H(prev_hash || canonical(row)).
-- audit_head holds the chain tip; updating it in every audited transaction
-- both serialises appenders and lets verify detect deletions at the tail.
CREATE TABLE audit_events (
    seq         INTEGER PRIMARY KEY,
    occurred_at TEXT NOT NULL,
    actor_kind  TEXT NOT NULL,
    actor_id    INTEGER,
    actor_name  TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    region_code TEXT NOT NULL DEFAULT '',
    ip          TEXT NOT NULL DEFAULT '',
    request_id  TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '{}',
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_events_object ON audit_events(object_type, object_id);
CREATE INDEX audit_events_actor ON audit_events(actor_id, seq);

CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

-- +goose Down
DROP TABLE audit_head;
DROP TABLE audit_events;
DROP TABLE api_keys;
DROP TABLE sessions;
DROP TABLE role_assignments;
DROP TABLE users;
DROP TABLE enterprises;
DROP TABLE org_units;
DROP TABLE regions;
DROP TABLE seed_runs;
DROP TABLE settings;
