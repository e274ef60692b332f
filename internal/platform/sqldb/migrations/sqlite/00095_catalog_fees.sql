-- catalog: the fees (收费) an item revision states in the 办事指南.
--
-- Empty means the default of the item's kind: 行政许可、技术审查和备案
-- 不收费（《中华人民共和国行政许可法》第五十八条）, intermediary and utility
-- services charge by their published schedules. A revision that states
-- otherwise (a fee set by law or administrative regulation) says so here.
-- The twin in ../postgres/00095_catalog_fees.sql is identical; keep them in step.

-- +goose Up
ALTER TABLE catalog_item_revisions ADD COLUMN fees TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE catalog_item_revisions DROP COLUMN fees;
