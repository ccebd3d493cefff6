package org.mdmenroll.command.credential;

import org.mdmenroll.command.credential.CredentialCommands.AdeProfileSettings;
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
 * numbers, an app's adamId, an enrollment profile and its settings. Bad input is a 400 and leaves no event.
 */
final class AppleTokenRequests {

    /** Apple takes at most this many devices in one profile assignment or licence call. */
    static final int MAX_SERIALS = 1000;
    private static final Pattern SERIAL = Pattern.compile("[A-Z0-9]{4,32}");
    private static final Pattern ADAM_ID = Pattern.compile("[0-9]{1,20}");
    private static final Pattern PROFILE_UUID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern SETUP_ITEM = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,39}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}");
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2}");
    private static final Pattern REGION = Pattern.compile("[A-Za-z]{2}");

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

    /**
     * An ADE enrollment profile's settings: a name (up to 125 characters), Setup Assistant panes to
     * skip by Apple's keys (letters and digits), an e-mail address that looks like one, a two-letter
     * language and region. Blank optional texts are left out; answered normalised.
     */
    static AdeProfileSettings profileSettings(AdeProfileSettings given) {
        if (given == null) {
            throw Refusal.invalid("invalid-profile", "Give the profile's settings as JSON (profileName, supervised, ...).");
        }
        String name = trimmed(given.profileName());
        if (name == null || name.length() > 125) {
            throw Refusal.invalid("invalid-profile", "The profile needs a name (profileName, up to 125 characters).");
        }
        List<String> skip = given.skipSetupItems() == null ? List.of() : given.skipSetupItems();
        for (String item : skip) {
            if (item == null || !SETUP_ITEM.matcher(item).matches()) {
                throw Refusal.invalid("invalid-profile", "'" + item + "' is not a Setup Assistant item to skip "
                        + "(Apple's keys, e.g. Siri, Diagnostics, Location).");
            }
        }
        String email = trimmed(given.supportEmailAddress());
        if (email != null && !EMAIL.matcher(email).matches()) {
            throw Refusal.invalid("invalid-profile", "'" + email + "' is not an e-mail address (supportEmailAddress).");
        }
        String language = trimmed(given.language());
        if (language != null && !LANGUAGE.matcher(language).matches()) {
            throw Refusal.invalid("invalid-profile", "language is a two-letter ISO 639-1 code, e.g. en.");
        }
        String region = trimmed(given.region());
        if (region != null && !REGION.matcher(region).matches()) {
            throw Refusal.invalid("invalid-profile", "region is a two-letter ISO 3166-1 code, e.g. US.");
        }
        String department = trimmed(given.department());
        String phone = trimmed(given.supportPhoneNumber());
        if (department != null && department.length() > 125 || phone != null && phone.length() > 50) {
            throw Refusal.invalid("invalid-profile",
                    "department is up to 125 characters and supportPhoneNumber up to 50.");
        }
        return new AdeProfileSettings(name, given.supervised(), given.mandatory(), given.mdmRemovable(),
                given.awaitDeviceConfigured(), List.copyOf(new LinkedHashSet<>(skip)), department, phone, email,
                language == null ? null : language.toLowerCase(Locale.ROOT),
                region == null ? null : region.toUpperCase(Locale.ROOT), given.userAuthentication());
    }

    /** Apple's uuid of a profile, as an admin names one. */
    static String profileUuid(String given) {
        String uuid = trimmed(given);
        if (uuid == null || !PROFILE_UUID.matcher(uuid).matches()) {
            throw Refusal.invalid("invalid-profile", "'" + given + "' is not a profile uuid (profileUuid).");
        }
        return uuid;
    }

    private static String trimmed(String text) {
        return text == null || text.isBlank() ? null : text.strip();
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
