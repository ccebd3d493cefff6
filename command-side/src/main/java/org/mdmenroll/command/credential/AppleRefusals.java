package org.mdmenroll.command.credential;

import java.util.Map;

/** What an admin can do about Apple's refusal codes (device assignment and Apps and Books services). */
final class AppleRefusals {

    private static final String NEW_TOKEN = ": download a new token in Apple Business Manager and renew it here.";
    private static final Map<String, String> ADVICE = Map.of(
            "T_C_NOT_SIGNED", ": accept Apple's new terms and conditions in Apple Business Manager, then try again.",
            "TOKEN_EXPIRED", NEW_TOKEN,
            "TOKEN_REJECTED", NEW_TOKEN,
            "ACCESS_DENIED", NEW_TOKEN,
            "UNAUTHORIZED", NEW_TOKEN,
            // Apps and Books: invalid authentication token (the sToken).
            "9602", NEW_TOKEN);

    private AppleRefusals() {
    }

    static String advice(String code) {
        return ADVICE.getOrDefault(code, ".");
    }
}
