package org.mdmenroll.command.user;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Until a mail gateway exists: records that an invitation went out, never its PIN. */
@Component
public class LoggingInvitationSender implements InvitationSender {

    private static final Logger log = LoggerFactory.getLogger(LoggingInvitationSender.class);

    @Override
    public void send(InvitationMessage message) {
        log.info("Invitation for {} to {} valid until {} ({} next steps, PIN {})", message.email(),
                message.enrollmentUrl(), message.expiresAt(), message.nextSteps().size(),
                message.pin() == null ? "not included" : "included, not logged");
    }
}
