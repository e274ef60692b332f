-- Operations tickets (故障/投诉) with SLA clocks, their pauses, clock-event
-- log and history, held notices, knowledge base, training records and the
-- per-org-unit working hours. SQLite: timestamps TEXT in sqldb.TimeLayout,
-- civil dates TEXT 'YYYY-MM-DD'. The PostgreSQL twin is
-- ../postgres/00070_ticket.sql.

-- +goose Up
-- One fault or complaint. Names (org unit, assignee, reporter) are copied
-- so that the register needs no join into other capabilities' tables.
-- alert_key deduplicates monitoring tickets: at most one not-closed ticket
-- per key.
CREATE TABLE tickets (
    id                  INTEGER PRIMARY KEY,
    number              TEXT NOT NULL UNIQUE,
    kind                TEXT NOT NULL CHECK (kind IN ('fault','complaint')),
    severity            TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL,
    title               TEXT NOT NULL,
    content             TEXT NOT NULL,
    cause               TEXT NOT NULL DEFAULT '',
    resolution          TEXT NOT NULL DEFAULT '',
    resolved_ok         INTEGER NOT NULL DEFAULT 0,
    channel             TEXT NOT NULL,
    reporter_name       TEXT NOT NULL,
    reporter_contact    TEXT NOT NULL DEFAULT '',
    reporter_user_id    INTEGER REFERENCES users(id),
    region_code         TEXT NOT NULL,
    org_unit_id         INTEGER REFERENCES org_units(id),
    org_unit_name       TEXT NOT NULL DEFAULT '',
    subsystem           TEXT NOT NULL DEFAULT '',
    assignee_id         INTEGER REFERENCES users(id),
    assignee_name       TEXT NOT NULL DEFAULT '',
    pause_reason        TEXT NOT NULL DEFAULT '',
    alert_key           TEXT,
    alert_count         INTEGER NOT NULL DEFAULT 0,
    satisfaction        INTEGER NOT NULL DEFAULT 0,
    sendback_count      INTEGER NOT NULL DEFAULT 0,
    reopen_count        INTEGER NOT NULL DEFAULT 0,
    calendar_incomplete INTEGER NOT NULL DEFAULT 0,
    opened_at           TEXT NOT NULL,
    responded_at        TEXT,
    resolved_at         TEXT,
    closed_at           TEXT,
    updated_at          TEXT NOT NULL
);
CREATE INDEX tickets_region ON tickets(region_code, id);
CREATE INDEX tickets_status ON tickets(status, id);
CREATE INDEX tickets_opened ON tickets(opened_at);
CREATE UNIQUE INDEX tickets_alert_open ON tickets(alert_key) WHERE alert_key IS NOT NULL AND status <> 'closed';

-- One SLA clock of a ticket: metric 'response' or 'resolution' (faults) or
-- 'reply' (complaints). due_at and warn_at are snapshots recomputed on each
-- clock event; NULL while paused or when target_minutes is 0 (no target,
-- the time is still recorded). state: running, paused, met, breached, done.
CREATE TABLE ticket_clocks (
    ticket_id      INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    metric         TEXT NOT NULL CHECK (metric IN ('response','resolution','reply')),
    schedule       TEXT NOT NULL CHECK (schedule IN ('5x8','7x24')),
    hours          TEXT NOT NULL DEFAULT '',
    target_minutes INTEGER NOT NULL,
    started_at     TEXT NOT NULL,
    due_at         TEXT,
    warn_at        TEXT,
    stopped_at     TEXT,
    used_seconds   INTEGER NOT NULL DEFAULT 0,
    state          TEXT NOT NULL,
    warned         INTEGER NOT NULL DEFAULT 0,
    breached       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (ticket_id, metric)
);
CREATE INDEX ticket_clocks_due ON ticket_clocks(state, due_at);

-- Pauses (waiting for the reporter or a third party, with a reason) and
-- the resolved-until-reopened gaps: the credit of every clock is computed
-- from these spans on that clock's own schedule.
CREATE TABLE ticket_pauses (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('waiting_reporter','waiting_third_party','resolved')),
    reason     TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at   TEXT
);
CREATE INDEX ticket_pauses_ticket ON ticket_pauses(ticket_id, id);

-- The clock-event log (activate, pause, resume, warn, breach, fulfil,
-- apply_sla, recompute): the source of the compliance reports.
CREATE TABLE ticket_clock_events (
    id             INTEGER PRIMARY KEY,
    ticket_id      INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    metric         TEXT NOT NULL,
    event          TEXT NOT NULL,
    at             TEXT NOT NULL,
    target_minutes INTEGER NOT NULL DEFAULT 0,
    used_seconds   INTEGER NOT NULL DEFAULT 0,
    due_at         TEXT,
    detail         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ticket_clock_events_ticket ON ticket_clock_events(ticket_id, id);
CREATE INDEX ticket_clock_events_at ON ticket_clock_events(event, at);

-- What happened to a ticket, in words, for its page and the register.
CREATE TABLE ticket_history (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    at         TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    action     TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ticket_history_ticket ON ticket_history(ticket_id, id);

-- Notices of 5x8 tickets held until business hours; DrainNotices sends
-- the rows whose send_at has come and marks them sent.
CREATE TABLE ticket_held_notices (
    id        INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    send_at   TEXT NOT NULL,
    payload   TEXT NOT NULL,
    sent_at   TEXT
);
CREATE INDEX ticket_held_notices_due ON ticket_held_notices(sent_at, send_at);

-- Working hours of an org unit's 5x8 clock, "09:00-12:00,13:00-18:00".
CREATE TABLE ticket_hours (
    org_unit_id INTEGER PRIMARY KEY REFERENCES org_units(id),
    hours       TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- Knowledge base articles, optionally written from a resolved ticket.
CREATE TABLE kb_articles (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    subsystem  TEXT NOT NULL DEFAULT '',
    ticket_id  INTEGER REFERENCES tickets(id),
    author     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- 业务培训: one session, its attendees (one per line) and materials.
CREATE TABLE training_sessions (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    region_code TEXT NOT NULL,
    held_on     TEXT NOT NULL,
    trainer     TEXT NOT NULL,
    location    TEXT NOT NULL DEFAULT '',
    attendees   TEXT NOT NULL,
    attendee_count INTEGER NOT NULL,
    materials   TEXT NOT NULL DEFAULT '',
    notes       TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX training_sessions_region ON training_sessions(region_code, held_on);

-- +goose Down
DROP TABLE training_sessions;
DROP TABLE kb_articles;
DROP TABLE ticket_hours;
DROP TABLE ticket_held_notices;
DROP TABLE ticket_history;
DROP TABLE ticket_clock_events;
DROP TABLE ticket_pauses;
DROP TABLE ticket_clocks;
DROP TABLE tickets;
