/**
 * MQTT part of the wire contract: topic names, QoS and retain per topic, and the small payloads beside the
 * reports: the ack (v1 {@link io.edgetally.protocol.mqtt.Ack}, v2 {@link io.edgetally.protocol.mqtt.SignedAck}
 * checked by the device with {@link io.edgetally.protocol.mqtt.AckCheck}) and the state (bare words, or a signed
 * {@link io.edgetally.protocol.mqtt.StateBirth}). Reports themselves are the signed ledger records, published byte
 * for byte as stored. docs/report-schema.md gives every payload byte for byte.
 */
package io.edgetally.protocol.mqtt;
