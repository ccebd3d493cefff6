package org.mdmenroll.command.nudge;

import org.junit.jupiter.api.Test;
import org.mdmenroll.command.MutableClock;
import org.mdmenroll.command.nudge.AppPushConfigurations.ApnsSettings;
import org.mdmenroll.command.nudge.AppPushConfigurations.FcmSettings;
import org.mdmenroll.command.nudge.PushGateway.Nudge;
import org.mdmenroll.command.nudge.PushGateway.Outcome;
import org.mdmenroll.command.nudge.PushGateway.Status;
import org.mdmenroll.command.selfservice.EnrollmentController;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.device.PushChannel;
import org.mdmenroll.events.tenant.ApnsAppPushConfigured;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.mdmenroll.support.testing.TestPostgres;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway opens the token and hands the nudge to the channel's provider with the tenant's settings. */
class AppPushGatewayTest {

    private static final SecretBox SECRETS = SecretBox.fromBase64Key(TestPostgres.TEST_SECRETS_KEY);
    private static final TenantId TENANT = TenantId.random();
    private static final Nudge NUDGE = Nudge.of(DeviceId.random(), 1, Instant.parse("2026-11-22T14:00:00Z"));
    private static final ApnsSettings APNS_SETTINGS = new ApnsSettings("ABC123DEFG", "DEF123GHIJ", "com.acme.enroll",
            ApnsAppPushConfigured.Environment.SANDBOX, "v1.sealed");
    private static final FcmSettings FCM_SETTINGS = new FcmSettings("acme-enroll", "a@acme-enroll.iam.gserviceaccount.com",
            "v1.sealed");

    private record Handed(String provider, Object settings, String token) {
    }

    private final List<Handed> handed = new ArrayList<>();

    private AppPushGateway gateway(ApnsSettings apns, FcmSettings fcm) {
        AppPushConfigurations configurations = new AppPushConfigurations(null) {
            @Override
            public Optional<ApnsSettings> apns(TenantId tenantId) {
                return Optional.ofNullable(apns);
            }

            @Override
            public Optional<FcmSettings> fcm(TenantId tenantId) {
                return Optional.ofNullable(fcm);
            }
        };
        ApnsAppPush apnsPush = new ApnsAppPush(SECRETS, "", 443, "", Duration.ofSeconds(1)) {
            @Override
            Outcome send(TenantId tenantId, ApnsSettings settings, String deviceToken, Nudge nudge) {
                handed.add(new Handed("apns", settings, deviceToken));
                return Outcome.delivered("apns-id 1");
            }
        };
        FcmAppPush fcmPush = new FcmAppPush(SECRETS, new MutableClock(Instant.now()), "http://127.0.0.1:1", "",
                Duration.ofSeconds(1)) {
            @Override
            Outcome send(TenantId tenantId, FcmSettings settings, String registrationToken, Nudge nudge) {
                handed.add(new Handed("fcm", settings, registrationToken));
                return Outcome.delivered("projects/acme-enroll/messages/1");
            }
        };
        return new AppPushGateway(configurations, apnsPush, fcmPush, SECRETS);
    }

    private static PushChannel channel(PushChannel.Type type, String token) {
        return new PushChannel(type, SECRETS.seal(SecretPurpose.APP_PUSH_TOKEN, token));
    }

    @Test
    void anApnsChannelGoesToApnsWithTheOpenedToken() {
        Outcome outcome = gateway(APNS_SETTINGS, FCM_SETTINGS).send(TENANT, channel(PushChannel.Type.APNS, "ab12"), NUDGE);
        assertThat(outcome.status()).isEqualTo(Status.DELIVERED);
        assertThat(handed).containsExactly(new Handed("apns", APNS_SETTINGS, "ab12"));
    }

    @Test
    void anFcmChannelGoesToFcmWithTheOpenedToken() {
        Outcome outcome = gateway(APNS_SETTINGS, FCM_SETTINGS).send(TENANT, channel(PushChannel.Type.FCM, "fcm-1"), NUDGE);
        assertThat(outcome.status()).isEqualTo(Status.DELIVERED);
        assertThat(handed).containsExactly(new Handed("fcm", FCM_SETTINGS, "fcm-1"));
    }

    @Test
    void aTenantWithoutSettingsForTheChannelCannotBeReachedYet() {
        Outcome apns = gateway(null, FCM_SETTINGS).send(TENANT, channel(PushChannel.Type.APNS, "ab12"), NUDGE);
        Outcome fcm = gateway(APNS_SETTINGS, null).send(TENANT, channel(PushChannel.Type.FCM, "fcm-1"), NUDGE);
        assertThat(apns.status()).isEqualTo(Status.TRANSIENT_FAILURE);
        assertThat(apns.detail()).startsWith("app-push-not-configured").contains("/api/settings/app-push/apns");
        assertThat(fcm.status()).isEqualTo(Status.TRANSIENT_FAILURE);
        assertThat(fcm.detail()).contains("/api/settings/app-push/fcm");
        assertThat(handed).isEmpty();
    }

    @Test
    void aTokenSealedUnderAnotherKeyOrPurposeIsInvalid() {
        PushChannel otherPurpose = new PushChannel(PushChannel.Type.APNS, SECRETS.seal(SecretPurpose.MDM_PUSH_TOKEN, "ab12"));
        Outcome outcome = gateway(APNS_SETTINGS, FCM_SETTINGS).send(TENANT, otherPurpose, NUDGE);
        assertThat(outcome.status()).isEqualTo(Status.INVALID_TOKEN);
        assertThat(handed).isEmpty();
    }
}
