-- Everything that happened, in order: step changes, operator actions, outages, faults. Append-only.
CREATE TABLE events (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  at      TEXT NOT NULL,              -- ISO-8601 UTC, from the injected clock
  kind    TEXT NOT NULL,              -- e.g. step-started, operator-confirm, outage, alarm-raised
  code    TEXT,                       -- alarm code or step id where it applies
  detail  TEXT NOT NULL DEFAULT '',
  actor   TEXT NOT NULL DEFAULT 'controller'
);
CREATE INDEX events_at ON events(at);

-- Alarm history; an alarm is active while cleared_at is NULL. One active alarm per code.
CREATE TABLE alarms (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  code        TEXT NOT NULL,
  severity    TEXT NOT NULL CHECK (severity IN ('WARNING', 'CRITICAL')),
  message     TEXT NOT NULL,
  raised_at   TEXT NOT NULL,
  cleared_at  TEXT,
  acked_at    TEXT,
  acked_by    TEXT
);
CREATE UNIQUE INDEX alarms_one_active ON alarms(code) WHERE cleared_at IS NULL;

-- One row per cure (batch of leaf).
CREATE TABLE batches (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  schedule_id     TEXT NOT NULL,
  schedule_json   TEXT NOT NULL,      -- the schedule as run, so a later edit of the file cannot rewrite history
  started_at      TEXT NOT NULL,
  ended_at        TEXT,
  status          TEXT NOT NULL CHECK (status IN ('RUNNING', 'COMPLETE', 'ABANDONED')),
  fresh_leaf_kg   REAL,
  cured_leaf_kg   REAL,
  start_kwh       REAL,
  end_kwh         REAL,
  meter_id        TEXT
);

-- Where the cure stands: written at every step change and about once a minute, read on boot to resume.
CREATE TABLE cure_position (
  batch_id          INTEGER PRIMARY KEY REFERENCES batches(id),
  step_index        INTEGER NOT NULL,
  phase             TEXT NOT NULL,
  step_elapsed_s    REAL NOT NULL,    -- process time in this step (advances only on target)
  total_elapsed_s   REAL NOT NULL,    -- process time of the whole cure
  extended_s        REAL NOT NULL DEFAULT 0,
  ramp_dry_c        REAL NOT NULL,    -- the ramped dry-bulb setpoint reached so far
  ramp_wet_c        REAL NOT NULL,
  saved_at          TEXT NOT NULL
);

-- The curing curve: one row per sample interval (default one barn-minute).
CREATE TABLE barn_samples (
  batch_id        INTEGER NOT NULL REFERENCES batches(id),
  at              TEXT NOT NULL,
  step_index      INTEGER NOT NULL,
  phase           TEXT NOT NULL,      -- RAMP, HOLD, AWAITING_CONFIRMATION, ... (tracking error is judged in HOLD)
  dry_c           REAL,               -- NULL while the probe is faulted
  wet_c           REAL,
  dry_target_c    REAL,               -- the ramped setpoint; NULL in a step with no target (loading)
  wet_target_c    REAL,
  heater_stages   INTEGER NOT NULL,
  damper          REAL NOT NULL,
  fan             TEXT NOT NULL,
  import_kwh      REAL,
  PRIMARY KEY (batch_id, at)
) WITHOUT ROWID;
