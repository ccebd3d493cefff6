package org.mdmenroll.command.apple.pki;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.CommandSideRestTest;
import org.mdmenroll.command.tenant.TenantDirectory;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.transaction.PlatformTransactionManager;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tenant PKI on a real PostgreSQL: made once even when several nodes need it at the same
 * moment, private keys stored only sealed, and certificates that say what they are for.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mdm.operator.username=test-operator", "mdm.operator.password=test-operator-password"})
class TenantPkiIntegrationTest extends CommandSideRestTest {

    @Autowired
    TenantPki pki;
    @Autowired
    TenantDirectory tenants;
    @Autowired
    SecretBox secrets;
    @Autowired
    Clock clock;
    @Autowired
    PlatformTransactionManager transactions;

    private TenantId acmeId;

    @BeforeEach
    void tenants() {
        createTenantsWithAdmins();
        acmeId = tenants.requireBySlug(acme).tenantId();
    }

    @Test
    void nodesMakingTheTenantPkiAtTheSameMomentAgreeOnOne() throws Exception {
        int nodes = 4;
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
            CountDownLatch gate = new CountDownLatch(1);
            List<Future<byte[]>> made = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                TenantPki node = new TenantPki(jdbc, secrets, tenants, clock, transactions);
                made.add(pool.submit(() -> {
                    gate.await();
                    return node.caCertificate(acmeId).getEncoded();
                }));
            }
            gate.countDown();
            Set<String> cas = new HashSet<>();
            for (Future<byte[]> future : made) {
                cas.add(HexFormat.of().formatHex(future.get()));
            }
            assertThat(cas).hasSize(1);
            assertThat(HexFormat.of().formatHex(pki.caCertificate(acmeId).getEncoded()))
                    .isEqualTo(cas.iterator().next());
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("select count(*) from command_side.tenant_pki where tenant_id = ?").param(acmeId.value())
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void privateKeysAreStoredOnlySealed() {
        TenantPki.Signer signer = pki.profileSigner(acmeId);
        List<String> sealed = jdbc.sql("select sealed_ca_key, sealed_signing_key from command_side.tenant_pki"
                        + " where tenant_id = ?").param(acmeId.value())
                .query((rs, row) -> List.of(rs.getString(1), rs.getString(2))).single();
        // not "no MII": random base64 contains it now and then; the clear key's own text must be absent
        assertThat(sealed).allSatisfy(value -> assertThat(value).startsWith("v1.").doesNotContain("PRIVATE KEY"));
        String clearCaKey = secrets.open(SecretPurpose.TENANT_CA_KEY, sealed.get(0));
        assertThat(sealed.get(0)).doesNotContain(clearCaKey.substring(0, 40));
        String clearSigningKey = Base64.getEncoder().encodeToString(signer.key().getEncoded());
        assertThat(secrets.open(SecretPurpose.TENANT_PROFILE_SIGNING_KEY, sealed.get(1))).isEqualTo(clearSigningKey);
        assertThat(sealed.get(1)).doesNotContain(clearSigningKey.substring(0, 40));
        assertThat(jdbc.sql("select count(*) from eventstore.domainevententry where convert_from(payload, 'UTF8') like ?")
                .param("%" + clearSigningKey.substring(0, 40) + "%").query(Long.class).single()).isZero();
    }

    @Test
    void theCaSignsCertificatesForTenYearsAndTheProfileSignerSignsForTwo() throws Exception {
        X509Certificate ca = pki.caCertificate(acmeId);
        ca.verify(ca.getPublicKey());
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(Duration.between(ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant()).toDays())
                .isBetween(3650L, 3651L);
        assertThat(ca.getSubjectX500Principal().getName()).contains(acme);

        X509Certificate signing = pki.profileSigner(acmeId).certificate();
        signing.verify(ca.getPublicKey());
        assertThat(signing.getBasicConstraints()).isEqualTo(-1);
        assertThat(signing.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(Duration.between(signing.getNotBefore().toInstant(), signing.getNotAfter().toInstant()).toDays())
                .isBetween(730L, 731L);

        X509Certificate other = pki.caCertificate(tenants.requireBySlug(globex).tenantId());
        assertThat(other.getPublicKey()).isNotEqualTo(ca.getPublicKey());
        assertThat(Set.of(ca, signing, other).stream().map(X509Certificate::getSerialNumber)
                .collect(Collectors.toSet())).hasSize(3);
    }
}
