package org.mdmenroll.command.apple.checkin;

import org.mdmenroll.command.apple.checkin.CheckInMessage.Authenticate;
import com.dd.plist.NSData;
import com.dd.plist.NSDictionary;
import org.mdmenroll.command.apple.checkin.CheckInMessage.CheckOut;
import org.mdmenroll.command.apple.checkin.CheckInMessage.GetBootstrapToken;
import org.mdmenroll.command.apple.checkin.CheckInMessage.SetBootstrapToken;
import org.mdmenroll.command.apple.checkin.CheckInMessage.TokenUpdate;
import org.mdmenroll.command.apple.checkin.CheckInMessage.UserAuthenticate;
import org.mdmenroll.command.device.DeviceCommands.CheckOutDevice;
import org.mdmenroll.command.device.DeviceCommands.EscrowBootstrapToken;
import org.mdmenroll.command.device.DeviceCommands.ReturnBootstrapToken;
import org.mdmenroll.command.device.DeviceCommands.RecordCheckInAuthenticate;
import org.mdmenroll.command.device.DeviceCommands.UpdateMdmPushToken;
import org.mdmenroll.command.device.DeviceEnrollments;

import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What each check-in message does to its authenticated device entry: Authenticate records what the
 * device is, the device channel's first TokenUpdate completes the enrollment (push token, PushMagic
 * and unlock token kept only sealed), a macOS user channel's TokenUpdate records its user, CheckOut
 * records the removal of the MDM profile.
 */
@Component
public class CheckInDispatcher {

    private final DeviceEnrollments enrollments;
    private final SecretBox secrets;

    public CheckInDispatcher(DeviceEnrollments enrollments, SecretBox secrets) {
        this.enrollments = enrollments;
        this.secrets = secrets;
    }

    /** The plist to answer with, or null for an empty 200. */
    public byte[] dispatch(TenantId tenantId, DeviceId deviceId, CheckInMessage message) {
        if (message instanceof Authenticate authenticate) {
            enrollments.checkInAuthenticate(tenantId, new RecordCheckInAuthenticate(deviceId,
                    authenticate.udid(), authenticate.enrollmentId(), authenticate.serialNumber(), authenticate.model(),
                    authenticate.modelName(), authenticate.productName(), authenticate.osVersion(),
                    authenticate.buildVersion(), authenticate.deviceName()));
        } else if (message instanceof TokenUpdate update) {
            enrollments.checkInTokenUpdate(tenantId, new UpdateMdmPushToken(deviceId, update.userId(),
                    update.userShortName(), update.userLongName(), update.topic(),
                    secrets.seal(SecretPurpose.MDM_PUSH_TOKEN, update.tokenHex()),
                    secrets.seal(SecretPurpose.MDM_PUSH_MAGIC, update.pushMagic()),
                    update.unlockToken() == null ? null
                            : secrets.seal(SecretPurpose.MDM_UNLOCK_TOKEN, Base64.getEncoder().encodeToString(update.unlockToken())),
                    update.awaitingConfiguration()));
        } else if (message instanceof CheckOut) {
            enrollments.send(tenantId, deviceId, new CheckOutDevice(deviceId));
        } else if (message instanceof SetBootstrapToken set) {
            enrollments.send(tenantId, deviceId, new EscrowBootstrapToken(deviceId, set.bootstrapToken() == null ? null
                    : secrets.seal(SecretPurpose.BOOTSTRAP_TOKEN, Base64.getEncoder().encodeToString(set.bootstrapToken()))));
        } else if (message instanceof GetBootstrapToken) {
            String sealed = enrollments.send(tenantId, deviceId, new ReturnBootstrapToken(deviceId));
            NSDictionary answer = new NSDictionary();
            if (sealed != null) {
                answer.put("BootstrapToken", new NSData(Base64.getDecoder().decode(secrets.open(SecretPurpose.BOOTSTRAP_TOKEN, sealed))));
            }
            return answer.toXMLPropertyList().getBytes(StandardCharsets.UTF_8);
        } else if (message instanceof UserAuthenticate) {
            // No user authentication beyond the device's: an empty DigestChallenge lets the user
            // channel go on to its TokenUpdate, which records the user.
            return EMPTY_DIGEST_CHALLENGE.getBytes(StandardCharsets.UTF_8);
        }
        return null;
    }

    private static final String EMPTY_DIGEST_CHALLENGE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
            <plist version="1.0">
            <dict>
              <key>DigestChallenge</key>
              <string></string>
            </dict>
            </plist>
            """;
}
