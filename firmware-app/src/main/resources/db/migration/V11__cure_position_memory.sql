-- The control's memory beside the cure's position (barn.curing.ControlMemory, JSON): the safety watch's timers and
-- counters, the heater's stage times, the damper's dwell and motor estimate, the controller's alarms and last
-- outputs. A restart within the tuning's maxCycleGap of the last saved cycle takes it up and carries on as if the
-- process had not stopped; NULL (positions saved before V11) resumes from the position alone.
ALTER TABLE cure_position ADD COLUMN memory TEXT;
