-- 政府网站服务统计 demo data marker (PostgreSQL): the days filled with generated
-- figures by sitestats.SeedDemo, so that pages and exports can say so. One
-- row at most. The SQLite twin is ../sqlite/00141_sitestats_demo.sql.

-- +goose Up
CREATE TABLE sitestats_demo (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    first_day  TEXT NOT NULL,
    last_day   TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE sitestats_demo;
