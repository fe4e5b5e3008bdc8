/**
 * systemd's notify protocol (the bottom layer): ready, stopping, status and the watchdog, sent as a unix datagram
 * through libc ({@link io.edgetally.systemd.SystemdNotifier}); nothing when not run by systemd.
 */
package io.edgetally.systemd;
