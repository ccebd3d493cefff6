package org.mdmenroll.command.apple.pki;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.mdmenroll.command.device.IdentityCertificateIssuer;
import org.mdmenroll.command.tenant.TenantDirectory;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.support.crypto.Redacted;
import org.mdmenroll.support.crypto.SecretBox;
import org.mdmenroll.support.crypto.SecretPurpose;
import org.mdmenroll.support.database.SqlTimes;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each tenant's CA (device identity certificates, SCEP) and profile-signing certificate, made on
 * first need. The private keys are kept only sealed ({@link SecretBox}); opened keys live in this
 * node's memory. Making them races safely: the row is inserted if absent in a transaction of its
 * own, and whichever node's row landed is the tenant's PKI from then on.
 */
@Component
public class TenantPki implements IdentityCertificateIssuer {

    private final JdbcClient jdbc;
    private final SecretBox secrets;
    private final TenantDirectory tenants;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;
    private final Map<TenantId, Keys> opened = new ConcurrentHashMap<>();

    public TenantPki(JdbcClient jdbc, SecretBox secrets, TenantDirectory tenants, Clock clock,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.tenants = tenants;
        this.clock = clock;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** A certificate and its private key; the CA certificate completes the chain. */
    public record Signer(X509Certificate certificate, PrivateKey key, X509Certificate caCertificate) {
        @Override
        public String toString() {
            return "Signer[" + certificate.getSubjectX500Principal() + "]";
        }
    }

    private record Keys(X509Certificate ca, PrivateKey caKey, X509Certificate signing, PrivateKey signingKey) {
    }

    /** The tenant's CA certificate, made the first time it is needed. */
    public X509Certificate caCertificate(TenantId tenantId) {
        return keys(tenantId).ca();
    }

    /** The CA as SCEP's signer and decrypter. */
    Signer ca(TenantId tenantId) {
        Keys keys = keys(tenantId);
        return new Signer(keys.ca(), keys.caKey(), keys.ca());
    }

    /** What signs the tenant's enrollment profiles. */
    public Signer profileSigner(TenantId tenantId) {
        Keys keys = keys(tenantId);
        return new Signer(keys.signing(), keys.signingKey(), keys.ca());
    }

    @Override
    public IssuedCertificate issue(TenantId tenantId, byte[] certificationRequest, Instant now) {
        PKCS10CertificationRequest request;
        try {
            request = new PKCS10CertificationRequest(certificationRequest);
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a PKCS#10 request", e);
        }
        Keys keys = keys(tenantId);
        X509Certificate issued = PkiCertificates.newIdentity(request.getSubject(), request.getSubjectPublicKeyInfo(),
                keys.ca(), keys.caKey(), now);
        try {
            return new IssuedCertificate(issued.getEncoded(), issued.getSerialNumber().toString(16),
                    PkiCertificates.fingerprint(issued), issued.getNotAfter().toInstant());
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    private Keys keys(TenantId tenantId) {
        return opened.computeIfAbsent(tenantId, id -> open(load(id).orElseGet(() -> create(id))));
    }

    private record Row(byte[] ca, String sealedCaKey, byte[] signing, String sealedSigningKey) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }

    private Optional<Row> load(TenantId tenantId) {
        return jdbc.sql("select * from tenant_pki where tenant_id = ?").param(tenantId.value())
                .query((rs, n) -> new Row(rs.getBytes("ca_certificate"), rs.getString("sealed_ca_key"),
                        rs.getBytes("signing_certificate"), rs.getString("sealed_signing_key")))
                .optional();
    }

    private Row create(TenantId tenantId) {
        String name = tenants.require(tenantId).name();
        Instant now = clock.instant();
        KeyPair caKeys = PkiCertificates.newRsaKeyPair();
        X509Certificate ca = PkiCertificates.newCa(name, caKeys, now);
        KeyPair signingKeys = PkiCertificates.newRsaKeyPair();
        X509Certificate signing = PkiCertificates.newProfileSigner(name,
                SubjectPublicKeyInfo.getInstance(signingKeys.getPublic().getEncoded()), ca, caKeys.getPrivate(), now);
        return ownTransaction.execute(status -> {
            jdbc.sql("""
                            insert into tenant_pki (tenant_id, ca_certificate, sealed_ca_key, signing_certificate,
                                                    sealed_signing_key, created_at)
                            values (?, ?, ?, ?, ?, ?) on conflict (tenant_id) do nothing""")
                    .params(tenantId.value(), der(ca), secrets.seal(SecretPurpose.TENANT_CA_KEY, base64(caKeys.getPrivate())),
                            der(signing),
                            secrets.seal(SecretPurpose.TENANT_PROFILE_SIGNING_KEY, base64(signingKeys.getPrivate())),
                            SqlTimes.utc(now))
                    .update();
            return load(tenantId).orElseThrow();
        });
    }

    private Keys open(Row row) {
        return new Keys(certificate(row.ca()), privateKey(secrets.open(SecretPurpose.TENANT_CA_KEY, row.sealedCaKey())),
                certificate(row.signing()),
                privateKey(secrets.open(SecretPurpose.TENANT_PROFILE_SIGNING_KEY, row.sealedSigningKey())));
    }

    static X509Certificate certificate(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("Not an X.509 certificate", e);
        }
    }

    private static PrivateKey privateKey(String base64) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64(PrivateKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }
}
