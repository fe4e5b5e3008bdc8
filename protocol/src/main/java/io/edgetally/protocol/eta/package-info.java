/**
 * Truck arrival announcements a fleet dispatch platform sends a swap station: the trucks it knows are on their way,
 * with ETAs, and how far ahead that list is complete.
 */
package io.edgetally.protocol.eta;
