-- Alarms and telemetry waiting for the broker. Tally reports are not queued here: tally_records is their outbox.
-- An alarm row is deleted when the broker has it (PUBACK); a telemetry row as soon as it is sent (QoS 0), or when
-- the disk-quota policy thins telemetry.
CREATE TABLE uplink_outbox (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  kind        TEXT NOT NULL CHECK (kind IN ('alarm', 'telemetry')),
  payload     TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX uplink_outbox_kind ON uplink_outbox(kind, id);

-- Uplink facts that outlive a restart, one row per key: last session, last error, disk-quota level and how much
-- telemetry the quota policy has dropped.
CREATE TABLE uplink_state (
  key         TEXT PRIMARY KEY,
  value       TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
