-- Swap-station records. One row per completed swap: the basis of the swap-diesel tally (energy to trucks).
CREATE TABLE station_swaps (
  id                   INTEGER PRIMARY KEY AUTOINCREMENT,
  truck_id             TEXT NOT NULL,
  slot                 INTEGER NOT NULL,
  pack_out             TEXT NOT NULL,     -- pack given to the truck
  pack_in              TEXT NOT NULL,     -- pack taken from the truck
  soc_out              REAL NOT NULL CHECK (soc_out BETWEEN 0 AND 1),
  soc_in               REAL NOT NULL CHECK (soc_in BETWEEN 0 AND 1),
  energy_to_truck_kwh  REAL NOT NULL,     -- (soc_out - soc_in) x pack capacity
  charged_dc_kwh       REAL,              -- charger DC meter delta while pack_out sat in the slot; NULL if not seen whole
  arrived_at           TEXT NOT NULL,     -- ISO-8601 UTC
  started_at           TEXT NOT NULL,
  completed_at         TEXT NOT NULL,
  wait_s               REAL NOT NULL
);
CREATE INDEX station_swaps_started ON station_swaps(started_at);

-- The station's curve: one row per sample interval (power vs cap and tariff, readiness, queue, meter counter).
CREATE TABLE station_samples (
  at                TEXT NOT NULL PRIMARY KEY,
  grid_kw           REAL NOT NULL,        -- sum of charger setpoints (grid side)
  cap_kw            REAL NOT NULL,        -- min(station cap, external cap)
  budget_kw         REAL NOT NULL,        -- the controller's planned power level
  month_peak_kw     REAL NOT NULL,
  price_per_kwh     REAL NOT NULL,
  ready_packs       INTEGER NOT NULL,
  ready_target      INTEGER NOT NULL,     -- R(t): packs that should be ready now (trucks planned for within 30 min)
  trucks_waiting    INTEGER NOT NULL,
  import_kwh        REAL                  -- revenue meter counter; NULL when it was not read
) WITHOUT ROWID;
