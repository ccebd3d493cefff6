package org.mdmenroll.command.tenant;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mdmenroll.support.testing.apple.AppPushTestKeys;
import org.mdmenroll.command.tenant.TenantCommands.ConfigureApnsAppPush;
import org.mdmenroll.command.tenant.TenantCommands.ConfigureFcmAppPush;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.tenant.ApnsAppPushConfigured;
import org.mdmenroll.events.tenant.EnrollmentSettings;
import org.mdmenroll.events.tenant.EnrollmentUrlGenerated;
import org.mdmenroll.events.tenant.FcmAppPushConfigured;
import org.mdmenroll.events.tenant.TenantCreated;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.testing.TestPostgres;

import java.security.KeyPair;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.mdmenroll.command.RefusalMatcher.refusal;
import static org.mdmenroll.events.tenant.ApnsAppPushConfigured.Environment.PRODUCTION;
import static org.mdmenroll.events.tenant.ApnsAppPushConfigured.Environment.SANDBOX;

/** The tenant's enrollment-app push settings: checked, the secrets kept only sealed, bad input refused. */
class TenantAppPushTest {

    private static final SecretBox SECRETS = SecretBox.fromBase64Key(TestPostgres.TEST_SECRETS_KEY);
    private static final TenantId TENANT = TenantId.of("7d4c2b9e-3f55-4f0a-9a43-5b8f3d2c1e01");
    private static final KeyPair P256 = AppPushTestKeys.ecKeyPair("secp256r1");
    private static final String P8 = AppPushTestKeys.pkcs8Pem(P256.getPrivate());
    private static final KeyPair RSA = AppPushTestKeys.rsaKeyPair();
    private static final String SERVICE_ACCOUNT =
            AppPushTestKeys.serviceAccountJson("acme-enroll", RSA.getPrivate(), "https://oauth2.googleapis.com/token");

    private AggregateTestFixture<Tenant> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Tenant.class);
        fixture.registerInjectableResource(SECRETS);
    }


    private Object[] tenant() {
        return new Object[]{
                new TenantCreated(TENANT, "acme", "Acme", "acme.mdm.example.com", EnrollmentSettings.DEFAULTS),
                new EnrollmentUrlGenerated(TENANT, 1, "https://acme.mdm.example.com/t/acme/go?v=1")};
    }

    private static ConfigureApnsAppPush apns(String keyId, String teamId, String topic, String key) {
        return new ConfigureApnsAppPush(TENANT, keyId, teamId, topic, PRODUCTION, key);
    }

    // ---- APNs ------------------------------------------------------------------------------------

    @Test
    void apnsSettingsAreRecordedWithTheSigningKeySealed() {
        fixture.given(tenant())
                .when(new ConfigureApnsAppPush(TENANT, " abc123defg ", "DEF123GHIJ", " com.acme.enroll ", SANDBOX, P8))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(payloadsMatching(exactSequenceOf(matches((ApnsAppPushConfigured event) ->
                        event.tenantId().equals(TENANT) && event.keyId().equals("ABC123DEFG")
                                && event.teamId().equals("DEF123GHIJ") && event.topic().equals("com.acme.enroll")
                                && event.environment() == SANDBOX
                                && !event.sealedSigningKey().contains("PRIVATE KEY")
                                && SECRETS.open(AppPushCredentials.APNS_SIGNING_KEY, event.sealedSigningKey())
                                .equals(P8.strip())), andNoMore())));
    }

    @Test
    void aNewKeyReplacesTheOldOne() {
        String newKey = AppPushTestKeys.pkcs8Pem(AppPushTestKeys.ecKeyPair("secp256r1").getPrivate());
        fixture.given(tenant())
                .andGiven(new ApnsAppPushConfigured(TENANT, "ABC123DEFG", "DEF123GHIJ", "com.acme.enroll", PRODUCTION,
                        "v1.old"))
                .when(apns("XYZ987WVUT", "DEF123GHIJ", "com.acme.enroll", newKey))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(matches((ApnsAppPushConfigured event) ->
                        event.keyId().equals("XYZ987WVUT")
                                && SECRETS.open(AppPushCredentials.APNS_SIGNING_KEY, event.sealedSigningKey())
                                .equals(newKey.strip())), andNoMore())));
    }

    @Test
    void aKeyThatIsNotPemIsRefused() {
        fixture.given(tenant())
                .when(apns("ABC123DEFG", "DEF123GHIJ", "com.acme.enroll", "not a key"))
                .expectException(refusal("invalid-apns-signing-key"))
                .expectNoEvents();
    }

    @Test
    void aPemWhoseContentIsNotAKeyIsRefused() {
        fixture.given(tenant())
                .when(apns("ABC123DEFG", "DEF123GHIJ", "com.acme.enroll",
                        "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n"))
                .expectException(refusal("invalid-apns-signing-key"))
                .expectNoEvents();
    }

    @Test
    void anRsaKeyIsRefused() {
        fixture.given(tenant())
                .when(apns("ABC123DEFG", "DEF123GHIJ", "com.acme.enroll", AppPushTestKeys.pkcs8Pem(RSA.getPrivate())))
                .expectException(refusal("invalid-apns-signing-key"))
                .expectNoEvents();
    }

    @Test
    void anEcKeyOnAnotherCurveIsRefused() {
        fixture.given(tenant())
                .when(apns("ABC123DEFG", "DEF123GHIJ", "com.acme.enroll",
                        AppPushTestKeys.pkcs8Pem(AppPushTestKeys.ecKeyPair("secp384r1").getPrivate())))
                .expectException(refusal("invalid-apns-signing-key"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ABC123", "ABC123DEFGH", "ABC-23DEFG", ""})
    void keyIdsThatAreNotAppleKeyIdsAreRefused(String keyId) {
        fixture.given(tenant())
                .when(apns(keyId, "DEF123GHIJ", "com.acme.enroll", P8))
                .expectException(refusal("invalid-app-push-settings"))
                .expectNoEvents();
    }

    @Test
    void aTeamIdThatIsNotAnAppleTeamIdIsRefused() {
        fixture.given(tenant())
                .when(apns("ABC123DEFG", "team", "com.acme.enroll", P8))
                .expectException(refusal("invalid-app-push-settings"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @ValueSource(strings = {"enroll", "com.acme.enroll/", "com acme enroll", ".com.acme"})
    void topicsThatAreNotBundleIdsAreRefused(String topic) {
        fixture.given(tenant())
                .when(apns("ABC123DEFG", "DEF123GHIJ", topic, P8))
                .expectException(refusal("invalid-app-push-settings"))
                .expectNoEvents();
    }

    @Test
    void anEnvironmentIsRequired() {
        fixture.given(tenant())
                .when(new ConfigureApnsAppPush(TENANT, "ABC123DEFG", "DEF123GHIJ", "com.acme.enroll", null, P8))
                .expectException(refusal("invalid-app-push-settings"))
                .expectNoEvents();
    }

    @Test
    void theCommandNeverShowsTheKey() {
        org.assertj.core.api.Assertions.assertThat(apns("ABC123DEFG", "DEF123GHIJ", "com.acme.enroll", P8).toString())
                .doesNotContain("PRIVATE KEY");
    }

    // ---- FCM -------------------------------------------------------------------------------------

    @Test
    void fcmSettingsAreRecordedWithTheServiceAccountSealedAndTheProjectFromIt() {
        fixture.given(tenant())
                .when(new ConfigureFcmAppPush(TENANT, null, SERVICE_ACCOUNT))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(matches((FcmAppPushConfigured event) ->
                        event.tenantId().equals(TENANT) && event.projectId().equals("acme-enroll")
                                && event.clientEmail().equals("firebase-adminsdk@acme-enroll.iam.gserviceaccount.com")
                                && !event.sealedServiceAccount().contains("private_key")
                                && SECRETS.open(AppPushCredentials.FCM_SERVICE_ACCOUNT, event.sealedServiceAccount())
                                .equals(SERVICE_ACCOUNT)), andNoMore())));
    }

    @Test
    void aGivenProjectIdIsTaken() {
        fixture.given(tenant())
                .when(new ConfigureFcmAppPush(TENANT, "acme-android-app", SERVICE_ACCOUNT))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(matches((FcmAppPushConfigured event) ->
                        event.projectId().equals("acme-android-app")), andNoMore())));
    }

    @Test
    void aServiceAccountThatIsNotJsonIsRefused() {
        fixture.given(tenant())
                .when(new ConfigureFcmAppPush(TENANT, "acme-enroll", "{not json"))
                .expectException(refusal("invalid-fcm-service-account"))
                .expectNoEvents();
    }

    @Test
    void jsonThatIsNotAServiceAccountIsRefused() {
        fixture.given(tenant())
                .when(new ConfigureFcmAppPush(TENANT, "acme-enroll",
                        SERVICE_ACCOUNT.replace("\"service_account\"", "\"authorized_user\"")))
                .expectException(refusal("invalid-fcm-service-account"))
                .expectNoEvents();
    }

    @Test
    void aServiceAccountWithoutItsKeyIsRefused() {
        fixture.given(tenant())
                .when(new ConfigureFcmAppPush(TENANT, "acme-enroll", "{\"type\":\"service_account\","
                        + "\"client_email\":\"a@b.iam.gserviceaccount.com\",\"project_id\":\"acme-enroll\"}"))
                .expectException(refusal("invalid-fcm-service-account"))
                .expectNoEvents();
    }

    @Test
    void aServiceAccountWithAnUnreadableKeyIsRefused() {
        String broken = AppPushTestKeys.serviceAccountJson("acme-enroll", RSA.getPrivate(), "https://oauth2.googleapis.com/token")
                .replaceAll("\"private_key\":\"[^\"]*\"",
                        "\"private_key\":\"-----BEGIN PRIVATE KEY-----\\\\nbm90IGEga2V5\\\\n-----END PRIVATE KEY-----\\\\n\"");
        fixture.given(tenant())
                .when(new ConfigureFcmAppPush(TENANT, "acme-enroll", broken))
                .expectException(refusal("invalid-fcm-service-account"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Acme", "ab", "1acme-enroll", "acme_enroll"})
    void projectIdsThatAreNotGoogleCloudProjectIdsAreRefused(String projectId) {
        fixture.given(tenant())
                .when(new ConfigureFcmAppPush(TENANT, projectId, SERVICE_ACCOUNT))
                .expectException(refusal("invalid-app-push-settings"))
                .expectNoEvents();
    }

    @Test
    void withoutAProjectIdAnywhereItIsRefused() {
        fixture.given(tenant())
                .when(new ConfigureFcmAppPush(TENANT, null, SERVICE_ACCOUNT.replace("\"project_id\":\"acme-enroll\",", "")))
                .expectException(refusal("invalid-app-push-settings"))
                .expectNoEvents();
    }
}
