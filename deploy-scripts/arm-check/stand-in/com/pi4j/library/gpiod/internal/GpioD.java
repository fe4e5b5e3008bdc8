package com.pi4j.library.gpiod.internal;

/**
 * Stand-in for Pi4J 3.0.4's GpioD, whose class files need Java 21 while Debian 12's ARM Java is 17. Same
 * package, class and method names, so the JVM binds these declarations to the same JNI symbols in
 * libpi4j-gpiod.so that the real class uses. Only the probe's calls are declared.
 */
public final class GpioD {

    private GpioD() {
    }

    public static native String c_gpiod_version_string();

    public static native Long c_gpiod_chip_open(String path);
}
