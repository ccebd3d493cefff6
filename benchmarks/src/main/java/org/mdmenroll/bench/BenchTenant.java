package org.mdmenroll.bench;

import org.mdmenroll.support.testing.Http;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** A tenant created through the REST API (operator), with an admin and an auditor that both services know. */
public record BenchTenant(String slug, UUID tenantId, String admin, String auditor) {

    private static final String PASSWORD = "bench-password-1";

    public static BenchTenant create(Services services, String prefix) throws IOException, InterruptedException {
        Http http = services.http();
        String slug = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Http.Response tenant = expect(http.post(services.command() + "/api/tenants", services.operator(),
                "{\"slug\":\"" + slug + "\",\"name\":\"" + slug + "\",\"hostDomain\":\"" + slug + ".bench.example.com\"}"),
                201, "create tenant");
        for (String role : new String[]{"ADMIN", "AUDITOR"}) {
            expect(http.post(services.command() + "/api/tenants/" + slug + "/accounts", services.operator(),
                    "{\"username\":\"" + slug + "-" + role.toLowerCase() + "\",\"password\":\"" + PASSWORD
                            + "\",\"role\":\"" + role + "\"}"), 201, "create " + role);
        }
        BenchTenant created = new BenchTenant(slug, UUID.fromString(tenant.text("tenantId")),
                Http.basic(slug + "-admin", PASSWORD), Http.basic(slug + "-auditor", PASSWORD));
        created.awaitQuerySide(services);
        return created;
    }

    /** The query side authenticates from its own projection: wait until both accounts are there. */
    private void awaitQuerySide(Services services) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (Instant.now().isBefore(deadline)) {
            if (services.http().get(services.query() + "/api/devices?limit=1", admin).status() == 200
                    && services.http().get(services.query() + "/api/audit?limit=1", auditor).status() == 200) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("The query side did not learn the accounts of tenant " + slug);
    }

    /** Changes the enrollment settings (admin): PIN required or not, and the profile validity. */
    public void settings(Services services, boolean requirePin, Duration profileValidity)
            throws IOException, InterruptedException {
        settings(services, requirePin, profileValidity, Duration.ofHours(4), 6);
    }

    /** As above, with the enrollment nudges' interval and count. */
    public void settings(Services services, boolean requirePin, Duration profileValidity, Duration nudgeInterval,
            int nudgeMaxCount) throws IOException, InterruptedException {
        expect(services.http().put(services.command() + "/api/settings/enrollment", admin, """
                {"requirePin":%s,"pinLength":6,"pinTtl":"P7D","maxPinAttempts":5,"profileValidity":"%s",\
                "nudgeInterval":"%s","nudgeMaxCount":%d}""".formatted(requirePin, profileValidity, nudgeInterval,
                nudgeMaxCount)), 200, "change enrollment settings");
    }

    /**
     * Installs an MDM push certificate as Apple would issue it for the tenant's CSR (admin): Apple
     * enrollment profiles name its topic, so a tenant without one gets no profile. Its pushes reach
     * the run's mock APNs, which trusts the issuing CA.
     */
    public void installPushCertificate(Services services) throws Exception {
        String csr = expect(services.http().get(services.command() + "/api/apple/push-certificate/csr", admin), 200,
                "push certificate CSR").body().asText();
        expect(services.http().upload(services.command() + "/api/apple/push-certificate", admin, "certificate",
                "MDM_Certificate.cer", services.mdmApns().issueFor(csr)), 201, "upload push certificate");
    }

    public static Http.Response expect(Http.Response response, int status, String what) {
        if (response.status() != status) {
            throw new IllegalStateException(what + ": expected " + status + ", got " + response.status() + " "
                    + response.body());
        }
        return response;
    }
}
