-- blob: metadata of the files kept by content in <data dir>/blobs (see
-- platform/blob). hash is the lowercase hex SHA-256 of the content and the
-- file's identity; name is the name it was first stored under.
-- The PostgreSQL twin lives in ../postgres/00015_blob.sql; keep them in step.

-- +goose Up
CREATE TABLE blobs (
    hash         TEXT PRIMARY KEY CHECK (length(hash) = 64),
    sm3          TEXT NOT NULL,
    size         INTEGER NOT NULL CHECK (size > 0),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    created_at   TEXT NOT NULL
);

-- +goose Down
DROP TABLE blobs;
