-- 政府网站服务统计 (SQLite): server-side statistics of the public pages and
-- the 网上大厅. No IP address, User-Agent, user id or query string is ever
-- stored: visitors are HMAC keys under a random salt of one day, and the
-- salt and the per-visitor rows are deleted once the day has closed (the
-- counts are kept in sitestats_uniques and sitestats_items). Days are TEXT
-- 'YYYY-MM-DD' in Asia/Shanghai. The PostgreSQL twin is
-- ../postgres/00140_sitestats.sql; keep them in step.

-- +goose Up
-- The random salt of a day, shared by every server; deleted when the day closes.
CREATE TABLE sitestats_salts (
    day        TEXT PRIMARY KEY,
    salt       TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Page views by day, module, region ('' unknown) and path group
-- (/guide/items/*: identifiers replaced by *).
CREATE TABLE sitestats_views (
    day         TEXT NOT NULL,
    module      TEXT NOT NULL,
    region_code TEXT NOT NULL,
    path_group  TEXT NOT NULL,
    views       INTEGER NOT NULL CHECK (views >= 0),
    PRIMARY KEY (day, module, region_code, path_group)
);

-- The visitors of an open day, deduplicated by the primary key. Each visit
-- writes four rows: module and region each either the real value or '*'
-- (all), so that uniques can be counted overall, by module, by region and
-- by both without keeping anything per visitor beyond the day.
CREATE TABLE sitestats_visitors (
    day         TEXT NOT NULL,
    module      TEXT NOT NULL,
    region_code TEXT NOT NULL,
    visitor     TEXT NOT NULL,
    PRIMARY KEY (day, module, region_code, visitor)
);

-- Unique visitors of closed days, rolled up from sitestats_visitors.
CREATE TABLE sitestats_uniques (
    day         TEXT NOT NULL,
    module      TEXT NOT NULL,
    region_code TEXT NOT NULL,
    visitors    INTEGER NOT NULL CHECK (visitors >= 0),
    PRIMARY KEY (day, module, region_code)
);

-- 办事指南 item pages of an open day per visitor, and whether that visitor
-- then applied online (converted). Deleted when the day closes.
CREATE TABLE sitestats_guide_visits (
    day       TEXT NOT NULL,
    visitor   TEXT NOT NULL,
    item_code TEXT NOT NULL,
    converted INTEGER NOT NULL DEFAULT 0 CHECK (converted IN (0, 1)),
    PRIMARY KEY (day, visitor, item_code)
);

-- Guide item pages per day: views as they happen; viewers and conversions
-- (guide view → online application the same day) rolled up when the day closes.
CREATE TABLE sitestats_items (
    day         TEXT NOT NULL,
    item_code   TEXT NOT NULL,
    views       INTEGER NOT NULL DEFAULT 0 CHECK (views >= 0),
    viewers     INTEGER NOT NULL DEFAULT 0 CHECK (viewers >= 0),
    conversions INTEGER NOT NULL DEFAULT 0 CHECK (conversions >= 0),
    PRIMARY KEY (day, item_code)
);

-- Searches per day, module and normalised term; searches = with_results +
-- no_results + those whose page did not report its result count.
CREATE TABLE sitestats_searches (
    day          TEXT NOT NULL,
    module       TEXT NOT NULL,
    term         TEXT NOT NULL,
    searches     INTEGER NOT NULL CHECK (searches >= 0),
    with_results INTEGER NOT NULL DEFAULT 0 CHECK (with_results >= 0),
    no_results   INTEGER NOT NULL DEFAULT 0 CHECK (no_results >= 0),
    PRIMARY KEY (day, module, term)
);

-- +goose Down
DROP TABLE sitestats_searches;
DROP TABLE sitestats_items;
DROP TABLE sitestats_guide_visits;
DROP TABLE sitestats_uniques;
DROP TABLE sitestats_visitors;
DROP TABLE sitestats_views;
DROP TABLE sitestats_salts;
