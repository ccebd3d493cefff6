package org.mdmenroll.command.apple.accountdriven;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.mdmenroll.command.apple.profile.AccountDrivenMode;
import org.mdmenroll.command.apple.profile.ProfileDownloads;
import org.mdmenroll.command.apple.profile.PublicUrls;
import org.mdmenroll.command.device.DeviceEnrollments;
import org.mdmenroll.command.push.PushCertificates;
import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.mdmenroll.command.user.EnrollmentSessions;
import org.mdmenroll.command.user.EnrollmentSessions.Session;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * The BaseURL the discovery names: where an Apple device asks for its enrollment profile in
 * account-driven enrollment. Without a valid access token it is told, in {@code WWW-Authenticate},
 * to open the tenant's sign-in page in a web authentication session; with the token from that
 * sign-in (for a user allowed account-driven enrollment, whose Managed Apple ID is in the tenant's
 * domain) it gets a new ACCOUNT_DRIVEN entry and its signed profile naming that Managed Apple ID,
 * with EnrollmentMode ADDE (the whole device) or BYOD (user enrollment: no hardware identifiers,
 * fewer rights).
 */
@RestController
@Tag(name = "Account-driven enrollment")
public class AccountDrivenEnrollmentController {

    /** The enrollment path of a tenant; {@code /adde} or {@code /byod} follows. */
    static final String ENROLL = "/account-driven/enroll";
    private static final String APPLE_PROFILE = "application/x-apple-aspen-config";

    private final EnrollmentSessions sessions;
    private final AccountDrivenUsers users;
    private final DeviceEnrollments enrollments;
    private final ProfileDownloads profiles;
    private final PushCertificates pushCertificates;
    private final PublicUrls urls;
    private final TransactionTemplate transaction;

    public AccountDrivenEnrollmentController(EnrollmentSessions sessions, AccountDrivenUsers users, DeviceEnrollments enrollments, ProfileDownloads profiles,
            PushCertificates pushCertificates, PublicUrls urls, TransactionTemplate transaction) {
        this.sessions = sessions;
        this.users = users;
        this.enrollments = enrollments;
        this.profiles = profiles;
        this.pushCertificates = pushCertificates;
        this.urls = urls;
        this.transaction = transaction;
    }

    @PostMapping(path = "/t/{tenant}" + ENROLL + "/{mode}", produces = {APPLE_PROFILE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    @Operation(summary = "Account-driven enrollment: the signed profile for the signed-in user (mode adde or byod)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    description = "The device's MachineInfo: the plist, or CMS SignedData (DER) wrapping it",
                    content = {@Content(mediaType = "application/pkcs7-signature",
                            schema = @Schema(type = "string", format = "binary")),
                            @Content(mediaType = "application/x-www-form-urlencoded",
                                    schema = @Schema(type = "string", format = "binary"))}),
            description = "Body: the device's MachineInfo plist (plain or CMS-signed), read as raw bytes whatever the "
                    + "Content-Type (Apple's example sends application/x-www-form-urlencoded; never parsed as a form). "
                    + "Without a valid Bearer access token: 401 sign-in-required with WWW-Authenticate: Bearer "
                    + "method=\"apple-as-web\", url=\"<sign-in page>\". 403 account-driven-enrollment-disabled, "
                    + "account-driven-enrollment-not-allowed, enrollment-mode-not-offered (the other mode than the "
                    + "tenant's or user's: a personal device is never enrolled as a whole device); 400 "
                    + "malformed-machine-info, unsupported-device; 404 unknown-enrollment-mode; 409 no-push-certificate; "
                    + "413 payload-too-large.")
    public ResponseEntity<byte[]> enroll(@PathVariable String mode,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            HttpServletRequest request, TenantEntry tenant) throws IOException {
        AccountDrivenMode enrollmentMode = mode(mode);
        Session session = signedIn(tenant, authorization);
        users.requireAllowed(tenant, session.userId());
        AccountDrivenMode offered = users.modeOf(tenant, session.userId());
        if (enrollmentMode != offered) {
            throw new Refusal(Refusal.Kind.FORBIDDEN, "enrollment-mode-not-offered", offered == AccountDrivenMode.BYOD
                    ? "Your organisation enrolls personal devices by user enrollment only, not device enrollment."
                    : "Your organisation enrolls devices by account-driven device enrollment, not user enrollment.",
                    Map.of("offeredMode", offered == AccountDrivenMode.BYOD ? "mdm-byod" : "mdm-adde"));
        }
        MachineInfo machine = MachineInfo.parse(MachineInfoBodyFilter.bodyOf(request));
        Platform platform = AppleBuilds.platform(machine.product()).orElseThrow(() -> Refusal.invalid(
                "unsupported-device", "Account-driven enrollment is for iPhone, iPad and Mac (PRODUCT names none)."));
        String osVersion = AppleBuilds.osVersion(platform, machine.version()).orElseThrow(() -> Refusal.invalid(
                "malformed-machine-info", "VERSION is not an Apple OS build."));
        if (pushCertificates.topicOf(tenant.tenantId()).isEmpty()) {
            throw Refusal.conflict("no-push-certificate", "The organisation has no MDM push certificate installed yet.");
        }
        // A user enrollment keeps the device's identifiers private; a device enrollment records them.
        HardwareIdentity identity = enrollmentMode == AccountDrivenMode.BYOD
                ? new HardwareIdentity(null, null, null, null)
                : new HardwareIdentity(machine.serialNumber(), machine.udid(), null, null);
        byte[] profile = transaction.execute(status -> {
            DeviceId deviceId = enrollments.start(tenant.tenantId(), session.userId(), new DeviceEnrollments.Request(
                    platform, osVersion, EnrollmentMethod.ACCOUNT_DRIVEN, identity, null)).deviceId();
            return profiles.download(tenant, deviceId, session.userId(), enrollmentMode);
        });
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(APPLE_PROFILE))
                .body(profile);
    }

    private static AccountDrivenMode mode(String mode) {
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "adde" -> AccountDrivenMode.ADDE;
            case "byod" -> AccountDrivenMode.BYOD;
            default -> throw Refusal.notFound("unknown-enrollment-mode", "Account-driven enrollment is adde or byod.");
        };
    }

    /** The session of the sign-in page's access token, or 401 telling the device where to sign in. */
    private Session signedIn(TenantEntry tenant, String authorization) {
        String signIn = urls.tenantPath(tenant, "/account-driven/sign-in");
        String challenge = "Bearer method=\"apple-as-web\", url=\"" + signIn + "\"";
        if (authorization == null || authorization.isBlank()) {
            throw Refusal.unauthorized("sign-in-required", "Sign in with your organisation account to enroll.")
                    .withHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        try {
            return sessions.authenticate(tenant.tenantId(), authorization);
        } catch (Refusal refusal) {
            if (refusal.kind() == Refusal.Kind.UNAUTHORIZED) {
                refusal.withHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
            }
            throw refusal;
        }
    }
}
