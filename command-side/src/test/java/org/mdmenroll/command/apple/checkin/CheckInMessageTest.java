package org.mdmenroll.command.apple.checkin;

import org.mdmenroll.support.testing.apple.CheckInPlists;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mdmenroll.command.apple.checkin.CheckInMessage.Authenticate;
import org.mdmenroll.command.apple.checkin.CheckInMessage.CheckOut;
import org.mdmenroll.command.apple.checkin.CheckInMessage.TokenUpdate;
import org.mdmenroll.command.apple.checkin.CheckInMessage.UserAuthenticate;
import org.mdmenroll.support.problem.Refusal;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckInMessageTest {

    private static final String TOPIC = "com.apple.mgmt.External.5f0c5c8e-8b5e-4a43-9e7e-0d3c6c1f2a11";

    @Test
    void authenticateCarriesWhatTheDeviceIs() {
        CheckInMessage message = CheckInMessage.parse(CheckInPlists.authenticate("UDID-1", "SERIAL1", TOPIC, "18.4"));

        assertThat(message).isEqualTo(new Authenticate("UDID-1", null, TOPIC, "SERIAL1", "iPhone17,2", "iPhone",
                "iPhone17,2", "18.4", "22E240", "Test iPhone"));
    }

    @Test
    void tokenUpdateGivesTheTokenAsHexAndKeepsSecretsOutOfToString() {
        TokenUpdate update = (TokenUpdate) CheckInMessage.parse(
                CheckInPlists.tokenUpdate("UDID-1", TOPIC, new byte[]{1, 2, (byte) 0xfe}, "magic-1"));

        assertThat(update.tokenHex()).isEqualTo("0102fe");
        assertThat(update.pushMagic()).isEqualTo("magic-1");
        assertThat(new String(update.unlockToken(), StandardCharsets.UTF_8)).isEqualTo("unlock-token-secret");
        assertThat(update.userChannel()).isFalse();
        assertThat(update.toString()).doesNotContain("0102fe", "magic-1", "unlock");
    }

    @Test
    void macUserChannelTokenUpdateNamesTheUser() {
        TokenUpdate update = (TokenUpdate) CheckInMessage.parse(
                CheckInPlists.userTokenUpdate("UDID-1", TOPIC, new byte[]{9}, "magic-2", "GUID-1", "jane"));

        assertThat(update.userChannel()).isTrue();
        assertThat(update.userId()).isEqualTo("GUID-1");
        assertThat(update.userShortName()).isEqualTo("jane");
        assertThat(update.unlockToken()).isNull();
    }

    @Test
    void checkOutAndUserAuthenticate() {
        assertThat(CheckInMessage.parse(CheckInPlists.checkOut("UDID-1", TOPIC)))
                .isEqualTo(new CheckOut("UDID-1", null, TOPIC));
        assertThat(CheckInMessage.parse(CheckInPlists.userAuthenticate("UDID-1", "GUID-1", "jane")))
                .isEqualTo(new UserAuthenticate("UDID-1", null, "GUID-1", "jane", null));
    }

    @Test
    void userEnrollmentNamesItsEnrollmentId() {
        CheckInMessage message = CheckInMessage.parse(CheckInPlists.plist("""
                <key>MessageType</key><string>CheckOut</string>
                <key>EnrollmentID</key><string>ENR-1</string>
                """));

        assertThat(message.udid()).isNull();
        assertThat(message.enrollmentId()).isEqualTo("ENR-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not a plist at all",
            "<?xml version=\"1.0\"?><plist version=\"1.0\"><array><string>x</string></array></plist>",
            "<?xml version=\"1.0\"?><plist version=\"1.0\"><dict><key>MessageType</key></plist>",
            "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><plist version=\"1.0\"><dict><key>MessageType</key><string>&e;</string></dict></plist>",
    })
    void whatIsNotAPlistDictionaryIsRefused(String body) {
        assertThatThrownBy(() -> CheckInMessage.parse(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(Refusal.class, refusal -> assertThat(refusal.kind()).isEqualTo(Refusal.Kind.INVALID));
    }

    @Test
    void missingKeysAndWrongTypesAreRefused() {
        assertRefused(CheckInPlists.plist("<key>UDID</key><string>U</string>"), "malformed-check-in");
        assertRefused(CheckInPlists.plist("<key>MessageType</key><string>CheckOut</string>"), "malformed-check-in");
        assertRefused(CheckInPlists.plist("""
                <key>MessageType</key><string>TokenUpdate</string><key>UDID</key><string>U</string>
                <key>Topic</key><string>t</string><key>PushMagic</key><string>m</string>
                """), "malformed-check-in");
        assertRefused(CheckInPlists.plist("""
                <key>MessageType</key><string>Authenticate</string><key>UDID</key><integer>7</integer>
                """), "malformed-check-in");
        assertRefused(CheckInPlists.plist("""
                <key>MessageType</key><string>DeclarativeManagement</string><key>UDID</key><string>U</string>
                """), "unsupported-check-in");
    }

    private static void assertRefused(byte[] body, String type) {
        assertThatThrownBy(() -> CheckInMessage.parse(body))
                .isInstanceOfSatisfying(Refusal.class, refusal -> assertThat(refusal.type()).isEqualTo(type));
    }
}
