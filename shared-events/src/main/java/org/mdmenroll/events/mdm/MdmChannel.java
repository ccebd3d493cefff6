package org.mdmenroll.events.mdm;

/**
 * Which connection of a device entry a command goes to: the Apple device channel, a macOS user
 * channel (its {@code userId}, the UserID the user channel reports), or the Android agent.
 */
public record MdmChannel(Type type, String userId) {

    public static final MdmChannel DEVICE = new MdmChannel(Type.DEVICE, null);
    public static final MdmChannel ANDROID_AGENT = new MdmChannel(Type.ANDROID_AGENT, null);

    public static MdmChannel user(String userId) {
        return new MdmChannel(Type.USER, userId);
    }

    public enum Type { DEVICE, USER, ANDROID_AGENT }
}
