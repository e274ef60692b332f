-- The project list is newest first for everyone; without an index on
-- created_at alone (projects_region leads with the region) a city-wide list
-- sorted all projects for each page (117,000 at the scale of issue 8).

-- +goose Up
CREATE INDEX projects_created ON projects(created_at);

-- +goose Down
DROP INDEX projects_created;
