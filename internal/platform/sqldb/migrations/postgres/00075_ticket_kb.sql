-- ticket: knowledge-base articles get the fields of a problem record —
-- symptom, cause, solution and tags ("a,b", searched as ',' || tags || ',')
-- — plus who edited last and a version for optimistic concurrency. The
-- old body column stays as the free 补充说明. A ticket yields at most one
-- article. The twin in ../sqlite/00075_ticket_kb.sql is identical;
-- keep them in step.

-- +goose Up
ALTER TABLE kb_articles ADD COLUMN symptom TEXT NOT NULL DEFAULT '';
ALTER TABLE kb_articles ADD COLUMN cause TEXT NOT NULL DEFAULT '';
ALTER TABLE kb_articles ADD COLUMN solution TEXT NOT NULL DEFAULT '';
ALTER TABLE kb_articles ADD COLUMN tags TEXT NOT NULL DEFAULT '';
ALTER TABLE kb_articles ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE kb_articles ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE UNIQUE INDEX kb_articles_ticket ON kb_articles(ticket_id) WHERE ticket_id IS NOT NULL;
CREATE INDEX kb_articles_updated ON kb_articles(updated_at, id);

-- +goose Down
DROP INDEX kb_articles_updated;
DROP INDEX kb_articles_ticket;
ALTER TABLE kb_articles DROP COLUMN version;
ALTER TABLE kb_articles DROP COLUMN updated_by;
ALTER TABLE kb_articles DROP COLUMN tags;
ALTER TABLE kb_articles DROP COLUMN solution;
ALTER TABLE kb_articles DROP COLUMN cause;
ALTER TABLE kb_articles DROP COLUMN symptom;
