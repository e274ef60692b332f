-- evaluation: 好差评 ratings of concluded cases and the rectification (差评整改)
-- a bad rating opens for a department. SQLite: timestamps TEXT in
-- sqldb.TimeLayout, civil dates TEXT 'YYYY-MM-DD', booleans INTEGER 0/1.
-- The PostgreSQL twin is ../postgres/00090_evaluation.sql; keep them in step.
--
-- Case number, item, project, region and names are copied when the rating
-- is made, so that lists and figures need no join into other capabilities'
-- tables. rater_party is who rated: 'enterprise:<id>' for the owner
-- enterprise (any of its accounts), 'user:<id>' for the agent who
-- submitted; one rating per case per party, never changed.

-- +goose Up
CREATE TABLE ratings (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases(id),
    case_number   TEXT NOT NULL,
    case_status   INTEGER NOT NULL,
    item_name     TEXT NOT NULL,
    project_name  TEXT NOT NULL,
    region_code   TEXT NOT NULL,
    rater_party   TEXT NOT NULL,
    rater_user_id INTEGER NOT NULL REFERENCES users(id),
    rater_name    TEXT NOT NULL,
    enterprise_id INTEGER REFERENCES enterprises(id),
    level         INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    aspects       TEXT NOT NULL DEFAULT '',
    comment       TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    UNIQUE (case_id, rater_party)
);
CREATE INDEX ratings_region ON ratings(region_code, created_at);

-- One rectification per bad rating (level 1 or 2), addressed to one org
-- unit, due on a working day. The department answers once (answered_in_time:
-- on or before due_date, Beijing time, decided when answering); it is closed
-- once, by the rater's follow-up (回访, close_kind 'followup', satisfied
-- set) or by a supervisor (close_kind 'supervisor').
CREATE TABLE rectifications (
    id              INTEGER PRIMARY KEY,
    rating_id       INTEGER NOT NULL UNIQUE REFERENCES ratings(id),
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    region_code     TEXT NOT NULL,
    org_id          INTEGER NOT NULL REFERENCES org_units(id),
    org_name        TEXT NOT NULL,
    due_date        TEXT NOT NULL,
    due_provisional INTEGER NOT NULL DEFAULT 0,
    answer          TEXT NOT NULL DEFAULT '',
    answered_by     INTEGER REFERENCES users(id),
    answerer_name   TEXT NOT NULL DEFAULT '',
    answered_at     TEXT,
    answered_in_time INTEGER NOT NULL DEFAULT 0,
    close_kind      TEXT NOT NULL DEFAULT '' CHECK (close_kind IN ('', 'followup', 'supervisor')),
    satisfied       INTEGER,
    close_note      TEXT NOT NULL DEFAULT '',
    closed_by       INTEGER REFERENCES users(id),
    closer_name     TEXT NOT NULL DEFAULT '',
    closed_at       TEXT,
    created_at      TEXT NOT NULL,
    CHECK ((closed_at IS NULL) = (close_kind = ''))
);
CREATE INDEX rectifications_org ON rectifications(org_id, id);
CREATE INDEX rectifications_region ON rectifications(region_code, created_at);

-- +goose Down
DROP TABLE rectifications;
DROP TABLE ratings;
