-- history: generated demo and scale data (package internal/history). Every
-- row the generator writes into projects, applications, cases, case_tasks,
-- case_steps and case_pauses lies in an id range recorded here under its
-- batch, so that generated data can be recognised ("is case 42 generated?")
-- and removed exactly, without a column on the engine's tables. Timestamps
-- TEXT in sqldb.TimeLayout. The PostgreSQL twin is ../postgres/00180_history.sql.

-- +goose Up
-- status is 'running' until the last chunk committed; a batch that stays
-- 'running' was interrupted and holds the chunks committed before that.
CREATE TABLE generated_batches (
    id          INTEGER PRIMARY KEY,
    label       TEXT NOT NULL,
    params      TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('running','complete')),
    projects    INTEGER NOT NULL DEFAULT 0,
    cases       INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    finished_at TEXT
);

-- Inclusive id ranges [first_id, last_id] of table_name written by a batch.
CREATE TABLE generated_ranges (
    batch_id   INTEGER NOT NULL REFERENCES generated_batches(id),
    table_name TEXT NOT NULL CHECK (table_name IN
        ('projects','applications','cases','case_tasks','case_steps','case_pauses')),
    first_id   INTEGER NOT NULL,
    last_id    INTEGER NOT NULL CHECK (last_id >= first_id),
    PRIMARY KEY (batch_id, table_name, first_id)
);
CREATE INDEX generated_ranges_lookup ON generated_ranges(table_name, first_id, last_id);

-- +goose Down
DROP TABLE generated_ranges;
DROP TABLE generated_batches;
