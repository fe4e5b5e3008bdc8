/** The wire contract shared by device, simulator and registry. No hardware, no threads, no I/O beyond bytes. */
package io.edgetally.protocol;
