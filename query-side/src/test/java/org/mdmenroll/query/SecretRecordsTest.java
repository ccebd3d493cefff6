package org.mdmenroll.query;

import org.junit.jupiter.api.Test;
import org.mdmenroll.support.testing.SecretRecords;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every query-side record with a secret component prints it masked (issue 22, item 10). */
class SecretRecordsTest {

    /** Components whose names look like secrets and are not. */
    private static final Set<String> NOT_SECRET = Set.of("keyId");

    @Test
    void recordsPrintNoSecret() throws Exception {
        assertThat(SecretRecords.leaking("org.mdmenroll.query", NOT_SECRET)).isEmpty();
    }
}
