package org.mdmenroll.command.credential;

import org.mdmenroll.command.credential.DeviceAssignmentClient.ProfileDefinition;
import org.mdmenroll.support.problem.Refusal;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an admin asks of Apple under a token, checked before anything is recorded or sent: serial
 * numbers, an app's adamId, an enrollment profile. Bad input is a 400 and leaves no event.
 */
final class AppleTokenRequests {

    /** Apple takes at most this many devices in one profile assignment or licence call. */
    static final int MAX_SERIALS = 1000;
    private static final Pattern SERIAL = Pattern.compile("[A-Z0-9]{4,32}");
    private static final Pattern ADAM_ID = Pattern.compile("[0-9]{1,20}");
    private static final Pattern PROFILE_UUID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private AppleTokenRequests() {
    }

    /** Upper case, without repeats, in the order given. */
    static List<String> serialNumbers(List<String> given) {
        if (given == null || given.isEmpty()) {
            throw Refusal.invalid("serial-numbers-required", "Give the devices' serial numbers (serialNumbers).");
        }
        Set<String> serials = new LinkedHashSet<>();
        for (String serial : given) {
            String normalised = serial == null ? "" : serial.strip().toUpperCase(Locale.ROOT);
            if (!SERIAL.matcher(normalised).matches()) {
                throw Refusal.invalid("invalid-serial-number",
                        "'" + serial + "' is not a serial number (4 to 32 letters and digits).");
            }
            serials.add(normalised);
        }
        if (serials.size() > MAX_SERIALS) {
            throw Refusal.invalid("too-many-serial-numbers",
                    "Apple takes at most " + MAX_SERIALS + " serial numbers at a time; " + serials.size() + " given.");
        }
        return List.copyOf(serials);
    }

    static String adamId(String given) {
        String adamId = given == null ? "" : given.strip();
        if (!ADAM_ID.matcher(adamId).matches()) {
            throw Refusal.invalid("invalid-adam-id",
                    "Give the app's or book's adamId, its App Store identifier (digits only).");
        }
        return adamId;
    }

    /** Either an existing profile's uuid or a profile to define now, not both. */
    static void profileChoice(String profileUuid, ProfileDefinition profile) {
        if ((profileUuid == null) == (profile == null)) {
            throw Refusal.invalid("profile-required",
                    "Give either profileUuid (a profile defined before) or profile (one to define now).");
        }
        if (profileUuid != null && !PROFILE_UUID.matcher(profileUuid).matches()) {
            throw Refusal.invalid("invalid-profile", "'" + profileUuid + "' is not a profile uuid.");
        }
        if (profile != null) {
            if (profile.profileName() == null || profile.profileName().isBlank() || profile.profileName().length() > 125) {
                throw Refusal.invalid("invalid-profile", "The profile needs a name (profileName, up to 125 characters).");
            }
            if (!httpsUrl(profile.url())) {
                throw Refusal.invalid("invalid-profile",
                        "The profile needs the https URL devices enroll at during Setup Assistant (url).");
            }
        }
    }

    private static boolean httpsUrl(String url) {
        try {
            URI uri = url == null ? null : URI.create(url);
            return uri != null && "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
