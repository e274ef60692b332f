-- project_grams: a bigram index of project names and owner names, for
-- substring search (issue 8). A LIKE '%term%' reads every project (or, on
-- the public register, every concluded case) that could match: 2.3 s for a
-- rare term at a million cases. Two-character Chinese terms rule out FTS5's
-- trigram tokenizer and pg_trgm, so each project keeps the distinct
-- two-character substrings of lower(name) (kind 1) and lower(owner_name)
-- (kind 2); a term of n >= 2 characters reads the projects holding all of
-- its bigrams and still checks its LIKE on them, so the results are those
-- of the LIKE alone. lower() is the database's own (PostgreSQL: by the database locale),
-- used alike for the rows here, for project writes (internal/project
-- grams.go) and for the term, which makes the index match each engine's
-- LIKE.
--
-- project_renamed lists the projects whose name has changed: their cases
-- keep the name of their submission (cases.project_name), which the
-- register searches, so it checks every case of these projects by LIKE.
-- Existing rows are backfilled here; a case whose name differs from its
-- project's marks the project as renamed.
-- The SQLite twin is ../sqlite/00199_project_grams.sql.

-- +goose Up
CREATE TABLE project_grams (
    kind       SMALLINT NOT NULL CHECK (kind IN (1, 2)),
    gram       TEXT NOT NULL,
    project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    PRIMARY KEY (kind, gram, project_id)
);
CREATE INDEX project_grams_project ON project_grams(project_id);

CREATE TABLE project_renamed (
    project_id BIGINT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE
);

INSERT INTO project_grams (kind, gram, project_id)
WITH RECURSIVE pos(i) AS (
    SELECT 1 UNION ALL SELECT i + 1 FROM pos
    WHERE i < (SELECT GREATEST(MAX(length(lower(name))), MAX(length(lower(owner_name)))) FROM projects))
SELECT 1, substr(lower(p.name), pos.i, 2), p.id FROM projects p JOIN pos ON pos.i < length(lower(p.name))
UNION
SELECT 2, substr(lower(p.owner_name), pos.i, 2), p.id FROM projects p JOIN pos ON pos.i < length(lower(p.owner_name));

INSERT INTO project_renamed (project_id)
SELECT DISTINCT c.project_id FROM cases c JOIN projects p ON p.id = c.project_id WHERE c.project_name <> p.name;

-- +goose Down
DROP TABLE project_renamed;
DROP TABLE project_grams;
