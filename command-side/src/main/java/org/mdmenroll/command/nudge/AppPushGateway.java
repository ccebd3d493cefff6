package org.mdmenroll.command.nudge;

import org.mdmenroll.command.selfservice.EnrollmentController;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.device.PushChannel;
import org.mdmenroll.support.crypto.SecretBox;
import org.springframework.stereotype.Component;

/**
 * The {@link PushGateway}: opens the channel's sealed token and hands the nudge to APNs or FCM with
 * the tenant's settings. A tenant without settings for the channel cannot be reached yet, which
 * the saga treats like any transient failure (the admin may still configure it).
 */
@Component
public class AppPushGateway implements PushGateway {

    private final AppPushConfigurations configurations;
    private final ApnsAppPush apns;
    private final FcmAppPush fcm;
    private final SecretBox secrets;

    public AppPushGateway(AppPushConfigurations configurations, ApnsAppPush apns, FcmAppPush fcm, SecretBox secrets) {
        this.configurations = configurations;
        this.apns = apns;
        this.fcm = fcm;
        this.secrets = secrets;
    }

    @Override
    public Outcome send(TenantId tenantId, PushChannel channel, Nudge nudge) {
        String token;
        try {
            token = secrets.open(EnrollmentController.PUSH_TOKEN, channel.sealedToken());
        } catch (IllegalArgumentException e) {
            return Outcome.invalidToken("The push token does not open with this server's secrets key.");
        }
        return switch (channel.type()) {
            case APNS -> configurations.apns(tenantId).map(settings -> apns.send(tenantId, settings, token, nudge))
                    .orElseGet(() -> Outcome.transientFailure("app-push-not-configured: no APNs settings for the "
                            + "enrollment app (PUT /api/settings/app-push/apns)"));
            case FCM -> configurations.fcm(tenantId).map(settings -> fcm.send(tenantId, settings, token, nudge))
                    .orElseGet(() -> Outcome.transientFailure("app-push-not-configured: no FCM settings for the "
                            + "enrollment app (PUT /api/settings/app-push/fcm)"));
        };
    }
}
