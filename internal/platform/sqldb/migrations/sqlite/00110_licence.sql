-- Electronic licences (电子证照): signing keys per issuing org unit, per
-- region+kind+year serial counters, the licences with their SM3 digest and
-- SM2 signature, and the PDF as issued. SQLite: timestamps TEXT in sqldb.TimeLayout,
-- civil dates TEXT 'YYYY-MM-DD'. The PostgreSQL twin is ../postgres/00110_licence.sql.

-- +goose Up
-- One SM2 key pair per issuing org unit, created on first need. The private
-- key is stored only sealed: SM4-GCM under a key derived from the server's
-- master key (package licence); public_key_pem is plain and published.
CREATE TABLE licence_keys (
    id              INTEGER PRIMARY KEY,
    org_unit_id     INTEGER NOT NULL UNIQUE REFERENCES org_units(id),
    algorithm       TEXT NOT NULL CHECK (algorithm = 'SM2'),
    public_key_pem  TEXT NOT NULL,
    private_key_enc BLOB NOT NULL,
    created_at      TEXT NOT NULL
);

-- The last serial used per region, kind and year; incremented inside the
-- issuing transaction (the row lock serialises issuers of the same kind).
CREATE TABLE licence_serials (
    region_code TEXT NOT NULL,
    kind_code   TEXT NOT NULL,
    year        INTEGER NOT NULL,
    value       INTEGER NOT NULL,
    PRIMARY KEY (region_code, kind_code, year)
);

-- One licence per approved case. The signed fields are copied in at issue
-- and never updated; digest is the hex SM3 of their canonical form and
-- signature the DER SM2 signature of that form, by public_key_pem (a copy of
-- the key row's, compared on verification). Only the revocation columns
-- change after issue.
CREATE TABLE licences (
    id                 INTEGER PRIMARY KEY,
    number             TEXT NOT NULL UNIQUE,
    case_id            INTEGER NOT NULL UNIQUE REFERENCES cases(id),
    case_number        TEXT NOT NULL,
    kind_code          TEXT NOT NULL,
    kind_name          TEXT NOT NULL,
    title              TEXT NOT NULL,
    item_code          TEXT NOT NULL,
    item_name          TEXT NOT NULL,
    holder_name        TEXT NOT NULL,
    holder_credit_code TEXT NOT NULL,
    enterprise_id      INTEGER REFERENCES enterprises(id),
    project_code       TEXT NOT NULL,
    project_name       TEXT NOT NULL,
    region_code        TEXT NOT NULL,
    issuer_org_id      INTEGER NOT NULL REFERENCES org_units(id),
    issuer_name        TEXT NOT NULL,
    issue_date         TEXT NOT NULL,
    content            TEXT NOT NULL,
    digest             TEXT NOT NULL,
    signature          BLOB NOT NULL,
    key_id             INTEGER NOT NULL REFERENCES licence_keys(id),
    public_key_pem     TEXT NOT NULL,
    issued_at          TEXT NOT NULL,
    revoked_at         TEXT,
    revoked_by         INTEGER REFERENCES users(id),
    revoker_name       TEXT NOT NULL DEFAULT '',
    revoke_reason      TEXT NOT NULL DEFAULT '',
    CHECK ((revoked_at IS NULL) = (revoke_reason = ''))
);
CREATE INDEX licences_region ON licences(region_code, id);
CREATE INDEX licences_enterprise ON licences(enterprise_id, id);

-- The PDF as issued, kept so that a later change of layout never alters an
-- issued document. sm3 is the hex SM3 of pdf.
CREATE TABLE licence_pdfs (
    licence_id INTEGER PRIMARY KEY REFERENCES licences(id),
    pdf        BLOB NOT NULL,
    sm3        TEXT NOT NULL
);

-- +goose Down
DROP TABLE licence_pdfs;
DROP TABLE licences;
DROP TABLE licence_serials;
DROP TABLE licence_keys;
