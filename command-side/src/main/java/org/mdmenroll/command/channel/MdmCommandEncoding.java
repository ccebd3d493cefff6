package org.mdmenroll.command.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.mdmenroll.command.apple.channel.AppleCommand;
import org.mdmenroll.command.apple.profile.EnrollmentProfile;
import org.mdmenroll.command.device.MdmCommandEncoder;
import org.mdmenroll.command.device.MdmRequest;
import org.mdmenroll.command.tenant.TenantDirectory;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one place that knows how each platform is told a request: Apple's MDM client gets a command
 * plist ({@link AppleCommand}), the Android agent a JSON command with the same request type names.
 * The whole command is sealed (it may hold an EraseDevice or DeviceLock PIN, or a profile whose SCEP
 * challenge is secret); only parameters without secrets are readable in the queue's events.
 */
@Component
public class MdmCommandEncoding implements MdmCommandEncoder {

    private static final Pattern MAC_PIN = Pattern.compile("\\d{6}");

    private final SecretBox secrets;
    private final ObjectMapper json;
    private final TenantDirectory tenants;

    public MdmCommandEncoding(SecretBox secrets, ObjectMapper json, TenantDirectory tenants) {
        this.secrets = secrets;
        this.json = json;
        this.tenants = tenants;
    }

    @Override
    public EncodedCommand encode(TenantId tenantId, Platform platform, MdmRequest request) {
        return platform == Platform.ANDROID ? android(request) : apple(tenantId, platform, request);
    }

    private EncodedCommand apple(TenantId tenantId, Platform platform, MdmRequest request) {
        AppleCommand command;
        if (request instanceof MdmRequest.DeviceInformation) {
            command = AppleCommand.deviceInformation();
        } else if (request instanceof MdmRequest.SecurityInfo) {
            command = AppleCommand.securityInfo();
        } else if (request instanceof MdmRequest.ProfileList) {
            command = AppleCommand.profileList();
        } else if (request instanceof MdmRequest.CertificateList) {
            command = AppleCommand.certificateList();
        } else if (request instanceof MdmRequest.InstalledApplicationList) {
            command = AppleCommand.installedApplicationList();
        } else if (request instanceof MdmRequest.RestartDevice) {
            command = AppleCommand.restartDevice();
        } else if (request instanceof MdmRequest.ShutDownDevice) {
            command = AppleCommand.shutDownDevice();
        } else if (request instanceof MdmRequest.DeviceConfigured) {
            command = AppleCommand.deviceConfigured();
        } else if (request instanceof MdmRequest.DeviceLock lock) {
            command = AppleCommand.deviceLock(lock.message(), lock.phoneNumber(), macPin(platform, lock.pin()));
        } else if (request instanceof MdmRequest.EraseDevice erase) {
            command = AppleCommand.eraseDevice(macPin(platform, erase.pin()),
                    platform == Platform.IOS && erase.preserveDataPlan(),
                    platform == Platform.IOS && erase.disallowProximitySetup());
        } else if (request instanceof MdmRequest.RemoveManagement) {
            command = AppleCommand.removeProfile(EnrollmentProfile.identifier(tenants.require(tenantId).hostDomain()));
        } else if (request instanceof MdmRequest.InstallProfile install) {
            command = AppleCommand.installProfile(install.profile(), install.description());
        } else {
            throw unsupported(platform, request);
        }
        return sealed(command.requestType(), command.parameters(), new String(command.command(), StandardCharsets.UTF_8));
    }

    private EncodedCommand android(MdmRequest request) {
        Map<String, Object> command = new LinkedHashMap<>();
        Map<String, String> shown = new LinkedHashMap<>();
        String requestType;
        if (request instanceof MdmRequest.DeviceInformation) {
            requestType = "DeviceInformation";
        } else if (request instanceof MdmRequest.RestartDevice) {
            requestType = "RestartDevice";
        } else if (request instanceof MdmRequest.RemoveManagement) {
            requestType = "RemoveManagement";
        } else if (request instanceof MdmRequest.EraseDevice) {
            requestType = "EraseDevice";
        } else if (request instanceof MdmRequest.DeviceLock lock) {
            if (lock.pin() != null) {
                throw Refusal.invalid("pin-macos-only", "Only a Mac takes a PIN with DeviceLock.");
            }
            requestType = "DeviceLock";
            if (lock.message() != null && !lock.message().isBlank()) {
                command.put("message", lock.message());
                shown.put("Message", lock.message());
            }
            if (lock.phoneNumber() != null && !lock.phoneNumber().isBlank()) {
                command.put("phoneNumber", lock.phoneNumber());
                shown.put("PhoneNumber", lock.phoneNumber());
            }
        } else {
            throw unsupported(Platform.ANDROID, request);
        }
        command.put("requestType", requestType);
        try {
            return sealed(requestType, shown, json.writeValueAsString(command));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private EncodedCommand sealed(String requestType, Map<String, String> parameters, String command) {
        return new EncodedCommand(requestType, Map.copyOf(parameters), secrets.seal(SecretPurpose.MDM_COMMAND, command));
    }

    /** A Mac may need a six-digit PIN to lock or erase; iOS takes none. */
    private static String macPin(Platform platform, String pin) {
        if (pin == null || pin.isBlank()) {
            return null;
        }
        if (platform != Platform.MACOS) {
            throw Refusal.invalid("pin-macos-only", "Only a Mac takes a PIN to lock or erase it.");
        }
        if (!MAC_PIN.matcher(pin).matches()) {
            throw Refusal.invalid("invalid-pin", "The PIN for a Mac is six digits.");
        }
        return pin;
    }

    private static Refusal unsupported(Platform platform, MdmRequest request) {
        return new Refusal(Refusal.Kind.INVALID, "command-not-for-platform",
                request.getClass().getSimpleName() + " is not a command for " + platform + " devices.",
                Map.of("platform", platform.name(), "requestType", request.getClass().getSimpleName()));
    }
}
