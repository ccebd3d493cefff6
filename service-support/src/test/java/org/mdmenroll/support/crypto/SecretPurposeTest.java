package org.mdmenroll.support.crypto;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mdmenroll.support.crypto.SecretPurpose.ADE_KEY_PAIR_KEY;
import static org.mdmenroll.support.crypto.SecretPurpose.ADE_TOKEN;
import static org.mdmenroll.support.crypto.SecretPurpose.ANDROID_ENROLLMENT_TOKEN;
import static org.mdmenroll.support.crypto.SecretPurpose.ANDROID_WIFI_PASSWORD;
import static org.mdmenroll.support.crypto.SecretPurpose.APP_PUSH_APNS_SIGNING_KEY;
import static org.mdmenroll.support.crypto.SecretPurpose.APP_PUSH_FCM_SERVICE_ACCOUNT;
import static org.mdmenroll.support.crypto.SecretPurpose.APP_PUSH_TOKEN;
import static org.mdmenroll.support.crypto.SecretPurpose.MDM_PUSH_MAGIC;
import static org.mdmenroll.support.crypto.SecretPurpose.MDM_PUSH_TOKEN;
import static org.mdmenroll.support.crypto.SecretPurpose.MDM_UNLOCK_TOKEN;
import static org.mdmenroll.support.crypto.SecretPurpose.PUSH_CERTIFICATE_KEY;
import static org.mdmenroll.support.crypto.SecretPurpose.TENANT_CA_KEY;
import static org.mdmenroll.support.crypto.SecretPurpose.TENANT_PROFILE_SIGNING_KEY;
import static org.mdmenroll.support.crypto.SecretPurpose.VPP_TOKEN;

/**
 * The purposes still open what was stored under them: values sealed (and a PIN hashed) under each
 * purpose string before the purposes were one enum, with the key below.
 */
class SecretPurposeTest {

    private static final SecretBox BOX = SecretBox.fromBase64Key("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
    /** "sealed for " + the purpose string, sealed under that string. */
    private static final Map<SecretPurpose, String> SEALED_BEFORE = Map.ofEntries(
            entry(APP_PUSH_TOKEN, "v1.qpnpqYuGvRxai-NKB-4MKSzVPu2Uvj_tUNyT5hgIHoorn08SIYkHS3OwvNwg16_ZYw"),
            entry(APP_PUSH_APNS_SIGNING_KEY,
                    "v1.KxzAncuM8xLOl3f2ceMh4oEd0DzPajbJ8uFRdZwjm9noWJoUN6w8i-xxAXXphw788FKvnQoi2jV-jYVok2UnNw"),
            entry(APP_PUSH_FCM_SERVICE_ACCOUNT,
                    "v1.LkzMXuP8OZHajXrvEIb7lj_gZef5smNUKi-jdYbNOKb5GLIbrwbPadgeEPZksR5y09c7qoCISPnulVi3WMMvaCFrDg"),
            entry(MDM_PUSH_TOKEN, "v1.hxNqgYE65XxMmEcOwrnAaj-JeYcjdIAuo1qc-0MAsP-VThbbXzSx3ZwHy5nF993YpzMCBMM"),
            entry(MDM_PUSH_MAGIC, "v1.d8O2OML-Vse9WgFExWxgAC-yKUpWVqnHxSpkDDa-PJh7eW_KumwDp-PZnXeGTtTccy9rGSI"),
            entry(MDM_UNLOCK_TOKEN, "v1.IAyRKQDeStrhDZ3_iQ8sUaxoVLqzYmpVRHXOvNcEqZX4OpN_MImBOY23sWunyE7_JCOAcRj0aA"),
            entry(PUSH_CERTIFICATE_KEY,
                    "v1.tMrY1EjrI6qiXhcFA_2sCcokKnxoBVtke5numibFT2nJI90QPgao-7GbJnTEya2ZQwt7ke5KLl64zXc"),
            entry(ADE_KEY_PAIR_KEY, "v1.EmJsfOVzTxYlXSJx9DadStBO1ATmutYocIH-QV05rmt99jL4qwn1gAkSMvYmpdnXHTf7y02_BA"),
            entry(ADE_TOKEN, "v1.2EW_B1N_t9jjxrFbQ24_-MYiWWqa4k8vdsjtMu2A5qWA97MGQOJ9_5Lq57_M-wvb"),
            entry(VPP_TOKEN, "v1.9M-rpILVcDGc9rwQD284bogbSBUGGg2NtHRmGIndhJcPmdCg2FOtKWN4R4tsbzO2"),
            entry(TENANT_CA_KEY, "v1.lv-8gqLqM9Q9LU6fuspLClGdQM6u6q_7_YfsVjcIYf77TeHBSnErmZM6HF9qkg6SbAYdEg"),
            entry(TENANT_PROFILE_SIGNING_KEY,
                    "v1.zw9aG6iFrnkw84oT-wLX3-Dv58SGndUqaJ5uQQ5nS-KdNbTDEpNifu6TTLZL7DdCgVCaSTNdVMgs91WZ-Klup9A"),
            entry(ANDROID_WIFI_PASSWORD,
                    "v1.Kdhv_jB9VN3ZTBK6omyQ31qoz5bo0uvPZbx7GM8aC9VGkIf5v9JmKRKKblR61XSxJhZDvw_WvTcFaag1"),
            entry(SecretPurpose.BOOTSTRAP_TOKEN,
                    "v1.gwCnG4Lztc-XkVf3ydtQM60tQlTQ9ohdSOL4wonU0gqTUrnNRBTDIgnjK0eJF8o1KfOYbf7-6d-Npw"),
            entry(SecretPurpose.AUDIT_SIGNING_KEY,
                    "v1.vZVqaKTx6QCGiOEMjrg6YserAPISNQ439Xww7TG17HI16CZL_mnnjvCtFXyFLQXyVjt3dS9Xq1w"),
            entry(SecretPurpose.MDM_COMMAND, "v1.su2DR0snPOH9yhMjzRvPjBHu6uKvTILGwc6rC83mVX2wiaCZXVZ4lqggevnNjKsUQlw"),
            entry(ANDROID_ENROLLMENT_TOKEN,
                    "v1.5QsSCULunRxc6Rg5Fqb2tJDXfEPANd4lrrCbOx5shFmL_TjpY0GcRW68ouG2a23Tx1BP1td0VtatCa5Gs1Io"));
    private static final String PIN_HASHED_BEFORE = "BC0oDK_Q9zAuymOVaGqH7JFK5BuxsWA96vkWNeuKhwk";

    @Test
    void everyPurposeOpensWhatWasSealedUnderItsString() {
        SEALED_BEFORE.forEach((purpose, sealed) ->
                assertThat(BOX.open(purpose, sealed)).as(purpose.name()).isEqualTo("sealed for " + purpose.value()));
    }

    @Test
    void thePinPurposeHashesAsBefore() {
        assertThat(BOX.keyedHash(SecretPurpose.ENROLLMENT_PIN, "u:482913")).isEqualTo(PIN_HASHED_BEFORE);
    }

    @Test
    void everyPurposeIsCheckedAndNoStringIsUsedTwice() {
        EnumSet<SecretPurpose> checked = EnumSet.copyOf(SEALED_BEFORE.keySet());
        checked.add(SecretPurpose.ENROLLMENT_PIN);
        assertThat(checked).containsExactlyInAnyOrder(SecretPurpose.values());
        assertThat(EnumSet.allOf(SecretPurpose.class)).extracting(SecretPurpose::value).doesNotHaveDuplicates();
    }
}
