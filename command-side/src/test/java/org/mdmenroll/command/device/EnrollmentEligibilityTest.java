package org.mdmenroll.command.device;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.support.problem.Refusal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The QR-code rule the portal's login checks; the other rules are the Device aggregate's tests (start, re-enroll). */
class EnrollmentEligibilityTest {

    @ParameterizedTest
    @CsvSource({"ANDROID, 9", "ANDROID, 14", "IOS, 14.0", "IOS, 17.4.1"})
    void thePortalsQrCodeLogsInAndroid9AndIos14OrLater(Platform platform, String osVersion) {
        assertThatCode(() -> EnrollmentEligibility.requireQrCodeSupport(platform, osVersion)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource({"ANDROID, 8.1", "IOS, 13.7", "IOS, 12.1", "MACOS, 14.4"})
    void olderDevicesAndMacsAreRefusedTheQrCode(Platform platform, String osVersion) {
        assertThatThrownBy(() -> EnrollmentEligibility.requireQrCodeSupport(platform, osVersion))
                .isInstanceOfSatisfying(Refusal.class, refusal -> {
                    assertThat(refusal.kind()).isEqualTo(Refusal.Kind.INVALID);
                    assertThat(refusal.type()).isEqualTo("os-version-unsupported");
                });
    }
}
