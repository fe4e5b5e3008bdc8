package io.edgetally.io.modbus;

/** Why a Modbus read gave no values. */
public enum FailureKind {
    /** the TCP connection (or serial port) could not be opened */
    CONNECT,
    /** the device did not answer within the response timeout, or the link broke mid-request */
    NO_RESPONSE,
    /** the device answered with a Modbus exception code */
    EXCEPTION_RESPONSE,
    /** the answer did not fit the request (wrong length, unexpected frame) */
    PROTOCOL,
    /** not sent: the device failed recently and is waiting out its backoff */
    BACKING_OFF,
    /** the transport was closed by its owner */
    CLOSED
}
