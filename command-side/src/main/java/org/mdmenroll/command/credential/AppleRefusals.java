package org.mdmenroll.command.credential;

import org.mdmenroll.command.credential.CredentialCommands.RefusedTokenUse;
import org.mdmenroll.support.problem.Refusal;
import org.mdmenroll.support.problem.Refusal.Kind;

import java.util.Map;

/**
 * How a token aggregate answers when Apple's device assignment or Apps and Books service did not do
 * what was asked: Apple unreachable (or failing) is thrown and records nothing; Apple's refusal is
 * recorded with what an admin can do about its code, and answered.
 */
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

    /** Apple could not be reached or failed: nothing was recorded, so the admin may simply try again. */
    static Refusal unavailable(RuntimeException e) {
        return new Refusal(Kind.BAD_GATEWAY, "apple-unavailable",
                e.getMessage() + "; nothing was recorded, try again later.");
    }

    /** The detail of Apple's refusal of {@code operation}, as the token's refusal event records it. */
    static String refusedDetail(String operation, String code) {
        return "Apple refused the " + operation + " with " + code + advice(code);
    }

    /** The answer to a refusal of Apple's, once recorded. */
    static RefusedTokenUse refused(String detail, String code) {
        return new RefusedTokenUse(Kind.BAD_GATEWAY, "apple-refused", detail, code);
    }

    private static String advice(String code) {
        return ADVICE.getOrDefault(code, ".");
    }
}
