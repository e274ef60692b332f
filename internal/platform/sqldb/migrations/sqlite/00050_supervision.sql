-- Leases for periodic jobs, in-app notifications, and supervision orders
-- (督办/催办). SQLite: timestamps TEXT in sqldb.TimeLayout, civil dates TEXT
-- 'YYYY-MM-DD'. The PostgreSQL twin is ../postgres/00050_supervision.sql.

-- +goose Up
-- One row per periodic job: the instance that may run it until expires_at.
-- Taken and renewed by one INSERT … ON CONFLICT statement (package jobs).
CREATE TABLE job_leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- A notification is addressed to exactly one of: a user; an org unit
-- (everyone with a role in it); a role within a region ('' = every region).
-- City-wide roles at 511700 see every region's role notifications.
CREATE TABLE notifications (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL,
    title          TEXT NOT NULL,
    body           TEXT NOT NULL DEFAULT '',
    link           TEXT NOT NULL DEFAULT '',
    case_id        INTEGER REFERENCES cases(id),
    to_user_id     INTEGER REFERENCES users(id),
    to_org_id      INTEGER REFERENCES org_units(id),
    to_role        TEXT NOT NULL DEFAULT '',
    to_region_code TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    CHECK ((to_user_id IS NOT NULL) + (to_org_id IS NOT NULL) + (to_role <> '') = 1)
);
CREATE INDEX notifications_user ON notifications(to_user_id, id);
CREATE INDEX notifications_org ON notifications(to_org_id, id);
CREATE INDEX notifications_role ON notifications(to_role, to_region_code, id);

-- Per-user read marks: a notification to an org unit or a role is read by
-- each of its recipients separately.
CREATE TABLE notification_reads (
    notification_id INTEGER NOT NULL REFERENCES notifications(id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    read_at         TEXT NOT NULL,
    PRIMARY KEY (notification_id, user_id)
);

-- 督办 (kind 'order': working-day deadline, reply required before closing)
-- and 催办 (kind 'reminder': no deadline, reply optional). Case number, item,
-- project and names are copied at issue time so that lists need no join
-- into other capabilities' tables.
CREATE TABLE supervision_orders (
    id                 INTEGER PRIMARY KEY,
    case_id            INTEGER NOT NULL REFERENCES cases(id),
    case_number        TEXT NOT NULL,
    item_name          TEXT NOT NULL,
    project_name       TEXT NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('order','reminder')),
    region_code        TEXT NOT NULL,
    issued_by          INTEGER NOT NULL REFERENCES users(id),
    issuer_name        TEXT NOT NULL,
    to_org_id          INTEGER NOT NULL REFERENCES org_units(id),
    to_org_name        TEXT NOT NULL,
    content            TEXT NOT NULL,
    deadline           TEXT,
    deadline_provisional INTEGER NOT NULL DEFAULT 0,
    reply              TEXT NOT NULL DEFAULT '',
    replied_by         INTEGER REFERENCES users(id),
    replier_name       TEXT NOT NULL DEFAULT '',
    replied_at         TEXT,
    close_note         TEXT NOT NULL DEFAULT '',
    closed_by          INTEGER REFERENCES users(id),
    closer_name        TEXT NOT NULL DEFAULT '',
    closed_at          TEXT,
    overdue_noticed_at TEXT,
    created_at         TEXT NOT NULL,
    CHECK ((kind = 'order') = (deadline IS NOT NULL))
);
CREATE INDEX supervision_orders_case ON supervision_orders(case_id);
CREATE INDEX supervision_orders_region ON supervision_orders(region_code, id);
CREATE INDEX supervision_orders_to_org ON supervision_orders(to_org_id, id);

-- +goose Down
DROP TABLE supervision_orders;
DROP TABLE notification_reads;
DROP TABLE notifications;
DROP TABLE job_leases;
