package org.mdmenroll.command.apple.profile;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSString;
import org.mdmenroll.events.device.Platform;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The enrollment profile's plist: a Configuration holding the SCEP payload (how the device gets its
 * identity certificate, with the one-time challenge) and the MDM payload that names that
 * certificate as the device's identity (Apple's Device Management profile reference).
 */
public final class EnrollmentProfile {

    /** Every right an MDM server can ask for (Apple's AccessRights bit field, 1 through 4096). */
    static final int ALL_ACCESS_RIGHTS = 8191;
    /** SCEP Key Usage: digital signature (1) and key encipherment (4). */
    static final int SIGNING_AND_ENCRYPTION = 5;
    static final String PER_USER_CONNECTIONS = "com.apple.mdm.per-user-connections";
    static final String BOOTSTRAP_TOKEN = "com.apple.mdm.bootstraptoken";

    private EnrollmentProfile() {
    }

    /** The enrollment profile's PayloadIdentifier: what RemoveProfile names to take the device out of management. */
    public static String identifier(String tenantHostDomain) {
        return tenantHostDomain + ".mdm.enrollment";
    }

    /** What one download puts into the profile. {@code mode} and {@code managedAppleId} only for account-driven enrollment. */
    record Content(String identifier, String organisation, String deviceName, Platform platform, UUID profileId,
                   String scepUrl, String challenge, String serverUrl, String checkInUrl, String topic,
                   AccountDrivenMode mode, String managedAppleId) {
        @Override
        public String toString() {
            return "Content[" + identifier + ", profile " + profileId + "]";
        }
    }

    static byte[] plist(Content content) {
        UUID scepUuid = UUID.randomUUID();
        NSDictionary profile = new NSDictionary();
        profile.put("PayloadType", "Configuration");
        profile.put("PayloadVersion", 1);
        profile.put("PayloadIdentifier", content.identifier());
        profile.put("PayloadUUID", content.profileId().toString().toUpperCase());
        profile.put("PayloadDisplayName", content.organisation() + " MDM enrollment");
        profile.put("PayloadDescription", "Lets " + content.organisation() + " manage this device.");
        profile.put("PayloadOrganization", content.organisation());
        profile.put("PayloadContent", new NSArray(scep(content, scepUuid), mdm(content, scepUuid)));
        return profile.toXMLPropertyList().getBytes(StandardCharsets.UTF_8);
    }

    private static NSDictionary scep(Content content, UUID uuid) {
        NSDictionary request = new NSDictionary();
        request.put("URL", content.scepUrl());
        request.put("Name", content.organisation() + " Device CA");
        request.put("Challenge", content.challenge());
        request.put("Subject", new NSArray(rdn("CN", content.deviceName()), rdn("O", content.organisation())));
        request.put("Keysize", 2048);
        request.put("Key Type", "RSA");
        request.put("Key Usage", SIGNING_AND_ENCRYPTION);
        NSDictionary payload = payload("com.apple.security.scep", content.identifier() + ".scep", uuid,
                "Device identity certificate");
        payload.put("PayloadContent", request);
        return payload;
    }

    private static NSDictionary mdm(Content content, UUID scepUuid) {
        NSDictionary payload = payload("com.apple.mdm", content.identifier() + ".mdm", UUID.randomUUID(),
                "Mobile device management");
        payload.put("ServerURL", content.serverUrl());
        payload.put("CheckInURL", content.checkInUrl());
        payload.put("Topic", content.topic());
        payload.put("IdentityCertificateUUID", scepUuid.toString().toUpperCase());
        payload.put("SignMessage", true);
        payload.put("CheckOutWhenRemoved", true);
        // A user enrollment (BYOD) gets no AccessRights: it manages only the managed partition.
        if (content.mode() != AccountDrivenMode.BYOD) {
            payload.put("AccessRights", ALL_ACCESS_RIGHTS);
        }
        if (content.platform() == Platform.MACOS) {
            // User channels, and escrow of the Mac's bootstrap token (SetBootstrapToken / GetBootstrapToken).
            payload.put("ServerCapabilities", new NSArray(new NSString(PER_USER_CONNECTIONS), new NSString(BOOTSTRAP_TOKEN)));
        }
        if (content.mode() != null) {
            payload.put("AssignedManagedAppleID", content.managedAppleId());
            payload.put("EnrollmentMode", content.mode().name());
        }
        return payload;
    }

    private static NSDictionary payload(String type, String identifier, UUID uuid, String displayName) {
        NSDictionary payload = new NSDictionary();
        payload.put("PayloadType", type);
        payload.put("PayloadVersion", 1);
        payload.put("PayloadIdentifier", identifier);
        payload.put("PayloadUUID", uuid.toString().toUpperCase());
        payload.put("PayloadDisplayName", displayName);
        return payload;
    }

    /** One relative distinguished name in the SCEP payload's form: {@code [["CN", "value"]]}. */
    private static NSArray rdn(String attribute, String value) {
        return new NSArray(new NSArray(new NSString(attribute), new NSString(value)));
    }
}
