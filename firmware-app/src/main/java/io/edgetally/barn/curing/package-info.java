/**
 * The barn's curing controller (controller layer: pure logic over one cycle's process image, below the barn's
 * service and wiring): {@link io.edgetally.barn.curing.CuringController} and its parts — the ramped setpoints, the
 * heater ({@link io.edgetally.barn.curing.HeaterControl}) and damper ({@link io.edgetally.barn.curing.DamperControl})
 * rules, the {@link io.edgetally.barn.curing.SafetyMonitor} — and the cure's persistence ({@link
 * io.edgetally.barn.curing.CureStore}, {@link io.edgetally.barn.curing.CurePositionStore}). Schedules are the
 * {@code schedule} subpackage; the domain rules and their sources are in {@code docs/curing.md}.
 *
 * <h2>Using it</h2>
 * <pre>{@code
 * CuringSchedule schedule = new ScheduleLoader().builtIn("middle-leaf");   // or .load(Path) for a user file
 * CuringController c = new CuringController(schedule, CuringTuning.defaults());
 * // or, on boot with a RUNNING batch: CuringController.resume(schedule, tuning, positions.load(batchId).get())
 * each cycle:
 *   CycleResult r = c.step(barnInputs, operatorCommandsSinceLastCycle);
 *   write r.outputs() to the relays and damper; store r.events(); show r.state();
 *   positions.save(batchId, r.position(), r.events());   // every cycle: a restart loses at most one
 * }</pre>
 *
 * <h2>What the controller does</h2>
 * The ramped setpoints start from the measured barn and move towards the step's targets at the step's ramp rate
 * (both ways); the ramp and the process clock move only while the dry bulb is within the process window
 * (default ±1 °C) of the ramped setpoint. The hold starts when the targets are reached. Timed steps end after
 * their hold; operator steps then hold their targets and ask for confirmation. A barn off the curve for longer than
 * the step's max lag raises {@code curing.max-lag} (WARNING) and keeps holding; nothing aborts a cure. The dry-bulb
 * setpoint never exceeds 50 °C until a colour-fixing step confirmed by the operator (veins yellow) lies behind.
 *
 * <p>Dry bulb: PI (demand 0..1 of the installed heat) time-proportioned onto resistive stages or one heat-pump
 * compressor, each stage with its minimum on and off times. Wet bulb: floating damper moves outside a deadband,
 * at most one per dwell, sized in proportion to the opening; a wet bulb that stays low below 40 °C closes the
 * damper; a heat pump's dehumidify output runs while the wet bulb is above its deadband.
 *
 * <h2>Safety</h2>
 * A probe fault, a stuck probe, wet bulb above dry bulb, a dry wick, no airflow with the fan on, a dry bulb above
 * the step's target + 5 °C (or 78 °C) and a tripped hardware cut-out each cut the heat in the cycle they are
 * detected and raise a CRITICAL alarm that clears a few cycles after the fault is gone; the cure holds meanwhile.
 *
 * <p><b>Hardware cut-out (install one):</b> software cannot open a welded contactor. Wire an independent,
 * manually reset over-temperature thermostat (capillary or bimetal, set about 80 °C, above the 75 °C allowed
 * maximum and the 78 °C software limit) in series with the heater contactor coils, or better with a safety
 * contactor upstream of the heater stages, and a second contact of it (or of the safety contactor) into the
 * {@code cutoutTripped} input so the operator sees why the heat stopped. Interlock the heater contactor coils
 * with the fan contactor's auxiliary contact as well, so a stopped fan removes heat without software.
 */
package io.edgetally.barn.curing;
