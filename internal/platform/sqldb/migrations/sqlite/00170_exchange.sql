-- The upward data exchange (数据交换, domain.md §1.7). SQLite: timestamps
-- TEXT in sqldb.TimeLayout. The PostgreSQL twin is ../postgres/00170_exchange.sql.

-- +goose Up
-- One record in the SPGL_* shape queued for the upper system. An entity is
-- (table_name, dfsjzj); each change of its content is a new revision. chain
-- is the project code (XMDM): records of one chain go out strictly in id
-- order, so a project precedes its units, an instance precedes its steps.
-- sjsczt: 0 pending, 1 sent (no receipt yet), 3 accepted, 2 failed in
-- transport (retried after next_attempt_at), -1 rejected by the receiver.
CREATE TABLE exchange_records (
    id              INTEGER PRIMARY KEY,
    table_name      TEXT NOT NULL,
    dfsjzj          TEXT NOT NULL,
    revision        INTEGER NOT NULL CHECK (revision >= 1),
    pushes          INTEGER NOT NULL DEFAULT 1,
    msg_key         TEXT NOT NULL UNIQUE,
    chain           TEXT NOT NULL,
    region_code     TEXT NOT NULL,
    xzqhdm          TEXT NOT NULL,
    ref             TEXT NOT NULL DEFAULT '',
    fields          TEXT NOT NULL,
    digest          TEXT NOT NULL,
    sjyxbs          INTEGER NOT NULL DEFAULT 1 CHECK (sjyxbs IN (0, 1)),
    sjwxyy          TEXT NOT NULL DEFAULT '',
    sjsczt          INTEGER NOT NULL DEFAULT 0 CHECK (sjsczt IN (-1, 0, 1, 2, 3)),
    sbyy            TEXT NOT NULL DEFAULT '',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    outbox_id       INTEGER,
    created_at      TEXT NOT NULL,
    sent_at         TEXT,
    receipt_at      TEXT,
    UNIQUE (table_name, dfsjzj, revision)
);
CREATE INDEX exchange_records_state ON exchange_records(sjsczt, id);
CREATE INDEX exchange_records_chain ON exchange_records(chain, id);
CREATE INDEX exchange_records_ref ON exchange_records(table_name, ref);

-- Inbound 项目代码 imports from the 投资项目在线审批监管平台: one report each.
CREATE TABLE exchange_imports (
    id          INTEGER PRIMARY KEY,
    source      TEXT NOT NULL CHECK (source IN ('file','api')),
    file_name   TEXT NOT NULL DEFAULT '',
    format      TEXT NOT NULL CHECK (format IN ('csv','json')),
    created     INTEGER NOT NULL,
    updated     INTEGER NOT NULL,
    unchanged   INTEGER NOT NULL,
    rejected    INTEGER NOT NULL,
    rows        TEXT NOT NULL,
    user_id     INTEGER REFERENCES users(id),
    user_name   TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- The reference receiver (gongai exchange-receiver): what it accepted, once
-- per message key, in arrival order, and what it rejected and why.
CREATE TABLE spgl_inbox (
    id          INTEGER PRIMARY KEY,
    msg_key     TEXT NOT NULL UNIQUE,
    table_name  TEXT NOT NULL,
    dfsjzj      TEXT NOT NULL,
    revision    INTEGER NOT NULL,
    lsh         TEXT NOT NULL,
    record      TEXT NOT NULL,
    deliveries  INTEGER NOT NULL DEFAULT 1,
    received_at TEXT NOT NULL
);
CREATE INDEX spgl_inbox_entity ON spgl_inbox(table_name, dfsjzj);

CREATE TABLE spgl_rejects (
    id          INTEGER PRIMARY KEY,
    msg_key     TEXT NOT NULL,
    table_name  TEXT NOT NULL,
    dfsjzj      TEXT NOT NULL,
    reason      TEXT NOT NULL,
    received_at TEXT NOT NULL
);

-- +goose Down
DROP TABLE spgl_rejects;
DROP TABLE spgl_inbox;
DROP TABLE exchange_imports;
DROP TABLE exchange_records;
