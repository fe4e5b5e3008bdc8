/**
 * A barn's field wiring (below the barn service, above the controller): {@link io.edgetally.barn.io.BarnIo} reads
 * every input once per cycle into the controller's process image and writes its outputs to the relays;
 * {@link io.edgetally.barn.io.BarnWiring} finds each named relay, input and probe wherever the config puts it (GPIO
 * pins, a Modbus relay board, 1-Wire files, Modbus transmitters) and loads the schedule; {@link
 * io.edgetally.barn.io.ThreePointDamper} drives the damper motor on two relays and estimates its position (the
 * damper's control rule is {@code barn.curing.DamperControl}).
 */
package io.edgetally.barn.io;
