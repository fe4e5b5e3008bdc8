package com.pi4j.library.linuxfs;

import java.io.FileDescriptor;

/**
 * Stand-in for Pi4J 3.0.4's LinuxFile (class files for Java 21; Debian 12's ARM Java is 17) with the same names,
 * so these declarations bind to the JNI symbols in libpi4j-linuxfs.so. Only the probe's calls are declared.
 */
public final class LinuxFile {

    private LinuxFile() {
    }

    public static native int getPosixFD(FileDescriptor descriptor);

    public static native String strerror(int errno);
}
