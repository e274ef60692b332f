-- catalog: approval items (事项) and flows (审批流程), both versioned.
--
-- An item's content lives in immutable revisions: every save inserts
-- revision n+1 with its materials, and catalog_items.revision names the
-- current one. A flow version is a draft until published; publishing pins
-- every stage item to the item revision current at that moment
-- (catalog_stage_items.item_revision), so a published flow reads the same
-- forever while the item keeps changing for future versions.
-- The PostgreSQL twin lives in ../postgres/00020_catalog.sql; keep them in step.

-- +goose Up
CREATE TABLE catalog_items (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    revision   INTEGER NOT NULL CHECK (revision >= 1),
    active     INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE catalog_item_revisions (
    id             INTEGER PRIMARY KEY,
    item_id        INTEGER NOT NULL REFERENCES catalog_items(id),
    revision       INTEGER NOT NULL CHECK (revision >= 1),
    name           TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('licence','tech_review','intermediary','utility','filing')),
    line           TEXT NOT NULL CHECK (line IN ('main','aux')),
    stage          INTEGER NOT NULL CHECK (stage BETWEEN 0 AND 4),
    lead_function  TEXT NOT NULL,
    statutory_days INTEGER NOT NULL CHECK (statutory_days >= 0),
    promised_days  INTEGER NOT NULL CHECK (promised_days >= 0 AND promised_days <= statutory_days),
    form_schema    TEXT NOT NULL,
    result_name    TEXT NOT NULL DEFAULT '',
    commitment     INTEGER NOT NULL DEFAULT 0,
    deficiency     INTEGER NOT NULL DEFAULT 0,
    standard_code  TEXT NOT NULL DEFAULT '',
    basis          TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL DEFAULT '',
    UNIQUE (item_id, revision)
);

-- Template and sample files are blob refs copied into the row (hash empty
-- when none), so the catalog does not depend on how blobs are stored.
CREATE TABLE catalog_materials (
    id                 INTEGER PRIMARY KEY,
    revision_id        INTEGER NOT NULL REFERENCES catalog_item_revisions(id),
    sort_order         INTEGER NOT NULL,
    name               TEXT NOT NULL,
    description        TEXT NOT NULL DEFAULT '',
    required           INTEGER NOT NULL DEFAULT 1,
    deficiency_allowed INTEGER NOT NULL DEFAULT 0,
    template_hash      TEXT NOT NULL DEFAULT '',
    template_sm3       TEXT NOT NULL DEFAULT '',
    template_size      INTEGER NOT NULL DEFAULT 0,
    template_name      TEXT NOT NULL DEFAULT '',
    template_type      TEXT NOT NULL DEFAULT '',
    sample_hash        TEXT NOT NULL DEFAULT '',
    sample_sm3         TEXT NOT NULL DEFAULT '',
    sample_size        INTEGER NOT NULL DEFAULT 0,
    sample_name        TEXT NOT NULL DEFAULT '',
    sample_type        TEXT NOT NULL DEFAULT '',
    UNIQUE (revision_id, sort_order)
);
CREATE INDEX catalog_materials_template ON catalog_materials(template_hash) WHERE template_hash <> '';
CREATE INDEX catalog_materials_sample ON catalog_materials(sample_hash) WHERE sample_hash <> '';

CREATE TABLE catalog_flows (
    id           INTEGER PRIMARY KEY,
    region_code  TEXT NOT NULL REFERENCES regions(code),
    flow_type    INTEGER NOT NULL CHECK (flow_type BETWEEN 1 AND 10),
    version      INTEGER NOT NULL CHECK (version >= 1),
    name         TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('draft','published','retired')),
    based_on     INTEGER REFERENCES catalog_flows(id),
    published_at TEXT,
    retired_at   TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (region_code, flow_type, version)
);
-- At most one published version and one draft per region and flow type.
CREATE UNIQUE INDEX catalog_flows_published ON catalog_flows(region_code, flow_type) WHERE status = 'published';
CREATE UNIQUE INDEX catalog_flows_draft ON catalog_flows(region_code, flow_type) WHERE status = 'draft';

CREATE TABLE catalog_stages (
    id         INTEGER PRIMARY KEY,
    flow_id    INTEGER NOT NULL REFERENCES catalog_flows(id),
    no         INTEGER NOT NULL CHECK (no BETWEEN 1 AND 4),
    name       TEXT NOT NULL,
    limit_days INTEGER NOT NULL CHECK (limit_days >= 1),
    UNIQUE (flow_id, no)
);

-- item_revision is NULL while the flow is a draft (the item's current
-- revision applies) and set when the flow is published.
CREATE TABLE catalog_stage_items (
    id            INTEGER PRIMARY KEY,
    stage_id      INTEGER NOT NULL REFERENCES catalog_stages(id),
    sort_order    INTEGER NOT NULL,
    item_id       INTEGER NOT NULL REFERENCES catalog_items(id),
    item_revision INTEGER,
    departments   TEXT NOT NULL,
    join_policy   TEXT NOT NULL CHECK (join_policy IN ('all','any','quorum')),
    quorum        INTEGER NOT NULL DEFAULT 0,
    optional      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (stage_id, item_id),
    FOREIGN KEY (item_id, item_revision) REFERENCES catalog_item_revisions(item_id, revision)
);
CREATE INDEX catalog_stage_items_item ON catalog_stage_items(item_id);

-- +goose Down
DROP TABLE catalog_stage_items;
DROP TABLE catalog_stages;
DROP TABLE catalog_flows;
DROP TABLE catalog_materials;
DROP TABLE catalog_item_revisions;
DROP TABLE catalog_items;
