package org.mdmenroll.events.credential;

import java.util.List;

/**
 * An ADE enrollment profile as it was defined at Apple (what Setup Assistant shows and does).
 * {@code url} is this server's ADE enrollment endpoint; {@code configurationWebUrl} is its sign-in
 * page, present only when users authenticate before enrolling.
 */
public record AdeEnrollmentProfile(String profileName, String url, String configurationWebUrl, boolean supervised,
                                   boolean mandatory, boolean mdmRemovable, boolean awaitDeviceConfigured,
                                   List<String> skipSetupItems, String department, String supportPhoneNumber,
                                   String supportEmailAddress, String language, String region) {

    public AdeEnrollmentProfile {
        skipSetupItems = skipSetupItems == null ? List.of() : List.copyOf(skipSetupItems);
    }

    /** Users sign in (the configuration web URL) before the device enrolls. */
    public boolean userAuthentication() {
        return configurationWebUrl != null;
    }
}
