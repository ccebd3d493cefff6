package org.mdmenroll.command.apple.channel;

import com.dd.plist.NSArray;
import com.dd.plist.NSData;
import com.dd.plist.NSDictionary;
import com.dd.plist.PropertyListParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mdmenroll.command.apple.channel.ConnectReport.Status;
import org.mdmenroll.events.mdm.DeviceInventory;
import org.mdmenroll.events.mdm.DeviceSecurity;
import org.mdmenroll.events.mdm.MdmChannel;
import org.mdmenroll.events.mdm.MdmError;
import org.mdmenroll.support.problem.Refusal;
import org.mdmenroll.support.testing.apple.ConnectPlists;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppleChannelCodecTest {

    @Test
    void idleNamesTheDeviceChannel() {
        ConnectReport report = ConnectReport.parse(ConnectPlists.idle("UDID-1"));

        assertThat(report.status()).isEqualTo(Status.IDLE);
        assertThat(report.channel()).isEqualTo(MdmChannel.DEVICE);
        assertThat(report.deviceIdentifier()).isEqualTo("UDID-1");
        assertThat(report.commandUuid()).isNull();
    }

    @Test
    void macUserChannelAndUserEnrollmentAreTheirOwnChannels() {
        assertThat(ConnectReport.parse(ConnectPlists.userIdle("UDID-1", "USER-GUID")).channel())
                .isEqualTo(MdmChannel.user("USER-GUID"));
        ConnectReport byod = ConnectReport.parse(ConnectPlists.plistOf(
                "<key>EnrollmentID</key><string>ENR-1</string><key>Status</key><string>Idle</string>"));
        assertThat(byod.deviceIdentifier()).isEqualTo("ENR-1");
        assertThat(byod.udid()).isNull();
    }

    @Test
    void errorCarriesItsErrorChain() {
        ConnectReport report = ConnectReport.parse(ConnectPlists.error("UDID-1", "CMD-1", 12021, "Unknown command"));

        assertThat(report.status()).isEqualTo(Status.ERROR);
        assertThat(report.commandUuid()).isEqualTo("CMD-1");
        assertThat(report.errorChain()).containsExactly(new MdmError(12021, "MCMDMErrorDomain", "Unknown command"));
    }

    @Test
    void binaryPlistsAreReadToo() throws Exception {
        NSDictionary dictionary = (NSDictionary) PropertyListParser.parse(ConnectPlists.notNow("UDID-1", "CMD-2"));
        byte[] binary = com.dd.plist.BinaryPropertyListWriter.writeToArray(dictionary);

        ConnectReport report = ConnectReport.parse(binary);

        assertThat(report.status()).isEqualTo(Status.NOT_NOW);
        assertThat(report.commandUuid()).isEqualTo("CMD-2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not a plist", "<plist><array/></plist>"})
    void whatIsNoPlistDictionaryIsRefused(String body) {
        assertThatThrownBy(() -> ConnectReport.parse(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.type()).isEqualTo("malformed-connect"));
    }

    @Test
    void aReportWithoutStatusDeviceOrCommandIsRefused() {
        assertThatThrownBy(() -> ConnectReport.parse(ConnectPlists.plistOf("<key>UDID</key><string>U</string>")))
                .isInstanceOf(Refusal.class).hasMessageContaining("Status");
        assertThatThrownBy(() -> ConnectReport.parse(ConnectPlists.plistOf("<key>Status</key><string>Idle</string>")))
                .isInstanceOf(Refusal.class).hasMessageContaining("UDID");
        assertThatThrownBy(() -> ConnectReport.parse(ConnectPlists.plistOf(
                "<key>UDID</key><string>U</string><key>Status</key><string>Acknowledged</string>")))
                .isInstanceOf(Refusal.class).hasMessageContaining("CommandUUID");
        assertThatThrownBy(() -> ConnectReport.parse(ConnectPlists.plistOf(
                "<key>UDID</key><string>U</string><key>Status</key><string>Maybe</string>")))
                .isInstanceOf(Refusal.class).hasMessageContaining("Unknown Status");
    }

    @Test
    void deviceInformationAnswersBecomeTheInventory() throws Exception {
        NSDictionary body = ConnectReport.parse(ConnectPlists.deviceInformation("UDID-1", "CMD-3", "SERIAL1")).body();

        DeviceInventory inventory = CommandResults.inventory(body);

        assertThat(inventory).isEqualTo(new DeviceInventory("Joe's iPhone", "MTLT3J/A", "iPhone", "iPhone16,1", "18.4",
                "22E240", "SERIAL1", "UDID-1", "35 000000 000000 0", null, 128.0, 87.5, false, true,
                "a4:83:e7:00:00:01", "a4:83:e7:00:00:02"));
    }

    @Test
    void securityInfoAnswers() {
        NSDictionary body = ConnectReport.parse(ConnectPlists.securityInfo("UDID-1", "CMD-4")).body();

        assertThat(CommandResults.security(body)).isEqualTo(new DeviceSecurity(true, true, 3, null, null, null));
    }

    @Test
    void listsAreSummarisedByTheirLength() {
        NSDictionary body = new NSDictionary();
        body.put("ProfileList", new NSArray(new NSDictionary(), new NSDictionary()));

        assertThat(CommandResults.summary(body)).containsExactly(java.util.Map.entry("profiles", "2"));
        assertThat(CommandResults.summary(new NSDictionary())).isEmpty();
    }

    @Test
    void commandsAreApplesPlistWithTheirUuid() throws Exception {
        AppleCommand erase = AppleCommand.eraseDevice("123456", true, false);

        NSDictionary delivered = (NSDictionary) PropertyListParser.parse(
                AppleCommand.deliverable("CMD-5", erase.command()));

        assertThat(delivered.objectForKey("CommandUUID").toJavaObject()).isEqualTo("CMD-5");
        NSDictionary command = (NSDictionary) delivered.objectForKey("Command");
        assertThat(command.objectForKey("RequestType").toJavaObject()).isEqualTo("EraseDevice");
        assertThat(command.objectForKey("PIN").toJavaObject()).isEqualTo("123456");
        assertThat(command.objectForKey("PreserveDataPlan").toJavaObject()).isEqualTo(true);
        assertThat(erase.parameters()).containsEntry("PIN", "set").doesNotContainValue("123456");
        assertThat(erase.toString()).doesNotContain("123456");
    }

    @Test
    void deviceInformationAsksForTheInventoryAndInstallProfileCarriesTheProfile() throws Exception {
        NSDictionary info = (NSDictionary) PropertyListParser.parse(AppleCommand.deviceInformation().command());
        assertThat(((NSArray) info.objectForKey("Queries")).toJavaObject(Object[].class))
                .containsExactlyElementsOf(AppleCommand.INVENTORY_QUERIES);

        AppleCommand install = AppleCommand.installProfile(new byte[]{1, 2, 3}, "identity certificate renewal");
        NSDictionary command = (NSDictionary) PropertyListParser.parse(install.command());
        assertThat(((NSData) command.objectForKey("Payload")).bytes()).containsExactly(1, 2, 3);
        assertThat(install.parameters()).containsEntry("Profile", "identity certificate renewal");
        assertThat(AppleCommand.removeProfile("acme.mdm.enrollment").parameters())
                .isEqualTo(java.util.Map.of("Identifier", "acme.mdm.enrollment"));
    }
}
