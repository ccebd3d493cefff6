package org.mdmenroll.command.apple.ade;

import org.junit.jupiter.api.Test;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.support.problem.Refusal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MachineInfo signatures: the chain must reach a trusted root, the signature must match, the plist must be one. */
class AppleDeviceSignaturesTest {

    private static final TestAppleDevices APPLE = new TestAppleDevices("Test Apple");
    private static final AppleDeviceSignatures TRUSTING_TEST_APPLE =
            new AppleDeviceSignatures(APPLE.rootPemFile(), Clock.systemUTC());
    private static final byte[] IPHONE = TestAppleDevices.machineInfo("f2lxk1abjg5h", "00008120-001A2B3C4D5E6F70",
            "iPhone16,2", "22E240", "18.4", true);

    @Test
    void aMachineInfoSignedByADeviceOfTheTrustedChainIsRead() {
        AdeMachineInfo machine = TRUSTING_TEST_APPLE.verify(APPLE.signed(IPHONE));
        assertThat(machine.serialNumber()).isEqualTo("F2LXK1ABJG5H");
        assertThat(machine.udid()).isEqualTo("00008120-001A2B3C4D5E6F70");
        assertThat(machine.platform()).isEqualTo(Platform.IOS);
        assertThat(machine.osVersion()).isEqualTo("18.4");
        assertThat(machine.language()).isEqualTo("ja-JP");
        assertThat(machine.canRequestSoftwareUpdate()).isTrue();
    }

    @Test
    void beforeIos17TheOsVersionComesFromTheBuild() {
        byte[] older = TestAppleDevices.machineInfo("C02SERIAL1", "UDID-1", "Mac14,2", "22G91", null, false);
        AdeMachineInfo machine = TRUSTING_TEST_APPLE.verify(APPLE.signed(older));
        assertThat(machine.platform()).isEqualTo(Platform.MACOS);
        assertThat(machine.osVersion()).isEqualTo("13.0");
        assertThat(machine.canRequestSoftwareUpdate()).isFalse();
    }

    @Test
    void theShippedAppleRootDoesNotTrustATestChain() {
        AppleDeviceSignatures apple = new AppleDeviceSignatures("", Clock.systemUTC());
        assertRefused(() -> apple.verify(APPLE.signed(IPHONE)), 403, "untrusted-device-signature");
    }

    @Test
    void anotherChainASelfMadeDeviceAndATamperedContentAreRefused() {
        TestAppleDevices other = new TestAppleDevices("Other");
        assertRefused(() -> TRUSTING_TEST_APPLE.verify(other.signed(IPHONE)), 403, "untrusted-device-signature");
        assertRefused(() -> TRUSTING_TEST_APPLE.verify(TestAppleDevices.selfSigned(IPHONE)), 403,
                "untrusted-device-signature");
        byte[] signed = APPLE.signed(IPHONE);
        String text = new String(signed, StandardCharsets.ISO_8859_1);
        byte[] tampered = text.replace("F2LXK1ABJG5H".toLowerCase(), "f2lxk1abjg5x").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(tampered).isNotEqualTo(signed);
        assertRefused(() -> TRUSTING_TEST_APPLE.verify(tampered), 403, "untrusted-device-signature");
    }

    @Test
    void aBodyThatIsNoSignedMachineInfoIsBadInput() {
        assertRefused(() -> TRUSTING_TEST_APPLE.verify(null), 400, "malformed-machine-info");
        assertRefused(() -> TRUSTING_TEST_APPLE.verify(IPHONE), 400, "malformed-machine-info");
        assertRefused(() -> TRUSTING_TEST_APPLE.verify(new byte[] {0x30, 0x03, 0x02, 0x01}), 400, "malformed-machine-info");
        assertRefused(() -> TRUSTING_TEST_APPLE.verify(APPLE.signed("not a plist".getBytes(StandardCharsets.UTF_8))),
                400, "malformed-machine-info");
        byte[] watch = TestAppleDevices.machineInfo("SERIAL", "UDID", "Watch6,1", "21R356", "10.0", false);
        assertRefused(() -> TRUSTING_TEST_APPLE.verify(APPLE.signed(watch)), 400, "unsupported-device");
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, int status, String type) {
        assertThatThrownBy(call).isInstanceOfSatisfying(Refusal.class, refusal -> {
            assertThat(refusal.type()).isEqualTo(type);
            assertThat(refusal.kind().httpStatus()).isEqualTo(status);
        });
    }
}
