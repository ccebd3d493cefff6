package org.mdmenroll.command.user;

import java.time.Instant;
import java.util.List;

/** Delivers an invitation to the user (mail, SMS ...). The PIN, when present, is for the user only. */
public interface InvitationSender {

    void send(InvitationMessage message);

    /** What the user receives: where to go, until when, the next steps, and maybe a one-time PIN. */
    record InvitationMessage(String email, String displayName, String enrollmentUrl, Instant expiresAt,
                             List<String> nextSteps, String pin, Instant pinExpiresAt) {

        @Override
        public String toString() {
            // Never let a PIN reach a log through toString.
            return "InvitationMessage[email=" + email + ", enrollmentUrl=" + enrollmentUrl + ", expiresAt="
                    + expiresAt + ", pinIncluded=" + (pin != null) + "]";
        }
    }
}
