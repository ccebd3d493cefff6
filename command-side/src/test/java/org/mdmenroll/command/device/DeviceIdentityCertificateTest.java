package org.mdmenroll.command.device;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.TestExecutor;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeDiagnosingMatcher;
import org.axonframework.test.matchers.Matchers;
import org.mdmenroll.command.device.DeviceCommands.RequestIdentityCertificateRenewal;
import org.mdmenroll.events.device.IdentityCertificateRenewalRequested;
import org.mdmenroll.events.device.MdmPushTokenUpdated;
import org.mdmenroll.events.mdm.MdmCommandPurpose;
import org.mdmenroll.events.mdm.MdmCommandQueued;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.MutableClock;
import org.mdmenroll.command.device.DeviceCommands.IdentityCertificateOutcome;
import org.mdmenroll.command.device.DeviceCommands.IssueIdentityCertificate;
import org.mdmenroll.command.device.DeviceCommands.RenewIdentityCertificate;
import org.mdmenroll.command.device.IdentityCertificateIssuer.IssuedCertificate;
import org.mdmenroll.events.DeviceId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.UserId;
import org.mdmenroll.events.device.DeviceEnrolled;
import org.mdmenroll.events.device.DeviceReEnrolled;
import org.mdmenroll.events.device.DeviceRetired;
import org.mdmenroll.events.device.DeviceWiped;
import org.mdmenroll.events.device.EnrollmentMethod;
import org.mdmenroll.events.device.EnrollmentProfileDownloaded;
import org.mdmenroll.events.device.EnrollmentProfileExpired;
import org.mdmenroll.events.device.EnrollmentProfileInstallCancelled;
import org.mdmenroll.events.device.EnrollmentStarted;
import org.mdmenroll.events.device.HardwareIdentity;
import org.mdmenroll.events.device.IdentityCertificateIssued;
import org.mdmenroll.events.device.IdentityCertificateRefusal;
import org.mdmenroll.events.device.IdentityCertificateRefused;
import org.mdmenroll.events.device.Platform;
import org.mdmenroll.support.problem.Refusal.Kind;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mdmenroll.command.RefusalMatcher.refusal;

/**
 * SCEP's decisions on the device entry: a fresh one-time challenge of a valid profile gets an
 * identity certificate; an expired, reused or replaced one is refused and the refusal recorded;
 * renewal needs the device's current certificate.
 */
class DeviceIdentityCertificateTest {

    private static final DeviceId DEVICE = DeviceId.of("3b0f6c1e-8a2d-4f5b-9c7e-1d2a3b4c5d6e");
    private static final TenantId TENANT = TenantId.of("7d4c2b9e-3f55-4f0a-9a43-5b8f3d2c1e01");
    private static final UserId USER = UserId.of("5a0e8c7b-1d2f-4c3b-8e9a-0f1e2d3c4b5a");
    private static final UUID PROFILE = UUID.fromString("0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0");
    private static final Instant NOW = Instant.parse("2025-03-03T09:00:00Z");
    private static final Duration VALIDITY = Duration.ofMinutes(5);
    private static final String CHALLENGE = "c1".repeat(32);
    private static final String NEWER_CHALLENGE = "c2".repeat(32);
    private static final byte[] CSR = {0x30, 0x03, 0x02, 0x01, 0x01};
    private static final String TOPIC = "com.apple.mgmt.External.2a8c1f3e-0000-4000-8000-000000000001";

    private final MutableClock clock = new MutableClock(NOW);
    private final ScriptedIssuer issuer = new ScriptedIssuer();
    /** Makes one canned renewal profile and remembers how the entry said it enrolled. */
    private final List<RenewalProfiles.Enrollment> renewalsAsked = new ArrayList<>();
    private final RenewalProfiles renewalProfiles = (tenant, device, user, platform, enrollment) -> {
        renewalsAsked.add(enrollment);
        return new RenewalProfiles.RenewalProfile(new byte[]{1, 2, 3}, PROFILE, "d1".repeat(32));
    };
    private AggregateTestFixture<Device> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Device.class);
        fixture.registerInjectableResource(new TestCommandEncoder());
        fixture.registerInjectableResource(clock);
        fixture.registerInjectableResource(issuer);
        fixture.registerInjectableResource(renewalProfiles);
    }

    /** Issues canned certificates with serial numbers 1, 2, ... and remembers what it was asked. */
    static final class ScriptedIssuer implements IdentityCertificateIssuer {
        final List<byte[]> requests = new ArrayList<>();

        @Override
        public IssuedCertificate issue(TenantId tenantId, byte[] certificationRequest, Instant now) {
            requests.add(certificationRequest);
            int serial = requests.size();
            return new IssuedCertificate(new byte[]{(byte) serial}, Integer.toHexString(serial), fingerprint(serial),
                    now.plus(Duration.ofDays(365)));
        }

        static String fingerprint(int serial) {
            return String.format("%064x", serial);
        }
    }

    private static EnrollmentStarted started(Platform platform) {
        return new EnrollmentStarted(DEVICE, TENANT, USER, platform, platform == Platform.ANDROID ? "14" : "17.4",
                EnrollmentMethod.IN_APP, new HardwareIdentity("F2LXK0ABHG7F", null, null, null), null);
    }

    private static EnrollmentProfileDownloaded downloaded(String challengeHash) {
        return new EnrollmentProfileDownloaded(DEVICE, TENANT, PROFILE, NOW.plus(VALIDITY), challengeHash);
    }

    private static IdentityCertificateIssued issued(int serial, boolean renewal) {
        return new IdentityCertificateIssued(DEVICE, TENANT, Integer.toHexString(serial),
                ScriptedIssuer.fingerprint(serial), NOW.plus(Duration.ofDays(365)), renewal);
    }

    private static IdentityCertificateRefused refused(IdentityCertificateRefusal reason) {
        return new IdentityCertificateRefused(DEVICE, TENANT, reason);
    }

    private static IssueIdentityCertificate scep(String challengeHash) {
        return new IssueIdentityCertificate(DEVICE, challengeHash, CSR);
    }

    private static RenewIdentityCertificate renewal(int signerSerial) {
        return new RenewIdentityCertificate(DEVICE, ScriptedIssuer.fingerprint(signerSerial), CSR);
    }

    private TestExecutor<Device> givenDownloaded() {
        return fixture.given(started(Platform.IOS), downloaded(CHALLENGE));
    }

    private TestExecutor<Device> givenEnrolled() {
        return givenDownloaded().andGiven(issued(1, false), new DeviceEnrolled(DEVICE, TENANT, null, false, TOPIC));
    }

    // ---- renewal before expiry ----------------------------------------------------------------

    private static final String RENEWAL_CHALLENGE = "d1".repeat(32);

    /** Enrolled through its MDM client (TokenUpdate), so a renewal profile can reach it. */
    private TestExecutor<Device> givenManaged() {
        return givenEnrolled().andGiven(new MdmPushTokenUpdated(DEVICE, TENANT, null, TOPIC, "sealed-token",
                "sealed-magic", null, false));
    }

    private static IdentityCertificateRenewalRequested renewalRequested(String commandUuid) {
        return new IdentityCertificateRenewalRequested(DEVICE, TENANT, commandUuid, PROFILE, RENEWAL_CHALLENGE,
                NOW.plus(Duration.ofDays(365)));
    }

    @Test
    void beforeExpiryTheDeviceGetsARenewalProfileAsInstallProfile() {
        givenManaged()
                .when(new RequestIdentityCertificateRenewal(DEVICE, ScriptedIssuer.fingerprint(1)))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        Matchers.<Object>matches(e -> e instanceof MdmCommandQueued queued
                                && queued.requestType().equals("InstallProfile")
                                && queued.purpose() == MdmCommandPurpose.CERTIFICATE_RENEWAL),
                        Matchers.<Object>matches(e -> e instanceof IdentityCertificateRenewalRequested requested
                                && requested.challengeHash().equals(RENEWAL_CHALLENGE)
                                && requested.validUntil().equals(NOW.plus(Duration.ofDays(365)))),
                        andNoMore())));
    }

    @Test
    void anAccountDrivenUserEnrollmentIsRenewedWithItsOwnKindOfProfile() {
        fixture.given(new EnrollmentStarted(DEVICE, TENANT, USER, Platform.IOS, "17.4", EnrollmentMethod.ACCOUNT_DRIVEN,
                        HardwareIdentity.UNKNOWN, null), downloaded(CHALLENGE), issued(1, false),
                        new org.mdmenroll.events.device.DeviceAuthenticated(DEVICE, TENANT, null, "ENR-1", null, null,
                                null, null, "17.4", null, null),
                        new DeviceEnrolled(DEVICE, TENANT, null, true, TOPIC),
                        new MdmPushTokenUpdated(DEVICE, TENANT, null, TOPIC, "sealed-token", "sealed-magic", null, false))
                .when(new RequestIdentityCertificateRenewal(DEVICE, ScriptedIssuer.fingerprint(1)))
                .expectSuccessfulHandlerExecution();
        givenManaged()
                .when(new RequestIdentityCertificateRenewal(DEVICE, ScriptedIssuer.fingerprint(1)))
                .expectSuccessfulHandlerExecution();
        assertEquals(List.of(RenewalProfiles.Enrollment.ACCOUNT_DRIVEN_USER, RenewalProfiles.Enrollment.DEVICE),
                renewalsAsked);
    }

    @Test
    void noRenewalForACertificateAlreadyReplacedOrADeviceNothingCanReach() {
        givenManaged().andGiven(issued(2, true))
                .when(new RequestIdentityCertificateRenewal(DEVICE, ScriptedIssuer.fingerprint(1)))
                .expectResultMessagePayload(null)
                .expectNoEvents();
        givenEnrolled()
                .when(new RequestIdentityCertificateRenewal(DEVICE, ScriptedIssuer.fingerprint(1)))
                .expectResultMessagePayload(null)
                .expectNoEvents();
    }

    @Test
    void theRenewalChallengeGetsTheEnrolledDeviceItsNewCertificateOnce() {
        givenManaged().andGiven(renewalRequested("CMD-1"))
                .when(scep(RENEWAL_CHALLENGE))
                .expectEvents(new IdentityCertificateIssued(DEVICE, TENANT, "1", ScriptedIssuer.fingerprint(1),
                        NOW.plus(Duration.ofDays(365)), true));
        givenManaged().andGiven(renewalRequested("CMD-1"), issued(2, true))
                .when(scep(RENEWAL_CHALLENGE))
                .expectEvents(refused(IdentityCertificateRefusal.DEVICE_NOT_ENROLLING));
    }

    @Test
    void anotherChallengeOrOneTooLateGetsNoRenewedCertificate() {
        givenManaged().andGiven(renewalRequested("CMD-1"))
                .when(scep(NEWER_CHALLENGE))
                .expectEvents(refused(IdentityCertificateRefusal.CHALLENGE_REPLACED));
        clock.setInstant(NOW.plus(Duration.ofDays(366)));
        givenManaged().andGiven(renewalRequested("CMD-1"))
                .when(scep(RENEWAL_CHALLENGE))
                .expectEvents(refused(IdentityCertificateRefusal.PROFILE_EXPIRED));
    }

    /** The outcome answered to SCEP: a certificate with this DER, or this refusal. */
    private static Matcher<IdentityCertificateOutcome> outcome(byte[] certificate, IdentityCertificateRefusal refusal) {
        return new TypeSafeDiagnosingMatcher<>() {
            @Override
            protected boolean matchesSafely(IdentityCertificateOutcome outcome, Description mismatch) {
                boolean matches = Arrays.equals(certificate, outcome.certificate()) && refusal == outcome.refusal();
                if (!matches) {
                    mismatch.appendText("was certificate ").appendValue(Arrays.toString(outcome.certificate()))
                            .appendText(", refusal ").appendValue(outcome.refusal());
                }
                return matches;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("certificate ").appendValue(Arrays.toString(certificate))
                        .appendText(", refusal ").appendValue(refusal);
            }
        };
    }

    private void assertNothingIssued() {
        assertEquals(0, issuer.requests.size(), "certificates issued");
    }

    // ---- PKCSReq with the profile's challenge ----------------------------------------------------

    @Test
    void aFreshChallengeOfAValidProfileGetsACertificateForTheRequest() {
        givenDownloaded()
                .when(scep(CHALLENGE))
                .expectEvents(issued(1, false))
                .expectResultMessagePayloadMatching(outcome(new byte[]{1}, null));
        assertEquals(List.of(CSR), issuer.requests);
    }

    @Test
    void theChallengeIsGoodForOneCertificate() {
        givenDownloaded().andGiven(issued(1, false))
                .when(scep(CHALLENGE))
                .expectEvents(refused(IdentityCertificateRefusal.CHALLENGE_REUSED))
                .expectResultMessagePayloadMatching(outcome(null, IdentityCertificateRefusal.CHALLENGE_REUSED));
        assertNothingIssued();
    }

    @Test
    void aChallengeIsRefusedOnceTheProfileValidityPassed() {
        clock.setInstant(NOW.plus(VALIDITY));
        givenDownloaded()
                .when(scep(CHALLENGE))
                .expectEvents(refused(IdentityCertificateRefusal.PROFILE_EXPIRED))
                .expectResultMessagePayloadMatching(outcome(null, IdentityCertificateRefusal.PROFILE_EXPIRED));
        assertNothingIssued();
    }

    @Test
    void aChallengeIsRefusedOnceTheProfileExpiryWasRecorded() {
        givenDownloaded().andGiven(new EnrollmentProfileExpired(DEVICE, TENANT, PROFILE))
                .when(scep(CHALLENGE))
                .expectEvents(refused(IdentityCertificateRefusal.PROFILE_EXPIRED))
                .expectResultMessagePayloadMatching(outcome(null, IdentityCertificateRefusal.PROFILE_EXPIRED));
        assertNothingIssued();
    }

    @Test
    void aNewerDownloadReplacesTheChallenge() {
        givenDownloaded().andGiven(downloaded(NEWER_CHALLENGE))
                .when(scep(CHALLENGE))
                .expectEvents(refused(IdentityCertificateRefusal.CHALLENGE_REPLACED));
        assertNothingIssued();
        givenDownloaded().andGiven(downloaded(NEWER_CHALLENGE))
                .when(scep(NEWER_CHALLENGE))
                .expectEvents(issued(1, false));
    }

    @Test
    void reEnrollingForgetsTheChallengeOfTheEarlierProfile() {
        givenDownloaded().andGiven(new DeviceReEnrolled(DEVICE, TENANT, USER, "17.5", EnrollmentMethod.IN_APP,
                        HardwareIdentity.UNKNOWN, null))
                .when(scep(CHALLENGE))
                .expectEvents(refused(IdentityCertificateRefusal.CHALLENGE_REPLACED));
        assertNothingIssued();
    }

    @Test
    void aCancelledInstallWithAStillValidProfileGetsItsCertificate() {
        givenDownloaded().andGiven(new EnrollmentProfileInstallCancelled(DEVICE, TENANT))
                .when(scep(CHALLENGE))
                .expectEvents(issued(1, false));
    }

    @Test
    void aRetiredEntryGetsNoCertificate() {
        givenDownloaded().andGiven(new DeviceRetired(DEVICE, TENANT))
                .when(scep(CHALLENGE))
                .expectEvents(refused(IdentityCertificateRefusal.DEVICE_NOT_ENROLLING))
                .expectResultMessagePayloadMatching(outcome(null, IdentityCertificateRefusal.DEVICE_NOT_ENROLLING));
        assertNothingIssued();
    }

    @Test
    void androidHasNoScep() {
        fixture.given(started(Platform.ANDROID))
                .when(scep(CHALLENGE))
                .expectException(refusal(Kind.CONFLICT, "apple-only"))
                .expectNoEvents();
        assertNothingIssued();
    }

    // ---- RenewalReq signed with the current certificate -----------------------------------------

    @Test
    void theCurrentCertificateRenewsWithoutAChallenge() {
        givenEnrolled()
                .when(renewal(1))
                .expectEvents(issued(1, true))
                .expectResultMessagePayloadMatching(outcome(new byte[]{1}, null));
    }

    @Test
    void aReplacedCertificateDoesNotRenew() {
        givenEnrolled().andGiven(issued(2, true))
                .when(renewal(1))
                .expectEvents(refused(IdentityCertificateRefusal.CERTIFICATE_REPLACED))
                .expectResultMessagePayloadMatching(outcome(null, IdentityCertificateRefusal.CERTIFICATE_REPLACED));
        assertNothingIssued();
    }

    @Test
    void aWipedDeviceDoesNotRenew() {
        givenEnrolled().andGiven(new DeviceWiped(DEVICE, TENANT))
                .when(renewal(1))
                .expectEvents(refused(IdentityCertificateRefusal.DEVICE_NOT_ENROLLING));
        assertNothingIssued();
    }

    @Test
    void aRenewalLeavesTheProfilesChallengeUsed() {
        givenEnrolled().andGiven(issued(2, true))
                .when(scep(CHALLENGE))
                .expectEvents(refused(IdentityCertificateRefusal.DEVICE_NOT_ENROLLING));
        givenDownloaded().andGiven(issued(1, false), issued(2, true))
                .when(scep(CHALLENGE))
                .expectEvents(refused(IdentityCertificateRefusal.CHALLENGE_REUSED));
    }
}
