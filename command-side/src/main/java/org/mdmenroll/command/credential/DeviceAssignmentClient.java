package org.mdmenroll.command.credential;

import org.mdmenroll.events.credential.AdeDevice;
import org.mdmenroll.events.credential.AdeEnrollmentProfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Apple's device assignment service (Automated Device Enrollment) as one ADE server token sees it:
 * the server's devices, fetched in full or synced since a cursor, and enrollment profiles defined
 * and assigned to serial numbers. Authentication (the OAuth 1.0a session) is the implementation's.
 */
public interface DeviceAssignmentClient {

    /** Apple answers a sync with these when the cursor is too old or unknown: fetch everything again. */
    Set<String> CURSOR_REFUSALS = Set.of("EXPIRED_CURSOR", "INVALID_CURSOR");
    /** Pages are followed at most this often in one sync (a million devices at Apple's page size). */
    int MAX_PAGES = 1000;

    /** POST /server/devices: one page of every device of the server, from the start or from a fetch cursor. */
    DevicePage fetchDevices(ServerToken token, String cursor);

    /** POST /devices/sync: one page of what changed since the cursor. */
    DevicePage syncDevices(ServerToken token, String cursor);

    /** POST /profile: defines an enrollment profile and answers its uuid. */
    String defineProfile(ServerToken token, ProfileDefinition profile);

    /** PUT /profile/devices: assigns the profile; Apple's answer per serial (SUCCESS, NOT_ACCESSIBLE, FAILED). */
    Map<String, String> assignProfile(ServerToken token, String profileUuid, List<String> serialNumbers);

    /**
     * Every page since {@code cursor}, or a full fetch when there is none or Apple no longer knows
     * it. The cursor answered is the one to give next time; {@code progress} hears of each page.
     */
    default DeviceSync sync(ServerToken token, String cursor, SyncProgress progress) {
        if (cursor != null) {
            try {
                return follow(token, syncDevices(token, cursor), false, progress);
            } catch (DeviceAssignmentException e) {
                if (!CURSOR_REFUSALS.contains(e.code())) {
                    throw e;
                }
            }
        }
        return follow(token, fetchDevices(token, null), true, progress);
    }

    private DeviceSync follow(ServerToken token, DevicePage first, boolean fullFetch, SyncProgress progress) {
        List<AdeDevice> devices = new ArrayList<>(first.devices());
        DevicePage page = first;
        progress.page(fullFetch, 1, devices.size());
        for (int pages = 1; page.moreToFollow() && pages < MAX_PAGES; pages++) {
            page = fullFetch ? fetchDevices(token, page.cursor()) : syncDevices(token, page.cursor());
            devices.addAll(page.devices());
            progress.page(fullFetch, pages + 1, devices.size());
        }
        return new DeviceSync(fullFetch, page.cursor(), List.copyOf(devices));
    }

    /** Told after each page of a sync: a sync of a large server takes a while. */
    @FunctionalInterface
    interface SyncProgress {

        SyncProgress NONE = (fullFetch, pages, devices) -> {
        };

        void page(boolean fullFetch, int pages, int devicesSoFar);
    }

    /** The OAuth credentials of one server token; clear only while a request is signed, never logged. */
    record ServerToken(String consumerKey, String consumerSecret, String accessToken, String accessSecret) {
        @Override
        public String toString() {
            return "ServerToken[consumerKey=" + consumerKey + "]";
        }
    }

    /** One answer of fetch or sync. */
    record DevicePage(String cursor, List<AdeDevice> devices, boolean moreToFollow) {
    }

    /** A whole sync: full fetch or changes, Apple's newest cursor, the devices listed. */
    record DeviceSync(boolean fullFetch, String cursor, List<AdeDevice> devices) {

        int count(String opType) {
            return (int) devices.stream().filter(device -> opType.equalsIgnoreCase(device.opType())).count();
        }
    }

    /**
     * What devices that go through Setup Assistant are told: {@code url} is where they enroll,
     * {@code configurationWebUrl} (optional) the page where users sign in first. Apple's field
     * names are the JSON of {@code POST /profile}.
     */
    record ProfileDefinition(String profileName, String url, boolean supervised, boolean mandatory,
                             boolean mdmRemovable, String department, String supportPhoneNumber,
                             List<String> skipSetupItems, boolean awaitDeviceConfigured, String supportEmailAddress,
                             String language, String region, String configurationWebUrl) {
        public ProfileDefinition {
            skipSetupItems = skipSetupItems == null ? List.of() : List.copyOf(skipSetupItems);
        }

        /** The profile as its definition event records it. */
        AdeEnrollmentProfile recorded() {
            return new AdeEnrollmentProfile(profileName, url, configurationWebUrl, supervised, mandatory, mdmRemovable,
                    awaitDeviceConfigured, skipSetupItems, department, supportPhoneNumber, supportEmailAddress,
                    language, region);
        }
    }

    /**
     * Apple did not do it. {@code refusedByApple}: Apple answered and said no (its code, e.g.
     * T_C_NOT_SIGNED, is worth recording); otherwise Apple could not be reached or failed.
     */
    class DeviceAssignmentException extends RuntimeException {

        private final int status;
        private final String code;
        private final boolean refusedByApple;

        public DeviceAssignmentException(int status, String code, String message, boolean refusedByApple) {
            super(message);
            this.status = status;
            this.code = code;
            this.refusedByApple = refusedByApple;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }

        public boolean refusedByApple() {
            return refusedByApple;
        }
    }
}
