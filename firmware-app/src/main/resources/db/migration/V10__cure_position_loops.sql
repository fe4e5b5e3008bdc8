-- The cure's position is written after every control cycle (docs/curing.md, "Power cuts and crashes"); with it
-- the state of the two control loops, so a barn restarted while still on the curve carries on without a bump
-- (a PI loop restarted from zero lets a barn in its hold sag off the curve, which stops the process clock).
-- heat_integral: the dry-bulb PI loop's integral as a demand 0..1; damper_open: the commanded opening 0..1.
ALTER TABLE cure_position ADD COLUMN heat_integral REAL NOT NULL DEFAULT 0;
ALTER TABLE cure_position ADD COLUMN damper_open REAL NOT NULL DEFAULT 0;
