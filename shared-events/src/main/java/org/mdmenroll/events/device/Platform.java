package org.mdmenroll.events.device;

/** The operating system family of an enrolling device. */
public enum Platform {
    IOS, MACOS, ANDROID;

    public boolean isApple() {
        return this != ANDROID;
    }
}
