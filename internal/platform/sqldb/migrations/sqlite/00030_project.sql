-- project: the project registry (工程建设项目, keyed by 项目代码) and its
-- works (单项工程, keyed by 工程代码). The PostgreSQL twin lives in
-- ../postgres/00030_project.sql; keep them in step.
--
-- investment is an exact integer in hundredths of 万元 (one unit = 100 元),
-- never a float. site_geojson is the validated Polygon/MultiPolygon in
-- longitude/latitude (WGS84/CGCS2000); NULL when no site was given, in which
-- case the other site_* columns are NULL too. stage: 0 not started, 1–4 the
-- current approval stage, 5 completed; it only ever grows.
-- enterprise_id is the enterprise account whose credit code equals
-- owner_credit_code when the project was registered (NULL when the owner had
-- none); visibility for enterprise users is decided by the credit code.

-- +goose Up
CREATE TABLE projects (
    id                INTEGER PRIMARY KEY,
    code              TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL,
    region_id         INTEGER NOT NULL REFERENCES regions(id),
    flow_type         INTEGER NOT NULL CHECK (flow_type BETWEEN 1 AND 10),
    owner_name        TEXT NOT NULL,
    owner_credit_code TEXT NOT NULL,
    enterprise_id     INTEGER REFERENCES enterprises(id),
    investment        INTEGER NOT NULL CHECK (investment >= 0),
    address           TEXT NOT NULL DEFAULT '',
    site_geojson      TEXT,
    site_area_m2      REAL,
    site_lon          REAL,
    site_lat          REAL,
    stage             INTEGER NOT NULL DEFAULT 0 CHECK (stage BETWEEN 0 AND 5),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX projects_region ON projects(region_id, created_at);
CREATE INDEX projects_owner ON projects(owner_credit_code);

CREATE TABLE project_works (
    id               INTEGER PRIMARY KEY,
    project_id       INTEGER NOT NULL REFERENCES projects(id),
    code             TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    building_area_m2 REAL NOT NULL DEFAULT 0 CHECK (building_area_m2 >= 0),
    created_at       TEXT NOT NULL
);
CREATE INDEX project_works_project ON project_works(project_id);

-- +goose Down
DROP TABLE project_works;
DROP TABLE projects;
