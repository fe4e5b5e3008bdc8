/**
 * MQTT part of the wire contract: topic names, QoS and retain per topic, and the small ack and state payloads.
 * Reports themselves are the signed ledger records, published byte for byte as stored.
 */
package io.edgetally.protocol.mqtt;
