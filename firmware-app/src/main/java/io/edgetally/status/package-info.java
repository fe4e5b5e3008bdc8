/**
 * The local CoAP server for operators (below the tally): {@link io.edgetally.status.StatusEndpoint} serves a
 * {@link io.edgetally.status.StatusSource} (read-only resources over plain CoAP, observable) and hands each operator
 * request to {@link io.edgetally.status.OperatorActions} (over DTLS with a pre-shared key only). The sites implement
 * both; the terminal client is {@code cli.StatusCommand}. Resources and shapes: {@code docs/coap.md}.
 */
package io.edgetally.status;
