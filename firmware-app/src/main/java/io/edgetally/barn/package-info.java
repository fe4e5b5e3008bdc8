/**
 * A curing barn as a service (feature layer): {@link io.edgetally.barn.BarnService} wires it from the config;
 * {@link io.edgetally.barn.BarnSite} is its control loop (requests, read, control, write, book, publish) and
 * publishes a {@link io.edgetally.barn.BarnImage} each cycle; {@link io.edgetally.barn.BarnStatus} is the CoAP view
 * built from that image; {@link io.edgetally.barn.BarnRequest} is what an operator can ask, and
 * {@link io.edgetally.barn.BarnSite#handle} is where an operator's confirm, advance, extend or acknowledgement is
 * checked and queued. Below it: {@code barn.io} (the wiring), {@code barn.curing} (the controller).
 */
package io.edgetally.barn;
