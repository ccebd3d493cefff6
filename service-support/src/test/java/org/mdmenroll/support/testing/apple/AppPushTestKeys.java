package org.mdmenroll.support.testing.apple;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Keys and files as Apple and Google hand them out, generated for tests. */
public final class AppPushTestKeys {

    private AppPushTestKeys() {
    }

    /** An EC key pair on the named curve (secp256r1 is what APNs' .p8 keys are). */
    public static KeyPair ecKeyPair(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text of a .p8 file: PEM PKCS#8. */
    public static String pkcs8Pem(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    /** A Firebase service-account key file for the project, signing with {@code key}, its tokens from {@code tokenUri}. */
    public static String serviceAccountJson(String projectId, PrivateKey key, String tokenUri) {
        Map<String, String> account = new LinkedHashMap<>();
        account.put("type", "service_account");
        account.put("project_id", projectId);
        account.put("private_key_id", "0123456789abcdef0123456789abcdef01234567");
        account.put("private_key", pkcs8Pem(key));
        account.put("client_email", "firebase-adminsdk@" + projectId + ".iam.gserviceaccount.com");
        account.put("client_id", "109876543210987654321");
        account.put("auth_uri", "https://accounts.google.com/o/oauth2/auth");
        account.put("token_uri", tokenUri);
        try {
            return new ObjectMapper().writeValueAsString(account);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
