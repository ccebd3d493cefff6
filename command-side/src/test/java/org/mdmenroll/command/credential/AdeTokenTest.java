package org.mdmenroll.command.credential;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.MutableClock;
import org.mdmenroll.command.credential.AppleTokenFiles.AdeServerToken;
import org.mdmenroll.command.credential.CredentialCommands.AdeTokenState;
import org.mdmenroll.command.credential.CredentialCommands.ExpireAdeToken;
import org.mdmenroll.command.credential.CredentialCommands.RecordAdeTokenExpiryWarning;
import org.mdmenroll.command.credential.CredentialCommands.RenewAdeToken;
import org.mdmenroll.command.credential.CredentialCommands.UploadAdeToken;
import org.mdmenroll.events.CredentialId;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.credential.AdeTokenRenewed;
import org.mdmenroll.events.credential.AdeTokenUploaded;
import org.mdmenroll.events.credential.CredentialExpired;
import org.mdmenroll.events.credential.CredentialExpiryWarned;
import org.mdmenroll.events.credential.CredentialKind;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.mdmenroll.support.problem.Refusal.Kind;

import java.time.Instant;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.mdmenroll.command.RefusalMatcher.refusal;
import static org.mdmenroll.command.credential.AdeKeyPairTest.SECRETS;

class AdeTokenTest {

    private static final TenantId TENANT = TenantId.of("7d4c2b9e-3f55-4f0a-9a43-5b8f3d2c1e01");
    private static final TenantId OTHER_TENANT = TenantId.of("9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4");
    private static final CredentialId TOKEN = CredentialId.of("3b0f6c1e-8a2d-4f5b-9c7e-1d2a3b4c5d6e");
    private static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");
    private static final Instant EXPIRY = Instant.parse("2027-11-22T09:00:00Z");
    private static final Instant NEW_EXPIRY = Instant.parse("2028-11-20T09:00:00Z");
    private static final String APPLE_ID = "mdm@acme.example.com";

    private final MutableClock clock = new MutableClock(NOW);
    private AggregateTestFixture<AdeToken> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(AdeToken.class);
        fixture.registerInjectableResource(SECRETS);
        fixture.registerInjectableResource(clock);
        fixture.registerInjectableResource(new ScriptedDeviceAssignmentClient());
    }

    private static AdeServerToken token(String serverName, Instant expiry) {
        return new AdeServerToken("CK_1234", serverName, expiry, "{\"access_secret\":\"AS_clear-" + serverName + "\"}");
    }

    private static AdeTokenUploaded uploaded() {
        return new AdeTokenUploaded(TOKEN, TENANT, APPLE_ID, "Acme Main", EXPIRY, "v1.sealed");
    }

    @Test
    void anUploadRecordsAppleIdServerAndExpiryWithTheSecretsSealed() {
        fixture.givenNoPriorActivity()
                .when(new UploadAdeToken(TOKEN, TENANT, " " + APPLE_ID + " ", token("Acme Main", EXPIRY)))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(matches((AdeTokenUploaded event) ->
                        event.credentialId().equals(TOKEN) && event.tenantId().equals(TENANT)
                                && event.appleId().equals(APPLE_ID) && event.serverName().equals("Acme Main")
                                && event.expiresAt().equals(EXPIRY)
                                && SECRETS.open(SecretPurpose.ADE_TOKEN, event.sealedToken()).contains("AS_clear-Acme Main")
                                && !event.sealedToken().contains("AS_clear")), andNoMore())))
                .expectResultMessagePayload(new AdeTokenState(TOKEN, APPLE_ID, "Acme Main", EXPIRY));
    }

    @Test
    void anUploadNeedsAnAppleIdAndATokenStillValid() {
        fixture.givenNoPriorActivity()
                .when(new UploadAdeToken(TOKEN, TENANT, " ", token("Acme Main", EXPIRY)))
                .expectNoEvents().expectException(refusal(Kind.INVALID, "apple-id-required"));
        fixture.givenNoPriorActivity()
                .when(new UploadAdeToken(TOKEN, TENANT, APPLE_ID, token("Acme Main", NOW)))
                .expectNoEvents().expectException(refusal(Kind.INVALID, "ade-token-expired"));
        fixture.given(uploaded())
                .when(new UploadAdeToken(TOKEN, TENANT, APPLE_ID, token("Acme Main", EXPIRY)))
                .expectNoEvents().expectException(refusal(Kind.CONFLICT, "ade-token-exists"));
    }

    @Test
    void aRenewalReplacesTheTokenAndTakesItsExpiry() {
        fixture.given(uploaded(), new CredentialExpired(TOKEN, TENANT, CredentialKind.ADE_TOKEN, EXPIRY))
                .when(new RenewAdeToken(TOKEN, TENANT, token("Acme Renamed", NEW_EXPIRY)))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(matches((AdeTokenRenewed event) ->
                        event.credentialId().equals(TOKEN) && event.serverName().equals("Acme Renamed")
                                && event.expiresAt().equals(NEW_EXPIRY)
                                && SECRETS.open(SecretPurpose.ADE_TOKEN, event.sealedToken()).contains("AS_clear-Acme Renamed")),
                        andNoMore())))
                .expectResultMessagePayload(new AdeTokenState(TOKEN, APPLE_ID, "Acme Renamed", NEW_EXPIRY));
    }

    @Test
    void aRenewalOfAnotherTenantsTokenOrWithAnExpiredTokenIsRefused() {
        fixture.given(uploaded())
                .when(new RenewAdeToken(TOKEN, OTHER_TENANT, token("Acme Main", NEW_EXPIRY)))
                .expectNoEvents().expectException(refusal(Kind.NOT_FOUND, "ade-token-not-found"));
        fixture.given(uploaded())
                .when(new RenewAdeToken(TOKEN, TENANT, token("Acme Main", NOW.minusSeconds(1))))
                .expectNoEvents().expectException(refusal(Kind.INVALID, "ade-token-expired"));
    }

    @Test
    void warnsOncePerThresholdOfTheCurrentExpiry() {
        fixture.given(uploaded())
                .when(new RecordAdeTokenExpiryWarning(TOKEN, 30, EXPIRY))
                .expectEvents(new CredentialExpiryWarned(TOKEN, TENANT, CredentialKind.ADE_TOKEN, 30, EXPIRY));
        fixture.given(uploaded(), new CredentialExpiryWarned(TOKEN, TENANT, CredentialKind.ADE_TOKEN, 30, EXPIRY))
                .when(new RecordAdeTokenExpiryWarning(TOKEN, 30, EXPIRY))
                .expectNoEvents();
        fixture.given(uploaded(), new AdeTokenRenewed(TOKEN, TENANT, "Acme Main", NEW_EXPIRY, "v1.sealed"))
                .when(new RecordAdeTokenExpiryWarning(TOKEN, 30, EXPIRY))
                .expectNoEvents();
    }

    @Test
    void expiresOnceUnlessRenewedSince() {
        fixture.given(uploaded())
                .when(new ExpireAdeToken(TOKEN, EXPIRY))
                .expectEvents(new CredentialExpired(TOKEN, TENANT, CredentialKind.ADE_TOKEN, EXPIRY));
        fixture.given(uploaded(), new CredentialExpired(TOKEN, TENANT, CredentialKind.ADE_TOKEN, EXPIRY))
                .when(new ExpireAdeToken(TOKEN, EXPIRY))
                .expectNoEvents();
        fixture.given(uploaded(), new AdeTokenRenewed(TOKEN, TENANT, "Acme Main", NEW_EXPIRY, "v1.sealed"))
                .when(new ExpireAdeToken(TOKEN, EXPIRY))
                .expectNoEvents();
    }
}
