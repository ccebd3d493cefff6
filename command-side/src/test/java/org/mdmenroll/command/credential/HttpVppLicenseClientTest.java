package org.mdmenroll.command.credential;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdmenroll.command.credential.VppLicenseClient.VppServiceException;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HTTP Apps and Books client against a local server that speaks the v2 associate and disassociate calls. */
class HttpVppLicenseClientTest {

    private static final String S_TOKEN = "eyJ0b2tlbiI6ImNsZWFyLXZwcC10b2tlbiJ9";

    private FakeAppsAndBooksService apple;
    private HttpVppLicenseClient client;

    @BeforeEach
    void start() throws IOException {
        apple = new FakeAppsAndBooksService().knowing(S_TOKEN);
        client = new HttpVppLicenseClient(apple.baseUrl());
    }

    @AfterEach
    void stop() {
        apple.close();
    }

    @Test
    void licencesAreAssociatedAndDisassociatedWithTheSTokenAsBearer() {
        String assigned = client.associate(S_TOKEN, "408709785", List.of("C02AAA111", "C02AAA222"));
        String revoked = client.disassociate(S_TOKEN, "408709785", List.of("C02AAA111"));

        assertThat(assigned).isNotBlank().isNotEqualTo(revoked);
        assertThat(apple.received).extracting(FakeAppsAndBooksService.Received::path)
                .containsExactly("/mdm/v2/assets/associate", "/mdm/v2/assets/disassociate");
        assertThat(apple.received).extracting(FakeAppsAndBooksService.Received::sToken).containsOnly(S_TOKEN);
        assertThat(apple.received.get(0).body().toString()).isEqualTo("{\"assets\":[{\"adamId\":\"408709785\","
                + "\"pricingParam\":\"STDQ\"}],\"serialNumbers\":[\"C02AAA111\",\"C02AAA222\"]}");
    }

    @Test
    void applesErrorNumberIsARefusalAndItsFailuresAreNot() {
        assertThatThrownBy(() -> client.associate("revoked-token", "408709785", List.of("C02AAA111")))
                .isInstanceOfSatisfying(VppServiceException.class, e -> {
                    assertThat(e.refusedByApple()).isTrue();
                    assertThat(e.code()).isEqualTo("9602");
                    assertThat(e.getMessage()).contains("Invalid authentication token").doesNotContain("revoked-token");
                });
        apple.failNextWith(500);
        assertThatThrownBy(() -> client.disassociate(S_TOKEN, "408709785", List.of("C02AAA111")))
                .isInstanceOfSatisfying(VppServiceException.class, e -> {
                    assertThat(e.refusedByApple()).isFalse();
                    assertThat(e.code()).isEqualTo("HTTP_500");
                });
    }
}
