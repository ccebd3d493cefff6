package org.mdmenroll.command.apple.ade;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.mdmenroll.command.apple.accountdriven.MachineInfoBodyFilter;
import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.mdmenroll.command.user.DeviceLogins;
import org.mdmenroll.support.problem.Refusal;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The device's side of Automated Device Enrollment. The ADE profile's {@code url}: Setup Assistant
 * posts its MachineInfo, signed by the device's Apple certificate, and gets its signed enrollment
 * profile. Its {@code configuration_web_url}, when users must authenticate: a sign-in page, loaded
 * with the signed MachineInfo in the {@code x-apple-aspen-deviceinfo} header, whose successful
 * sign-in answers the profile bound to that user; a failed one shows the page again with why.
 * A device below the tenant's minimum OS gets Apple's {@code com.apple.softwareupdate.required}
 * 403, which makes it update before it enrolls.
 */
@RestController
@Tag(name = "Automated Device Enrollment", description = "Apple ADE: the device's profile request and sign-in page.")
public class AdeEnrollmentController {

    static final String APPLE_PROFILE = "application/x-apple-aspen-config";
    /** Apple's ErrorCodeSoftwareUpdateRequired code. */
    static final String SOFTWARE_UPDATE_REQUIRED = "com.apple.softwareupdate.required";
    static final String DEVICE_INFO_HEADER = "x-apple-aspen-deviceinfo";
    private static final int MAX_DEVICE_INFO = 64 * 1024;

    private final AppleDeviceSignatures signatures;
    private final AdeEnrollments enrollments;
    private final DeviceLogins logins;

    public AdeEnrollmentController(AppleDeviceSignatures signatures, AdeEnrollments enrollments, DeviceLogins logins) {
        this.signatures = signatures;
        this.enrollments = enrollments;
        this.logins = logins;
    }

    @PostMapping(path = "/t/{tenant}/ade/enroll", produces = {APPLE_PROFILE, MediaType.APPLICATION_JSON_VALUE,
            MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    @Operation(summary = "ADE: the signed enrollment profile for a device in Setup Assistant",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    description = "The device's MachineInfo: CMS SignedData (DER) wrapping the plist",
                    content = {@Content(mediaType = "application/pkcs7-signature",
                            schema = @Schema(type = "string", format = "binary")),
                            @Content(mediaType = "application/octet-stream",
                                    schema = @Schema(type = "string", format = "binary"))}),
            description = "Body: the MachineInfo plist as CMS SignedData (application/pkcs7-signature, though any "
                    + "Content-Type is read as the raw body), signed by the device's Apple certificate chain. 200: the signed profile (application/x-apple-aspen-config). "
                    + "400 malformed-machine-info / unsupported-device; 403 untrusted-device-signature (not signed by a "
                    + "trusted Apple device certificate), unknown-ade-device (serial not in the tenant's ADE tokens, "
                    + "or removed by Apple; recorded), os-version-below-minimum (recorded); a device that can update "
                    + "gets Apple's 403 JSON body {code: com.apple.softwareupdate.required, details: {OSVersion}} "
                    + "instead; 409 no-push-certificate.")
    public ResponseEntity<?> enroll(HttpServletRequest request, TenantEntry tenant) throws IOException {
        AdeMachineInfo machine = signatures.verify(MachineInfoBodyFilter.bodyOf(request));
        Optional<String> update = enrollments.admit(tenant, machine);
        if (update.isPresent()) {
            return updateRequired(machine, update.get());
        }
        return profile(enrollments.enroll(tenant, machine, null));
    }

    @GetMapping(path = "/t/{tenant}/ade/sign-in", produces = MediaType.TEXT_HTML_VALUE)
    @Operation(summary = "ADE: the sign-in page (configuration_web_url) Setup Assistant shows, in Japanese or English",
            description = "Setup Assistant sends the signed MachineInfo, base64, in the x-apple-aspen-deviceinfo "
                    + "header. Without it, or with one that is not Apple-signed or names a device the tenant's ADE "
                    + "tokens do not list, the page explains why (400/403, HTML); below the minimum OS Apple's "
                    + "softwareupdate.required 403.")
    public ResponseEntity<?> signInPage(@RequestHeader(name = DEVICE_INFO_HEADER, required = false) String deviceInfo,
            TenantEntry tenant, Locale locale) {
        try {
            AdeMachineInfo machine = signatures.verify(decode(deviceInfo));
            Optional<String> update = enrollments.admit(tenant, machine);
            if (update.isPresent()) {
                return updateRequired(machine, update.get());
            }
            return page(200, AdeSignInPage.render(tenant, locale, deviceInfo.strip(), null, null, null));
        } catch (RuntimeException failure) {
            Refusal refusal = Refusal.in(failure).orElseThrow(() -> failure);
            return page(refusal.kind().httpStatus(), AdeSignInPage.render(tenant, locale, null, null, refusal.type(), null));
        }
    }

    @PostMapping(path = "/t/{tenant}/ade/sign-in", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = {APPLE_PROFILE, MediaType.TEXT_HTML_VALUE, MediaType.APPLICATION_JSON_VALUE})
    @Operation(summary = "ADE: sign in (password or one-time PIN); answers the signed profile bound to that user",
            description = "Form: deviceinfo (from the page), email, password or pin. 200 with the signed profile "
                    + "(application/x-apple-aspen-config) on success; otherwise the page again (HTML) with the "
                    + "reason: 400 invalid-request, 401 invalid-credentials (a wrong PIN counts towards the lock-out), "
                    + "423 pin-locked-out, 403 untrusted-device-signature / unknown-ade-device.")
    public ResponseEntity<?> signIn(@RequestParam(name = "deviceinfo", required = false) String deviceInfo,
            @RequestParam(required = false) String email, @RequestParam(required = false) String password,
            @RequestParam(required = false) String pin, TenantEntry tenant, Locale locale) {
        AdeMachineInfo machine;
        try {
            machine = signatures.verify(decode(deviceInfo));
        } catch (Refusal refusal) {
            return page(refusal.kind().httpStatus(), AdeSignInPage.render(tenant, locale, null, null, refusal.type(), null));
        }
        try {
            Optional<String> update = enrollments.admit(tenant, machine);
            if (update.isPresent()) {
                return updateRequired(machine, update.get());
            }
            if (email == null || email.isBlank() || email.length() > 320) {
                throw Refusal.invalid("invalid-request", "Give the email you sign in with.");
            }
            DeviceLogins.Login login = logins.logIn(tenant, email.strip(), password, pin);
            return profile(enrollments.enroll(tenant, machine, login.userId()));
        } catch (RuntimeException failure) {
            // Shown again, whatever refused it (behind a distributed command bus the refusal arrives wrapped).
            Refusal refusal = Refusal.in(failure).orElseThrow(() -> failure);
            Object attemptsLeft = refusal.properties().get("attemptsLeft");
            return page(refusal.kind().httpStatus(), AdeSignInPage.render(tenant, locale, deviceInfo.strip(), email,
                    refusal.type(), attemptsLeft instanceof Integer left ? left : null));
        }
    }

    private static byte[] decode(String deviceInfo) {
        if (deviceInfo == null || deviceInfo.isBlank()) {
            throw Refusal.invalid("missing-device-info", "Setup Assistant sends the device's signed MachineInfo in "
                    + "the " + DEVICE_INFO_HEADER + " header; this request has none.");
        }
        if (deviceInfo.length() > MAX_DEVICE_INFO) {
            throw Refusal.invalid("malformed-machine-info", "The device information is too long.");
        }
        try {
            return Base64.getMimeDecoder().decode(deviceInfo.strip());
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid("malformed-machine-info", "The device information is not base64.");
        }
    }

    /**
     * Apple's ErrorCodeSoftwareUpdateRequired for a device that can update during Setup Assistant
     * (iOS 17 / macOS 14 and later say so in MachineInfo); an older one gets a problem it can only show.
     */
    private static ResponseEntity<?> updateRequired(AdeMachineInfo machine, String osVersion) {
        if (!machine.canRequestSoftwareUpdate()) {
            throw new Refusal(Refusal.Kind.FORBIDDEN, "os-version-below-minimum", "This organisation requires "
                    + machine.platform() + " " + osVersion + " or later; update the device, then set it up again.",
                    Map.of("requiredOsVersion", osVersion));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", SOFTWARE_UPDATE_REQUIRED);
        body.put("description", "The organisation requires " + osVersion + " or later; the device runs "
                + machine.osVersion() + ".");
        body.put("message", "Update this device to " + osVersion + " or later to continue setting it up.");
        body.put("details", Map.of("OSVersion", osVersion));
        return ResponseEntity.status(403).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private static ResponseEntity<byte[]> profile(byte[] profile) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(APPLE_PROFILE)).body(profile);
    }

    private static ResponseEntity<String> page(int status, String html) {
        return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .body(html);
    }
}
