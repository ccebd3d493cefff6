package org.mdmenroll.command.apple.profile;

import org.mdmenroll.support.testing.apple.SignedProfile;
import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.fasterxml.jackson.databind.JsonNode;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdmenroll.command.apple.AppleDeviceRestTest;
import org.mdmenroll.command.apple.pki.ScepChallenges;
import org.mdmenroll.command.apple.pki.TenantPki;
import org.mdmenroll.command.tenant.TenantDirectory;
import org.mdmenroll.command.tenant.TenantDirectory.TenantEntry;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.UserId;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.mdmenroll.support.testing.apple.SignedProfile.value;

/**
 * The signed enrollment profile through HTTP: signed by the tenant's profile-signing certificate
 * (openssl verifies it against the tenant CA), holding the SCEP payload with a one-time challenge
 * stored only hashed and the MDM payload naming the SCEP certificate as the device's identity.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mdm.operator.username=test-operator", "mdm.operator.password=test-operator-password",
        "mdm.public-base-url=https://mdm.example.test/"})
class SignedProfileIntegrationTest extends AppleDeviceRestTest {

    private static final String BASE = "https://mdm.example.test";

    @Autowired
    TenantPki pki;
    @Autowired
    TenantDirectory tenants;
    @Autowired
    ProfileDownloads downloads;

    @BeforeEach
    void tenants() {
        createTenantsWithAdmins();
    }

    @Test
    void withoutAPushCertificateThereIsNoProfileAndNothingIsRecorded() {
        String session = userSession(globex);
        String device = startedDevice(globex, session, "IOS");
        long before = eventCount();
        ResponseEntity<JsonNode> refused = exchange(bearer(session), HttpMethod.GET,
                "/t/" + globex + "/enrollments/" + device + "/profile", null);
        assertProblem(refused, 409, "no-push-certificate");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void theProfileIsSignedByTheTenantAndCarriesTheScepAndMdmPayloads() throws Exception {
        String topic = uploadPushCertificate(acme);
        String session = userSession(acme);
        String device = startedDevice(acme, session, "IOS");

        SignedProfile profile = downloadProfile(acme, session, device);

        X509Certificate ca = pki.caCertificate(tenants.requireBySlug(acme).tenantId());
        assertThat(profile.certificates()).extracting(X509CertificateHolder::getEncoded)
                .contains(ca.getEncoded());
        assertThat(profile.signer().isSignatureValid(new JcaContentVerifierProviderBuilder().build(ca)))
                .as("the signing certificate is issued by the tenant CA").isTrue();
        assertThat(profile.signer().getSubject().toString()).contains("Profile Signing");

        NSDictionary plist = profile.plist();
        JsonNode downloaded = payload(device, "EnrollmentProfileDownloaded");
        assertThat(value(plist, "PayloadType")).isEqualTo("Configuration");
        assertThat(value(plist, "PayloadUUID")).isEqualTo(downloaded.path("profileId").asText().toUpperCase());

        NSDictionary scepPayload = profile.payload("com.apple.security.scep");
        NSDictionary scep = profile.scep();
        assertThat(value(scep, "URL")).isEqualTo(BASE + "/t/" + acme + "/scep");
        assertThat(value(scep, "Keysize")).isEqualTo(2048);
        assertThat(value(scep, "Key Type")).isEqualTo("RSA");
        assertThat(value(scep, "Key Usage")).isEqualTo(5);
        assertThat(value(scep, "Name")).isNotNull();
        NSArray subject = (NSArray) scep.get("Subject");
        assertThat(((NSArray) ((NSArray) subject.objectAtIndex(0)).objectAtIndex(0)).getArray())
                .extracting(Object::toString).containsExactly("CN", device);

        NSDictionary mdm = profile.mdm();
        assertThat(value(mdm, "ServerURL")).isEqualTo(BASE + "/t/" + acme + "/mdm/server");
        assertThat(value(mdm, "CheckInURL")).isEqualTo(BASE + "/t/" + acme + "/mdm/checkin");
        assertThat(value(mdm, "Topic")).isEqualTo(topic);
        assertThat(value(mdm, "IdentityCertificateUUID")).isEqualTo(value(scepPayload, "PayloadUUID"));
        assertThat(value(mdm, "AccessRights")).isEqualTo(8191);
        assertThat(value(mdm, "SignMessage")).isEqualTo(true);
        assertThat(value(mdm, "CheckOutWhenRemoved")).isEqualTo(true);
        assertThat(mdm.containsKey("ServerCapabilities")).as("iOS has no user channels").isFalse();
        assertThat(mdm.containsKey("EnrollmentMode")).isFalse();

        // The challenge is in the profile only: the event and the lookup table keep its SHA-256.
        String challenge = profile.challenge();
        assertThat(challenge).hasSizeGreaterThanOrEqualTo(32);
        assertThat(downloaded.path("challengeHash").asText()).isEqualTo(ScepChallenges.hash(challenge));
        assertThat(storedPayloads(device)).doesNotContain(challenge);
        assertThat(jdbc.sql("select device_id::text from command_side.scep_challenge where challenge_hash = ?")
                .param(ScepChallenges.hash(challenge)).query(String.class).single()).isEqualTo(device);

        // A new download brings a new challenge.
        SignedProfile again = downloadProfile(acme, session, device);
        assertThat(again.challenge()).isNotEqualTo(challenge);
        assertThat(payload(device, "EnrollmentProfileDownloaded").path("challengeHash").asText())
                .isEqualTo(ScepChallenges.hash(again.challenge()));
    }

    @Test
    void opensslVerifiesTheProfileAgainstTheTenantCa(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("openssl"), "openssl is not installed");
        uploadPushCertificate(acme);
        String session = userSession(acme);
        SignedProfile profile = downloadProfile(acme, session, startedDevice(acme, session, "IOS"));
        X509Certificate ca = pki.caCertificate(tenants.requireBySlug(acme).tenantId());
        Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(ca.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        Files.write(dir.resolve("enroll.mobileconfig"), profile.der());

        Process openssl = new ProcessBuilder("openssl", "cms", "-verify", "-CAfile", "ca.pem", "-inform", "DER",
                "-in", "enroll.mobileconfig", "-out", "content.plist")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(openssl.exitValue()).as(output).isZero();
        assertThat(output).contains("Verification successful");
        assertThat(Files.readString(dir.resolve("content.plist"))).contains("com.apple.security.scep", "com.apple.mdm");

        // A profile signed by another tenant's CA does not verify against this one.
        uploadPushCertificate(globex);
        String other = userSession(globex);
        Files.write(dir.resolve("other.mobileconfig"),
                downloadProfile(globex, other, startedDevice(globex, other, "IOS")).der());
        Process refused = new ProcessBuilder("openssl", "cms", "-verify", "-CAfile", "ca.pem", "-inform", "DER",
                "-in", "other.mobileconfig", "-out", "/dev/null").directory(dir.toFile()).redirectErrorStream(true).start();
        assertThat(refused.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(refused.exitValue()).isNotZero();
    }

    @Test
    void macosAsksForPerUserConnectionsAndOffersBootstrapTokenEscrow() {
        uploadPushCertificate(acme);
        String session = userSession(acme);
        SignedProfile profile = downloadProfile(acme, session, startedDevice(acme, session, "MACOS"));
        NSArray capabilities = (NSArray) profile.mdm().get("ServerCapabilities");
        assertThat(capabilities.getArray()).extracting(Object::toString)
                .containsExactly("com.apple.mdm.per-user-connections", "com.apple.mdm.bootstraptoken");
    }

    @Test
    void accountDrivenProfilesNameTheManagedAppleIdAndUserEnrollmentAsksForNoAccessRights() {
        uploadPushCertificate(acme);
        assertThat(admin(acme, HttpMethod.PUT, "/api/settings/account-driven-enrollment", "{\"enabled\":true}")
                .getStatusCode().is2xxSuccessful()).isTrue();
        String email = "ada@" + acme + ".example.com";
        String userId = createUser(acme, email, "adas-password-1");
        String appleId = "ada@" + acme + ".mdm.example.com";
        assertThat(admin(acme, HttpMethod.PUT, "/api/users/" + userId + "/account-driven-enrollment",
                "{\"managedAppleId\":\"" + appleId + "\"}").getStatusCode().is2xxSuccessful()).isTrue();
        String session = anonymous(HttpMethod.POST, "/t/" + acme + "/go/login",
                "{\"email\":\"" + email + "\",\"password\":\"adas-password-1\"}").getBody().path("sessionToken").asText();
        TenantEntry tenant = tenants.requireBySlug(acme);

        String byod = startedDevice(acme, session, "IOS");
        NSDictionary user = SignedProfile.read(downloads.download(tenant, DeviceId.of(byod), UserId.of(userId),
                AccountDrivenMode.BYOD)).mdm();
        assertThat(value(user, "AssignedManagedAppleID")).isEqualTo(appleId);
        assertThat(value(user, "EnrollmentMode")).isEqualTo("BYOD");
        assertThat(user.containsKey("AccessRights")).isFalse();

        String adde = startedDevice(acme, session, "IOS");
        NSDictionary device = SignedProfile.read(downloads.download(tenant, DeviceId.of(adde), UserId.of(userId),
                AccountDrivenMode.ADDE)).mdm();
        assertThat(value(device, "AssignedManagedAppleID")).isEqualTo(appleId);
        assertThat(value(device, "EnrollmentMode")).isEqualTo("ADDE");
        assertThat(value(device, "AccessRights")).isEqualTo(8191);
    }

    static boolean onPath(String binary) {
        return List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, binary)));
    }
}
