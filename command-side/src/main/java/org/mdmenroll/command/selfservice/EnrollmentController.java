package org.mdmenroll.command.selfservice;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.mdmenroll.command.apple.profile.ProfileDownloads;
import org.mdmenroll.command.device.DeviceCommands.CancelProfileInstall;
import org.mdmenroll.command.device.DeviceDirectory;
import org.mdmenroll.command.device.DeviceEnrollments;
import org.mdmenroll.command.device.DeviceEnrollments.Enrollment;
import org.mdmenroll.command.tenant.TenantCommands.CheckEnrollmentUrl;
import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.mdmenroll.command.user.EnrollmentSessions.Session;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.events.device.PushChannel;
import org.mdmenroll.support.crypto.Redacted;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;


/**
 * Device-facing enrollment calls of the enrollment app and the self-service portal, authenticated
 * by the session from {@code /go/login}: start (or, by the Android re-enrollment rule, re-use) an entry,
 * download the profile, cancel, re-enroll. There is deliberately no call that declares a device
 * enrolled: only the Apple check-in and the Android agent do that.
 */
@RestController
@Tag(name = "Device enrollment", description = "Enrollment app and portal: start, download the profile, cancel, re-enroll.")
public class EnrollmentController {

    static final String APPLE_PROFILE = "application/x-apple-aspen-config";

    private final CommandGateway commands;
    private final DeviceEnrollments enrollments;
    private final DeviceDirectory devices;
    private final SecretBox secrets;
    private final ProfileDownloads profiles;

    public EnrollmentController(CommandGateway commands, DeviceEnrollments enrollments, DeviceDirectory devices,
            SecretBox secrets, ProfileDownloads profiles) {
        this.commands = commands;
        this.enrollments = enrollments;
        this.devices = devices;
        this.secrets = secrets;
        this.profiles = profiles;
    }

    public record PushChannelRequest(@NotNull PushChannel.Type type, @NotBlank @Size(max = 4096) String token) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }

    /** {@code urlVersion} is the {@code v} of the enrollment link the user opened, when there was one. */
    public record StartRequest(@NotNull Platform platform, @NotBlank @Size(max = 20) String osVersion,
                               @NotNull EnrollmentMethod method, @Size(max = 100) String serialNumber,
                               @Size(max = 100) String udid, @Size(max = 20) String imei,
                               @Size(max = 200) String enterpriseSpecificId, @Valid PushChannelRequest pushChannel,
                               Integer urlVersion) {
    }

    /** {@code reEnrolled}: the request landed on an existing entry (Android 9 or older, re-enroll). */
    public record EnrollmentResponse(DeviceId deviceId, boolean reEnrolled, String profileUrl) {
    }

    @PostMapping("/t/{tenant}/enrollments")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Start enrolling a device (Bearer enrollment session); Android 9 or older re-uses its entry")
    public EnrollmentResponse start(@Valid @RequestBody StartRequest request, TenantEntry tenant, Session session) {
        session.requirePasswordSet();
        requireStartedHere(request.method());
        if (request.urlVersion() != null) {
            commands.sendAndWait(new CheckEnrollmentUrl(tenant.tenantId(), request.urlVersion()));
        }
        HardwareIdentity identity = new HardwareIdentity(request.serialNumber(), request.udid(), request.imei(),
                request.enterpriseSpecificId());
        Enrollment enrollment = enrollments.start(tenant.tenantId(), session.userId(),
                new DeviceEnrollments.Request(request.platform(), request.osVersion(), request.method(), identity,
                        seal(request.pushChannel())));
        return response(tenant, request.platform(), enrollment);
    }

    @GetMapping(path = "/t/{tenant}/enrollments/{deviceId}/profile", produces = APPLE_PROFILE)
    @Operation(summary = "Download the signed enrollment profile (.mobileconfig); valid for the tenant's profile validity, replaces an earlier one",
            description = "CMS SignedData (content attached) signed by the tenant's profile-signing certificate, holding "
                    + "a SCEP payload with a one-time challenge and the MDM payload. 409 no-push-certificate while the "
                    + "tenant has no MDM push certificate; 410 profile-expired after the profile expired.")
    public ResponseEntity<byte[]> profile(@PathVariable DeviceId deviceId, TenantEntry tenant, Session session) {
        requireOwnEntry(tenant, session, deviceId);
        byte[] profile = profiles.download(tenant, deviceId, session.userId(), null);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(APPLE_PROFILE))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"enroll.mobileconfig\"")
                .body(profile);
    }

    @PostMapping("/t/{tenant}/enrollments/{deviceId}/cancel")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Cancel during install: MDM is deactivated; a still-valid profile can be installed again")
    public void cancel(@PathVariable DeviceId deviceId, TenantEntry tenant, Session session) {
        requireOwnEntry(tenant, session, deviceId);
        enrollments.send(tenant.tenantId(), deviceId, new CancelProfileInstall(deviceId));
    }

    /** {@code confirmed}: the user confirmed the re-enrollment (required for iOS). */
    public record ReEnrollRequest(@Size(max = 20) String osVersion, EnrollmentMethod method,
                                  @Valid PushChannelRequest pushChannel, Boolean confirmed) {
    }

    @PostMapping("/t/{tenant}/enrollments/{deviceId}/re-enroll")
    @Operation(summary = "Enroll again: iOS (after the user confirmed: confirmed=true), macOS and Android 9 or older "
            + "on the same entry, Android 10+ on a new entry")
    public EnrollmentResponse reEnroll(@PathVariable DeviceId deviceId,
            @Valid @RequestBody(required = false) ReEnrollRequest request, TenantEntry tenant, Session session) {
        requireOwnEntry(tenant, session, deviceId);
        ReEnrollRequest body = request == null ? new ReEnrollRequest(null, null, null, null) : request;
        // The app's Settings > Troubleshooting > Re-enroll: the server asks before it replaces the profile.
        if (devices.entry(deviceId).platform() == Platform.IOS && !Boolean.TRUE.equals(body.confirmed())) {
            throw Refusal.conflict("confirmation-required", "Re-enrolling replaces this device's management "
                    + "profile: remove the current MDM profile when asked, then install the new one. Ask the user to "
                    + "confirm and send the request again with \"confirmed\": true.");
        }
        EnrollmentMethod method = body.method() == null ? EnrollmentMethod.IN_APP : body.method();
        requireStartedHere(method);
        Enrollment enrollment = enrollments.reEnroll(tenant.tenantId(), deviceId, session.userId(), body.osVersion(),
                method, seal(body.pushChannel()));
        return response(tenant, devices.entry(enrollment.deviceId()).platform(), enrollment);
    }

    private EnrollmentResponse response(TenantEntry tenant, Platform platform, Enrollment enrollment) {
        String profileUrl = platform.isApple()
                ? "/t/" + tenant.slug() + "/enrollments/" + enrollment.deviceId() + "/profile" : null;
        return new EnrollmentResponse(enrollment.deviceId(), enrollment.reEnrolled(), profileUrl);
    }

    /**
     * Account-driven enrollment starts from the device's sign-in (only for users allowed it) and ADE
     * from Apple's setup assistant; neither may be claimed through the app's call.
     */
    private static void requireStartedHere(EnrollmentMethod method) {
        if (method == EnrollmentMethod.ACCOUNT_DRIVEN || method == EnrollmentMethod.ADE) {
            throw Refusal.invalid("method-not-started-here", method == EnrollmentMethod.ADE
                    ? "ADE enrollments start in Apple's setup assistant."
                    : "Account-driven enrollments start from the device's sign-in with a Managed Apple ID.");
        }
    }

    /** The session's user, with a password set, owns the entry, or it does not exist for them (404). */
    private void requireOwnEntry(TenantEntry tenant, Session session, DeviceId deviceId) {
        session.requirePasswordSet();
        if (!session.userId().equals(devices.requireInTenant(tenant.tenantId(), deviceId).userId())) {
            throw Refusal.notFound("unknown-device", "No such device entry.");
        }
    }

    private PushChannel seal(PushChannelRequest channel) {
        return channel == null ? null : new PushChannel(channel.type(), secrets.seal(SecretPurpose.APP_PUSH_TOKEN, channel.token().strip()));
    }
}
