-- ticket: 业务培训 records get the organising org unit, the length in
-- minutes (学时), the content, an edit stamp and version, and two child
-- tables: attendees (a name, optionally a user account) and materials (an
-- uploaded file kept in the blob store, or a link). The old attendees and
-- attendee_count columns are kept filled (names one per line) for readers
-- of 00070; the old materials column is no longer written.
-- SQLite: timestamps TEXT in sqldb.TimeLayout. The PostgreSQL twin is
-- ../postgres/00076_ticket_training.sql.

-- +goose Up
ALTER TABLE training_sessions ADD COLUMN org_unit_id INTEGER REFERENCES org_units(id);
ALTER TABLE training_sessions ADD COLUMN org_unit_name TEXT NOT NULL DEFAULT '';
ALTER TABLE training_sessions ADD COLUMN minutes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE training_sessions ADD COLUMN content TEXT NOT NULL DEFAULT '';
ALTER TABLE training_sessions ADD COLUMN updated_at TEXT;
ALTER TABLE training_sessions ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

CREATE TABLE training_attendees (
    session_id INTEGER NOT NULL REFERENCES training_sessions(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    name       TEXT NOT NULL,
    user_id    INTEGER REFERENCES users(id),
    PRIMARY KEY (session_id, seq)
);

-- kind 'file': blob_hash names the stored file; kind 'link': url.
CREATE TABLE training_materials (
    session_id   INTEGER NOT NULL REFERENCES training_sessions(id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('file','link')),
    name         TEXT NOT NULL,
    url          TEXT NOT NULL DEFAULT '',
    blob_hash    TEXT REFERENCES blobs(hash),
    size         INTEGER NOT NULL DEFAULT 0,
    content_type TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (session_id, seq)
);
CREATE INDEX training_materials_blob ON training_materials(blob_hash);

-- +goose Down
DROP TABLE training_materials;
DROP TABLE training_attendees;
ALTER TABLE training_sessions DROP COLUMN version;
ALTER TABLE training_sessions DROP COLUMN updated_at;
ALTER TABLE training_sessions DROP COLUMN content;
ALTER TABLE training_sessions DROP COLUMN minutes;
ALTER TABLE training_sessions DROP COLUMN org_unit_name;
ALTER TABLE training_sessions DROP COLUMN org_unit_id;
