-- Ledger metering state. The anchor is the last meter reading booked up to: the unbooked span starts there. It is
-- written in the same transaction as the tally record that books up to it, so a restart neither loses energy
-- nor books it twice.
CREATE TABLE ledger_anchor (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  meter_id      TEXT NOT NULL,
  register_kwh  TEXT NOT NULL,        -- exact decimal, as read
  at            TEXT NOT NULL,        -- ISO-8601 UTC of the reading
  saved_at      TEXT NOT NULL
);

-- One row per tally record: the span of meter readings it books, for roll-ups and audits.
CREATE TABLE booked_intervals (
  seq            INTEGER PRIMARY KEY REFERENCES tally_records(seq),
  meter_id       TEXT NOT NULL,
  period_start   TEXT NOT NULL,
  period_end     TEXT NOT NULL,
  period_end_ms  INTEGER NOT NULL,    -- epoch milliseconds, for range queries (ISO text does not sort with fractions)
  start_kwh      TEXT NOT NULL,
  end_kwh        TEXT NOT NULL,
  energy_kwh     TEXT NOT NULL
);
CREATE INDEX booked_intervals_end ON booked_intervals(period_end_ms);

-- Closed batches (a cure, a station day): which records they span and their totals, as shown to the operator.
CREATE TABLE ledger_batches (
  batch_id       TEXT PRIMARY KEY,
  started_at     TEXT NOT NULL,
  closed_at      TEXT NOT NULL,
  first_seq      INTEGER,
  last_seq       INTEGER,
  energy_kwh     TEXT NOT NULL,
  cured_leaf_kg  TEXT,
  summary_json   TEXT NOT NULL
);
