-- A swap is booked once: the PLC link may deliver a swap again after a crash between storing it and moving its
-- cursor (V6), and booking it twice would count its energy to the truck twice.
CREATE UNIQUE INDEX station_swaps_once ON station_swaps(slot, pack_out, completed_at);
