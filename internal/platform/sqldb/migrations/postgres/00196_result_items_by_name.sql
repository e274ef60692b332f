-- The public register's item filter (issue 8): the index of 00195 put the
-- status before the name, so finding each item's name still read every
-- concluded case of the item. Ordered (item, name, status), each item code
-- and its name are one seek each (ORDER BY … LIMIT 1 stops at the first
-- concluded case).
-- The SQLite twin is ../sqlite/00196_result_items_by_name.sql.

-- +goose Up
DROP INDEX cases_result_items;
CREATE INDEX cases_result_items_by_name ON cases(item_code, item_name, status, concluded_at)
    WHERE concluded_at IS NOT NULL;

-- +goose Down
DROP INDEX cases_result_items_by_name;
CREATE INDEX cases_result_items ON cases(item_code, status, item_name, concluded_at)
    WHERE concluded_at IS NOT NULL;
