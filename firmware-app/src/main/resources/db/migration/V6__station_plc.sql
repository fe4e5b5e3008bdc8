-- The station PLC's swap ring (docs/station.md): the sequence number of the last swap edgetally stored, so a
-- restart neither loses nor books twice the swaps the PLC still holds. One row per PLC link ('plc').
CREATE TABLE station_plc_cursor (
  name        TEXT NOT NULL PRIMARY KEY,
  last_seq    INTEGER NOT NULL CHECK (last_seq >= 0),
  updated_at  TEXT NOT NULL               -- ISO-8601 UTC
) WITHOUT ROWID;
