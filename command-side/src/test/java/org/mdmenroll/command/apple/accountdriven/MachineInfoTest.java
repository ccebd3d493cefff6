package org.mdmenroll.command.apple.accountdriven;

import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;
import org.mdmenroll.support.testing.apple.CheckInPlists;
import org.mdmenroll.support.testing.apple.CheckInSigner;
import org.mdmenroll.support.problem.Refusal;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MachineInfoTest {

    static final byte[] USER_ENROLLMENT = CheckInPlists.plist("""
            <key>PRODUCT</key><string>iPhone17,2</string>
            <key>VERSION</key><string>22E240</string>
            <key>LANGUAGE</key><string>en</string>
            """);

    @Test
    void aPlainPlistIsRead() {
        assertThat(MachineInfo.parse(USER_ENROLLMENT)).isEqualTo(new MachineInfo("iPhone17,2", "22E240", null, null));
    }

    @Test
    void aSignedPlistIsUnwrapped() throws Exception {
        byte[] device = CheckInPlists.plist("""
                <key>PRODUCT</key><string>Mac16,1</string>
                <key>VERSION</key><string>24E248</string>
                <key>UDID</key><string>0000-UDID</string>
                <key>SERIAL</key><string>C02SERIAL</string>
                """);
        byte[] signed = signed(device);

        assertThat(MachineInfo.parse(signed)).isEqualTo(new MachineInfo("Mac16,1", "24E248", "0000-UDID", "C02SERIAL"));
    }

    /** The plist as a device signs it: CMS SignedData with the content attached. */
    static byte[] signed(byte[] plist) throws Exception {
        CheckInSigner signer = CheckInSigner.selfSigned("device");
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.key()), signer.certificate()));
        return generator.generate(new CMSProcessableByteArray(plist), true).getEncoded();
    }

    @Test
    void anythingElseIsBadInput() {
        for (byte[] body : new byte[][]{new byte[0], "nonsense".getBytes(StandardCharsets.UTF_8),
                new byte[]{0x30, 0x03, 0x02, 0x01, 0x01},
                // text PostgreSQL cannot store: a NUL in the serial (a binary plist holds any UTF-16)
                binaryPlistWithSerial("F2\u0000X")}) {
            assertThatThrownBy(() -> MachineInfo.parse(body)).isInstanceOfSatisfying(Refusal.class,
                    refusal -> assertThat(refusal.type()).isEqualTo("malformed-machine-info"));
        }
    }

    @Test
    void buildsNameThePlatformAndOsMajorVersion() {
        assertThat(AppleBuilds.platform("iPhone17,2")).hasValue(org.mdmenroll.events.device.Platform.IOS);
        assertThat(AppleBuilds.platform("Mac16,1")).hasValue(org.mdmenroll.events.device.Platform.MACOS);
        assertThat(AppleBuilds.platform("Pixel 9")).isEmpty();
        assertThat(AppleBuilds.osVersion(org.mdmenroll.events.device.Platform.IOS, "22E240")).hasValue("18.0");
        assertThat(AppleBuilds.osVersion(org.mdmenroll.events.device.Platform.MACOS, "24E248")).hasValue("15.0");
        assertThat(AppleBuilds.osVersion(org.mdmenroll.events.device.Platform.IOS, "garbage")).isEmpty();
    }

    private static byte[] binaryPlistWithSerial(String serial) {
        com.dd.plist.NSDictionary info = new com.dd.plist.NSDictionary();
        info.put("PRODUCT", "iPhone17,2");
        info.put("VERSION", "22E240");
        info.put("SERIAL", serial);
        try {
            return com.dd.plist.BinaryPropertyListWriter.writeToArray(info);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
