package org.mdmenroll.command.credential;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.MutableClock;
import org.mdmenroll.command.credential.CredentialCommands.ExpireVppToken;
import org.mdmenroll.command.credential.CredentialCommands.RecordVppTokenExpiryWarning;
import org.mdmenroll.command.credential.CredentialCommands.RenewVppToken;
import org.mdmenroll.command.credential.CredentialCommands.UploadVppToken;
import org.mdmenroll.command.credential.CredentialCommands.VppTokenState;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.credential.CredentialExpired;
import org.mdmenroll.events.credential.CredentialExpiryWarned;
import org.mdmenroll.events.credential.CredentialKind;
import org.mdmenroll.events.credential.VppTokenRenewed;
import org.mdmenroll.events.credential.VppTokenUploaded;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.mdmenroll.support.problem.Refusal.Kind;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.mdmenroll.command.RefusalMatcher.refusal;
import static org.mdmenroll.command.credential.AdeKeyPairTest.SECRETS;

class VppTokenTest {

    private static final TenantId TENANT = TenantId.of("7d4c2b9e-3f55-4f0a-9a43-5b8f3d2c1e01");
    private static final TenantId OTHER_TENANT = TenantId.of("9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4");
    private static final CredentialId TOKEN = CredentialId.of("3b0f6c1e-8a2d-4f5b-9c7e-1d2a3b4c5d6e");
    private static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");
    private static final Instant EXPIRY = Instant.parse("2027-11-22T10:00:00Z");
    private static final Instant NEW_EXPIRY = Instant.parse("2028-11-20T10:00:00Z");

    private AggregateTestFixture<VppToken> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(VppToken.class);
        fixture.registerInjectableResource(SECRETS);
        fixture.registerInjectableResource(new MutableClock(NOW));
        fixture.registerInjectableResource(new ScriptedVppLicenseClient());
    }

    private static VppTokenUploaded uploaded() {
        return new VppTokenUploaded(TOKEN, TENANT, "Sales", "Acme Inc.", EXPIRY, "v1.sealed");
    }

    @Test
    void anUploadRecordsLocationOrganisationAndExpiryWithTheTokenSealed() {
        fixture.givenNoPriorActivity()
                .when(new UploadVppToken(TOKEN, TENANT, " Sales ",
                        AppleTokenSamples.vppToken("clear-vpp-token", "2027-11-22T10:00:00+0000", "Acme Inc.")))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(matches((VppTokenUploaded event) ->
                        event.credentialId().equals(TOKEN) && event.tenantId().equals(TENANT)
                                && event.location().equals("Sales") && event.orgName().equals("Acme Inc.")
                                && event.expiresAt().equals(EXPIRY)
                                // the whole content token is what Apple takes as the sToken
                                && SECRETS.open(SecretPurpose.VPP_TOKEN, event.sealedToken()).equals(new String(AppleTokenSamples
                                        .vppToken("clear-vpp-token", "2027-11-22T10:00:00+0000", "Acme Inc."),
                                        StandardCharsets.US_ASCII))), andNoMore())))
                .expectResultMessagePayload(new VppTokenState(TOKEN, "Sales", "Acme Inc.", EXPIRY));
    }

    @Test
    void malformedOrExpiredTokensAndMissingLocationsAreRefused() {
        uploading("Sales", "not base64 !!".getBytes(StandardCharsets.US_ASCII), "invalid-vpp-token");
        uploading("Sales", Base64.getEncoder().encode("not json".getBytes(StandardCharsets.UTF_8)), "invalid-vpp-token");
        uploading("Sales", Base64.getEncoder().encode("{\"expDate\":\"2027-11-22T10:00:00+0000\"}"
                .getBytes(StandardCharsets.UTF_8)), "invalid-vpp-token");
        uploading("Sales", AppleTokenSamples.vppToken("t", "some day", "Acme"), "invalid-vpp-token");
        uploading("Sales", AppleTokenSamples.vppToken("t", "2026-11-01T10:00:00+0000", "Acme"), "vpp-token-expired");
        uploading(" ", AppleTokenSamples.vppToken("t", "2027-11-22T10:00:00+0000", "Acme"), "location-required");
        fixture.given(uploaded())
                .when(new UploadVppToken(TOKEN, TENANT, "Sales",
                        AppleTokenSamples.vppToken("t", "2027-11-22T10:00:00+0000", "Acme")))
                .expectNoEvents().expectException(refusal(Kind.CONFLICT, "vpp-token-exists"));
    }

    @Test
    void aRenewalReplacesTheTokenAndTakesItsExpiry() {
        fixture.given(uploaded(), new CredentialExpired(TOKEN, TENANT, CredentialKind.VPP_TOKEN, EXPIRY))
                .when(new RenewVppToken(TOKEN, TENANT,
                        AppleTokenSamples.vppToken("new-vpp-token", "2028-11-20T10:00:00Z", "Acme Inc.")))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(matches((VppTokenRenewed event) ->
                        event.expiresAt().equals(NEW_EXPIRY)
                                && SECRETS.open(SecretPurpose.VPP_TOKEN, event.sealedToken()).contains(Base64.getEncoder()
                                        .encodeToString("{\"token\":\"new-vpp-token\"".getBytes(StandardCharsets.UTF_8))
                                        .substring(0, 20))), andNoMore())))
                .expectResultMessagePayload(new VppTokenState(TOKEN, "Sales", "Acme Inc.", NEW_EXPIRY));
    }

    @Test
    void aRenewalOfAnotherTenantsTokenOrAMalformedOneIsRefused() {
        byte[] good = AppleTokenSamples.vppToken("t", "2028-11-20T10:00:00Z", "Acme");
        fixture.given(uploaded()).when(new RenewVppToken(TOKEN, OTHER_TENANT, good))
                .expectNoEvents().expectException(refusal(Kind.NOT_FOUND, "vpp-token-not-found"));
        fixture.given(uploaded()).when(new RenewVppToken(TOKEN, TENANT, "garbage".getBytes(StandardCharsets.US_ASCII)))
                .expectNoEvents().expectException(refusal(Kind.INVALID, "invalid-vpp-token"));
    }

    @Test
    void warnsAndExpiresOnlyForTheCurrentExpiry() {
        fixture.given(uploaded()).when(new RecordVppTokenExpiryWarning(TOKEN, 7, EXPIRY))
                .expectEvents(new CredentialExpiryWarned(TOKEN, TENANT, CredentialKind.VPP_TOKEN, 7, EXPIRY));
        fixture.given(uploaded(), new CredentialExpiryWarned(TOKEN, TENANT, CredentialKind.VPP_TOKEN, 7, EXPIRY))
                .when(new RecordVppTokenExpiryWarning(TOKEN, 7, EXPIRY)).expectNoEvents();
        fixture.given(uploaded()).when(new ExpireVppToken(TOKEN, EXPIRY))
                .expectEvents(new CredentialExpired(TOKEN, TENANT, CredentialKind.VPP_TOKEN, EXPIRY));
        fixture.given(uploaded(), new VppTokenRenewed(TOKEN, TENANT, "Acme", NEW_EXPIRY, "v1.sealed"))
                .when(new ExpireVppToken(TOKEN, EXPIRY)).expectNoEvents();
        fixture.given(uploaded(), new CredentialExpired(TOKEN, TENANT, CredentialKind.VPP_TOKEN, EXPIRY))
                .when(new ExpireVppToken(TOKEN, EXPIRY)).expectNoEvents();
    }

    private void uploading(String location, byte[] token, String problem) {
        fixture.givenNoPriorActivity()
                .when(new UploadVppToken(TOKEN, TENANT, location, token))
                .expectNoEvents().expectException(refusal(problem));
    }
}
