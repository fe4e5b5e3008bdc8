-- The tally ledger and the uplink outbox in one table: a record is written (signed, hash-chained) before it is
-- published, and it stays "outstanding" until the registry acknowledges its seq. Rows are never deleted or
-- rewritten; only acked_at is set once.
CREATE TABLE tally_records (
  seq           INTEGER PRIMARY KEY,   -- per device, contiguous from 1, never reused
  payload       TEXT NOT NULL,         -- the signed report JSON, byte for byte as published
  hash          TEXT NOT NULL UNIQUE,  -- the record's own hash (hex), the next record's prevHash
  period_start  TEXT NOT NULL,         -- ISO-8601 UTC
  period_end    TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  acked_at      TEXT                   -- when the registry acknowledged a seq >= this one
);
CREATE INDEX tally_records_outstanding ON tally_records(seq) WHERE acked_at IS NULL;
