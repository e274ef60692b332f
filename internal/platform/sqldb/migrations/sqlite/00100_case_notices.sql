-- Case events become in-app notifications (casework.RelayNotices). An
-- outbox row is turned into notifications once: the relay flips noticed
-- from 0 to 1 in the transaction that stores them. Rows that existed
-- before this migration were never meant to notify anyone.

-- +goose Up
ALTER TABLE outbox ADD COLUMN noticed INTEGER NOT NULL DEFAULT 0;
UPDATE outbox SET noticed = 1;
CREATE INDEX outbox_unnoticed ON outbox(noticed, id);

-- +goose Down
DROP INDEX outbox_unnoticed;
ALTER TABLE outbox DROP COLUMN noticed;
