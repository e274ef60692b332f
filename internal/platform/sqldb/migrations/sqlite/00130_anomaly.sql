-- Anomaly rules over indicator series and their alerts (指标异常告警).
-- SQLite: timestamps TEXT in sqldb.TimeLayout, civil dates TEXT
-- 'YYYY-MM-DD', booleans INTEGER. The PostgreSQL twin is
-- ../postgres/00130_anomaly.sql.

-- +goose Up
-- A rule judges one indicator's daily series in every region (region_code
-- '') or in one region; a region's own rule replaces the all-region rule of
-- the same indicator and method there. threshold means: the bound itself
-- (static), the robust score (baseline, peer) or the CUSUM limit h in
-- standard deviations (cusum). Indicator name and unit are copied from the
-- registry when the rule is saved.
CREATE TABLE anomaly_rules (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL,
    indicator_code TEXT NOT NULL,
    indicator_name TEXT NOT NULL,
    unit           TEXT NOT NULL DEFAULT '',
    region_code    TEXT NOT NULL DEFAULT '',
    method         TEXT NOT NULL CHECK (method IN ('static','baseline','peer','cusum')),
    direction      TEXT NOT NULL CHECK (direction IN ('up','down','both')),
    threshold      REAL NOT NULL,
    min_delta      REAL NOT NULL DEFAULT 0,
    cusum_k        REAL NOT NULL DEFAULT 0.5,
    window_days    INTEGER NOT NULL DEFAULT 20 CHECK (window_days BETWEEN 5 AND 120),
    for_n          INTEGER NOT NULL DEFAULT 3 CHECK (for_n BETWEEN 1 AND 30),
    keep_n         INTEGER NOT NULL DEFAULT 2 CHECK (keep_n BETWEEN 1 AND 30),
    min_sample     INTEGER NOT NULL DEFAULT 0 CHECK (min_sample >= 0),
    nodata         TEXT NOT NULL DEFAULT 'alert' CHECK (nodata IN ('alert','ignore')),
    enabled        INTEGER NOT NULL DEFAULT 1,
    note           TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX anomaly_rules_indicator ON anomaly_rules(indicator_code, region_code);

-- The last working day judged for each rule and region: the evaluation job
-- claims the next day by a conditional update, so a day is judged once.
CREATE TABLE anomaly_checks (
    rule_id       INTEGER NOT NULL REFERENCES anomaly_rules(id),
    region_code   TEXT NOT NULL,
    evaluated_day TEXT NOT NULL,
    PRIMARY KEY (rule_id, region_code)
);

-- One alert per episode of a rule in a region: opened when the region
-- leaves normal, ended (ended_at) when it returns to normal or a person
-- resolves it. At most one open alert per rule and region. state is the
-- current state while open; 'normal' once ended. streak counts the
-- consecutive evaluations of the pending or recovering state.
CREATE TABLE anomaly_alerts (
    id             INTEGER PRIMARY KEY,
    rule_id        INTEGER NOT NULL REFERENCES anomaly_rules(id),
    region_code    TEXT NOT NULL,
    region_name    TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('normal','pending','firing','recovering','nodata')),
    streak         INTEGER NOT NULL DEFAULT 0,
    day            TEXT NOT NULL,
    value          REAL,
    baseline       REAL,
    spread         REAL,
    score          REAL,
    sample         REAL,
    explanation    TEXT NOT NULL,
    opened_at      TEXT NOT NULL,
    fired_at       TEXT,
    ended_at       TEXT,
    end_reason     TEXT NOT NULL DEFAULT '' CHECK (end_reason IN ('','recovered','resolved')),
    acked_at       TEXT,
    acked_by       INTEGER REFERENCES users(id),
    acker_name     TEXT NOT NULL DEFAULT '',
    ack_note       TEXT NOT NULL DEFAULT '',
    resolved_by    INTEGER REFERENCES users(id),
    resolver_name  TEXT NOT NULL DEFAULT '',
    resolve_note   TEXT NOT NULL DEFAULT '',
    updated_at     TEXT NOT NULL,
    CHECK ((ended_at IS NULL) = (end_reason = ''))
);
CREATE UNIQUE INDEX anomaly_alerts_open ON anomaly_alerts(rule_id, region_code) WHERE ended_at IS NULL;
CREATE INDEX anomaly_alerts_region ON anomaly_alerts(region_code, id);
CREATE INDEX anomaly_alerts_state ON anomaly_alerts(state, id);

-- The history of an alert: every state change by the evaluation (action
-- 'evaluate', no actor), and each acknowledgement (state unchanged) and
-- resolution by a person.
CREATE TABLE anomaly_transitions (
    id          INTEGER PRIMARY KEY,
    alert_id    INTEGER NOT NULL REFERENCES anomaly_alerts(id),
    from_state  TEXT NOT NULL,
    to_state    TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('evaluate','ack','resolve')),
    day         TEXT NOT NULL,
    value       REAL,
    explanation TEXT NOT NULL DEFAULT '',
    actor_id    INTEGER REFERENCES users(id),
    actor_name  TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    occurred_at TEXT NOT NULL
);
CREATE INDEX anomaly_transitions_alert ON anomaly_transitions(alert_id, id);

-- +goose Down
DROP TABLE anomaly_transitions;
DROP TABLE anomaly_alerts;
DROP TABLE anomaly_checks;
DROP TABLE anomaly_rules;
