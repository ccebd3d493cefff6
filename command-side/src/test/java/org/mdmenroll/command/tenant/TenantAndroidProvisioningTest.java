package org.mdmenroll.command.tenant;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mdmenroll.command.tenant.TenantCommands.ConfigureAndroidProvisioning;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.android.AndroidProvisioning;
import org.mdmenroll.events.android.WifiNetwork;
import org.mdmenroll.events.android.WifiNetwork.SecurityType;
import org.mdmenroll.events.tenant.AndroidProvisioningConfigured;
import org.mdmenroll.events.tenant.EnrollmentSettings;
import org.mdmenroll.events.tenant.TenantCreated;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.mdmenroll.support.problem.Refusal.Kind;

import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.mdmenroll.command.RefusalMatcher.refusal;

class TenantAndroidProvisioningTest {

    static final SecretBox SECRETS = SecretBox.fromBase64Key(Base64.getEncoder().encodeToString(new byte[32]));
    private static final TenantId TENANT = TenantId.of("7d4c2b9e-3f55-4f0a-9a43-5b8f3d2c1e01");
    private static final String COMPONENT = "com.acme.agent/.AdminReceiver";
    private static final String APK = "https://downloads.acme.example.com/agent-4.2.apk";
    /** SHA-256 of a signing certificate, as keytool prints it, and as Android wants it. */
    private static final String HEX = "80:90:F6:63:0B:4E:89:62:47:91:23:24:90:87:CB:46:58:FE:AA:E3:6A:1B:57:DB:EA:FD:74:D1:09:B3:33:DC";
    private static final String URL_SAFE = "gJD2YwtOiWJHkSMkkIfLRlj-quNqG1fb6v100QmzM9w";

    private AggregateTestFixture<Tenant> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Tenant.class);
        fixture.registerInjectableResource(SECRETS);
    }

    private static TenantCreated created() {
        return new TenantCreated(TENANT, "acme", "Acme", "acme.mdm.example.com", EnrollmentSettings.DEFAULTS);
    }

    private static ConfigureAndroidProvisioning configure(String checksum, String ssid, SecurityType type,
                                                          String password, Map<String, String> extras) {
        return new ConfigureAndroidProvisioning(TENANT, COMPONENT, APK, checksum, ssid, type, password, extras);
    }

    private void expectConfigured(ConfigureAndroidProvisioning command, Predicate<AndroidProvisioning> check) {
        fixture.given(created())
                .when(command)
                .expectEventsMatching(payloadsMatching(exactSequenceOf(matches((AndroidProvisioningConfigured event) ->
                        event.tenantId().equals(TENANT) && check.test(event.provisioning())), andNoMore())));
    }

    @Test
    void settingsWithoutWifiAreRecordedWithTheChecksumAsAndroidTakesIt() {
        fixture.given(created())
                .when(configure(HEX, null, null, null, Map.of("site", "Berlin")))
                .expectEvents(new AndroidProvisioningConfigured(TENANT,
                        new AndroidProvisioning(COMPONENT, APK, URL_SAFE, null, Map.of("site", "Berlin"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {HEX, "8090f6630b4e8962479123249087cb4658feaae36a1b57dbeafd74d109b333dc",
            "gJD2YwtOiWJHkSMkkIfLRlj+quNqG1fb6v100QmzM9w=", "gJD2YwtOiWJHkSMkkIfLRlj-quNqG1fb6v100QmzM9w"})
    void theChecksumMayBeHexOrBase64(String checksum) {
        expectConfigured(configure(checksum, null, null, null, null), s -> s.signatureChecksum().equals(URL_SAFE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "80:90:F6", "not base64 at all!", "AAAA", "8090f6630b4e896247912324908"})
    void aChecksumThatIsNoSha256IsRefused(String checksum) {
        fixture.given(created())
                .when(configure(checksum, null, null, null, null))
                .expectException(refusal(Kind.INVALID, "invalid-signature-checksum"))
                .expectNoEvents();
    }

    @Test
    void theWifiPasswordIsRecordedOnlySealed() {
        expectConfigured(configure(HEX, "Acme-Setup", SecurityType.WPA, "wifi-password-1", null), s -> {
            WifiNetwork wifi = s.wifi();
            return wifi.ssid().equals("Acme-Setup") && wifi.securityType() == SecurityType.WPA
                    && !wifi.sealedPassword().contains("wifi-password-1")
                    && SECRETS.open(SecretPurpose.ANDROID_WIFI_PASSWORD, wifi.sealedPassword()).equals("wifi-password-1");
        });
    }

    @Test
    void aPasswordMeansWpaAndNoneMeansAnOpenNetwork() {
        expectConfigured(configure(HEX, "Acme", null, "wifi-password-1", null),
                s -> s.wifi().securityType() == SecurityType.WPA);
        expectConfigured(configure(HEX, "Guest", null, null, null),
                s -> s.wifi().securityType() == SecurityType.NONE && s.wifi().sealedPassword() == null);
    }

    @Test
    void wifiThatCannotWorkIsRefused() {
        refusedAs("invalid-wifi", configure(HEX, null, SecurityType.WPA, "wifi-password-1", null));
        refusedAs("invalid-wifi", configure(HEX, "Acme", SecurityType.NONE, "wifi-password-1", null));
        refusedAs("invalid-wifi", configure(HEX, "Acme", SecurityType.WPA, null, null));
        refusedAs("invalid-wifi", configure(HEX, "Acme", SecurityType.WPA, "short", null));
        refusedAs("invalid-wifi", configure(HEX, "Acme", SecurityType.WEP, null, null));
        refusedAs("invalid-wifi", configure(HEX, "x".repeat(33), SecurityType.NONE, null, null));
    }

    @Test
    void anAdminComponentOrDownloadThatIsNoneIsRefused() {
        for (String component : new String[]{"", "AdminReceiver", "com.acme.agent", "com.acme/", "/.Admin"}) {
            refusedAs("invalid-admin-component-name", new ConfigureAndroidProvisioning(TENANT, component, APK, HEX,
                    null, null, null, null));
        }
        for (String apk : new String[]{"", "http://acme.example.com/agent.apk", "ftp://x/a.apk", "https:///a.apk",
                "not a url"}) {
            refusedAs("invalid-package-download-location", new ConfigureAndroidProvisioning(TENANT, COMPONENT, apk,
                    HEX, null, null, null, null));
        }
    }

    @Test
    void adminExtrasCannotReplaceWhatTheServerPutsInNorBeAnything() {
        refusedAs("invalid-admin-extras", configure(HEX, null, null, null, Map.of("enrollmentToken", "x")));
        refusedAs("invalid-admin-extras", configure(HEX, null, null, null, Map.of("tenant", "other")));
        refusedAs("invalid-admin-extras", configure(HEX, null, null, null, Map.of("has space", "x")));
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 21; i++) {
            many.put("k" + i, "v");
        }
        refusedAs("invalid-admin-extras", configure(HEX, null, null, null, many));
    }

    private void refusedAs(String type, ConfigureAndroidProvisioning command) {
        fixture.given(created())
                .when(command)
                .expectException(refusal(Kind.INVALID, type))
                .expectNoEvents();
    }
}
