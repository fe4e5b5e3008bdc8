/** DS18B20 temperature probes on the Pi's 1-Wire bus, read from the kernel's files (a low layer). */
package io.edgetally.io.onewire;
