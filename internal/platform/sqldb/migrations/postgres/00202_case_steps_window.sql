-- The window's own actions on cases (接件, 受理, 不予受理/不受理, 一次性补正告知:
-- steps with no department), by time, for the window statistics
-- (window.selectStepFacts). A month of one county read the month's steps
-- of every region and department through case_steps_occurred, a table row
-- each (60,000 steps for 3,600 of the county's window actions at a million
-- cases): 97 → 14 ms in the sqlite3 shell, and the statistics were an
-- eighth of the server's CPU at 200 users. The index holds a third of the
-- steps. The query repeats the condition word for word, as SQLite
-- requires to use a partial index.
--
-- The SQLite twin is ../sqlite/00202_case_steps_window.sql.

-- +goose Up
CREATE INDEX case_steps_window ON case_steps(occurred_at, case_id, action, actor_id)
    WHERE org_unit_id IS NULL AND action IN ('receive', 'accept', 'refuse', 'not_receive', 'request_fix');

-- +goose Down
DROP INDEX case_steps_window;
