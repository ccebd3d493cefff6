package org.mdmenroll.command.demo;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.mdmenroll.command.account.AccountCommands.CreateAccount;
import org.mdmenroll.command.credential.CredentialCommands;
import org.mdmenroll.command.credential.CredentialCommands.RequestPushCertificate;
import org.mdmenroll.command.credential.CredentialCommands.UploadPushCertificate;
import org.mdmenroll.command.tenant.TenantCommands.CreateTenant;
import org.mdmenroll.command.tenant.TenantDirectory;
import org.mdmenroll.events.AccountId;
import org.mdmenroll.events.Role;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.support.audit.AuditMetadata;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import java.io.StringReader;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

/**
 * {@code ./run --demo} ({@code mdm.demo.enabled}): on the first start a tenant {@value #SLUG} with an
 * admin and an auditor (passwords generated and shown once) and an MDM push certificate issued by a
 * local demo CA for the tenant's own CSR, so the profile download, SCEP and check-in can be tried
 * at once. The certificate is clearly not Apple's: APNs refuses it, so pushes to real devices fail
 * (and are recorded as failed); everything else works as with Apple's. Never for production.
 */
@Component
@Order(100)
@ConditionalOnProperty(name = "mdm.demo.enabled", havingValue = "true")
public class DemoSetup implements ApplicationRunner {

    static final String SLUG = "demo";
    static final String HOST_DOMAIN = "demo.mdm.example.com";
    private static final String DEMO_CA = "CN=MDM Enroll demo push CA (NOT Apple; for local trials only), O=MDM Enroll demo";

    private final CommandGateway commands;
    private final TenantDirectory tenants;
    private final PasswordEncoder passwordEncoder;
    private final Clock clock;
    private final String baseUrl;

    public DemoSetup(CommandGateway commands, TenantDirectory tenants, PasswordEncoder passwordEncoder, Clock clock,
            @Value("${mdm.public-base-url:}") String baseUrl) {
        this.commands = commands;
        this.tenants = tenants;
        this.passwordEncoder = passwordEncoder;
        this.clock = clock;
        this.baseUrl = baseUrl == null || baseUrl.isBlank() ? "https://" + HOST_DOMAIN : baseUrl.strip();
    }

    /** The demo's accounts, as made on the first start. */
    record DemoAccounts(String adminPassword, String auditorPassword, String topic) {
        @Override
        public String toString() {
            return "DemoAccounts[topic=" + topic + "]";
        }
    }

    @Override
    public void run(ApplicationArguments args) {
        if (tenants.findBySlug(SLUG).isPresent()) {
            System.out.println("\nDemo mode: tenant '" + SLUG + "' exists already (its accounts were shown on the first "
                    + "demo start). Delete ./data to start the demo afresh.\n");
            return;
        }
        DemoAccounts accounts = setUp();
        System.out.println("""

                ================================================================
                 DEMO MODE: tenant '%1$s' (Demo Corp) is set up. Shown only once.
                   admin:   demo-admin / %2$s
                   auditor: demo-auditor / %3$s
                   push certificate topic: %4$s
                     (issued by a local demo CA, NOT Apple: APNs refuses it; pushes to
                      real devices fail and are recorded as failed)
                   device-facing URLs: %5$s/t/%1$s/...  (e.g. %5$s/t/%1$s/go)
                 For local trials only: never use --demo for real devices.
                ================================================================
                """.formatted(SLUG, accounts.adminPassword(), accounts.auditorPassword(), accounts.topic(), baseUrl));
    }

    /** Creates the demo tenant, its two accounts and its demo push certificate. */
    DemoAccounts setUp() {
        TenantId tenantId = TenantId.random();
        send(new CreateTenant(tenantId, SLUG, "Demo Corp", HOST_DOMAIN));
        String adminPassword = password();
        String auditorPassword = password();
        send(new CreateAccount(AccountId.random(), "demo-admin", Role.ADMIN, tenantId, passwordEncoder.encode(adminPassword)));
        send(new CreateAccount(AccountId.random(), "demo-auditor", Role.AUDITOR, tenantId,
                passwordEncoder.encode(auditorPassword)));
        String csr = send(new RequestPushCertificate(CredentialCommands.pushCertificateOf(tenantId), tenantId, "Demo Corp"));
        UUID topic = UUID.randomUUID();
        send(new UploadPushCertificate(CredentialCommands.pushCertificateOf(tenantId), demoPushCertificate(csr, topic)));
        return new DemoAccounts(adminPassword, auditorPassword, "com.apple.mgmt.External." + topic);
    }

    private <R> R send(Object command) {
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(AuditMetadata.system("demo-setup", "mdm.demo.enabled")));
    }

    private static String password() {
        byte[] secret = new byte[15];
        new SecureRandom().nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** A certificate for the CSR's key with Apple's subject form (UID = the topic), signed by a throwaway demo CA. */
    private byte[] demoPushCertificate(String csrPem, UUID topic) {
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            PKCS10CertificationRequest request = (PKCS10CertificationRequest) parser.readObject();
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair ca = generator.generateKeyPair();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.UID, "com.apple.mgmt.External." + topic)
                    .addRDN(BCStyle.CN, "APSP:" + topic + " (demo, not Apple)")
                    .addRDN(BCStyle.C, "US")
                    .build();
            Instant now = clock.instant();
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(new X500Name(DEMO_CA),
                    BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(Duration.ofDays(365))), subject, request.getSubjectPublicKeyInfo());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            return builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(ca.getPrivate())).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException("Demo mode: the demo push certificate could not be made", e);
        }
    }
}
