-- An anomaly rule may judge the sums of its last span_days working days
-- instead of one day (issue 5): a county concluding one or two cases a day
-- never reaches a minimum sample of 5 on a single day, so its 逾期率 could
-- not be judged at all. span_days 1 is the daily judgement of before; only
-- rules on rates (unit %) may sum (see anomaly.Rule.SpanDays).
-- The PostgreSQL twin is ../postgres/00191_anomaly_span.sql.

-- +goose Up
ALTER TABLE anomaly_rules ADD COLUMN span_days INTEGER NOT NULL DEFAULT 1 CHECK (span_days BETWEEN 1 AND 20);

-- +goose Down
ALTER TABLE anomaly_rules DROP COLUMN span_days;
