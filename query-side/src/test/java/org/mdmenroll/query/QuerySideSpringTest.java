package org.mdmenroll.query;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.mdmenroll.events.AccountId;
import org.mdmenroll.events.Role;
import org.mdmenroll.events.TenantId;
import org.mdmenroll.events.account.AccountCreated;
import org.mdmenroll.events.tenant.EnrollmentSettings;
import org.mdmenroll.events.tenant.EnrollmentUrlGenerated;
import org.mdmenroll.events.tenant.TenantCreated;
import org.mdmenroll.support.problem.ProblemTypes;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the query side's Spring tests share: events appended to the event store as the command
 * side appends them, the tenants and accounts they sign in with, and the REST API asked as an
 * account. The database is the subclass's choice: {@link QuerySideTest} shares one.
 */
public abstract class QuerySideSpringTest {

    @Autowired
    protected EventStore eventStore;
    @Autowired
    protected PasswordEncoder passwordEncoder;
    @Autowired
    protected TestRestTemplate rest;

    /** Keeps this test's usernames and slugs apart from those of the tests before it in the same database. */
    protected final String run = UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, Long> sequences = new HashMap<>();

    /** A tenant with its first enrollment URL, as the command side creates one. */
    protected void tenant(TenantId tenantId, String slug) {
        append("Tenant", tenantId, new TenantCreated(tenantId, slug, slug, slug + ".mdm.example.com",
                EnrollmentSettings.DEFAULTS));
        append("Tenant", tenantId, new EnrollmentUrlGenerated(tenantId, 1,
                "https://" + slug + ".mdm.example.com/t/" + slug + "/go?v=1"));
    }

    /** An account that signs in with {@link #auth}; answers its username. */
    protected String account(String username, Role role, TenantId tenantId) {
        return account(username, role, tenantId, MetaData.emptyInstance());
    }

    protected String account(String username, Role role, TenantId tenantId, MetaData metaData) {
        AccountId accountId = AccountId.random();
        append("Account", accountId, new AccountCreated(accountId, username, role, tenantId,
                passwordEncoder.encode("password-of-" + username)), metaData);
        return username;
    }

    /** The accounts projection is a processor of its own: waits until each account signs in. */
    protected void awaitSignIn(String... usernames) {
        for (String username : usernames) {
            Eventually.until(username + " signing in",
                    () -> get("/api/users", username).getStatusCode().value() != 401);
        }
    }

    /** Appends {@code event} as the aggregate's next event, stamped now; answers its timestamp. */
    protected Instant append(String type, Object aggregateId, Object event) {
        return append(type, aggregateId, event, MetaData.emptyInstance());
    }

    /**
     * Every append stamped now goes through this one, the tenants' and accounts' too: a subclass
     * that paces or counts the events it appends overrides it.
     */
    protected Instant append(String type, Object aggregateId, Object event, MetaData metaData) {
        return appendAt(type, aggregateId, event, metaData, Instant.now());
    }

    /** Appends {@code event} as the aggregate's next event, stamped {@code timestamp} (kept to the millisecond). */
    protected Instant appendAt(String type, Object aggregateId, Object event, MetaData metaData, Instant timestamp) {
        String id = aggregateId.toString();
        long sequence = sequences.merge(id, 1L, Long::sum) - 1;
        eventStore.publish(new GenericDomainEventMessage<>(type, id, sequence, event, metaData,
                UUID.randomUUID().toString(), timestamp));
        return timestamp;
    }

    protected ResponseEntity<JsonNode> get(String url, String username) {
        return rest.exchange(url, HttpMethod.GET, new HttpEntity<>(auth(username)), JsonNode.class);
    }

    /** Signs in as an account made by {@link #account}. */
    protected static HttpHeaders auth(String username) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBasicAuth(username, "password-of-" + username);
        return headers;
    }

    /** The items of the page at {@code url}, which must answer 200. */
    protected List<JsonNode> items(String url, String username) {
        ResponseEntity<JsonNode> response = get(url, username);
        assertThat(response.getStatusCode().value()).as("GET %s: %s", url, response.getBody()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        response.getBody().path("items").forEach(items::add);
        return items;
    }

    /**
     * Polls the page at {@code url} until its item whose {@code idField} is {@code id} meets
     * {@code condition}, and answers that item.
     */
    protected JsonNode awaitItem(String url, String username, String idField, Object id,
                                 Predicate<JsonNode> condition) {
        ResponseEntity<JsonNode> answer = Eventually.value(idField + " " + id + " in the expected state at " + url,
                () -> get(url, username), response -> item(response, idField, id, condition) != null);
        return item(answer, idField, id, condition);
    }

    private static JsonNode item(ResponseEntity<JsonNode> response, String idField, Object id,
                                 Predicate<JsonNode> condition) {
        if (response.getStatusCode().value() == 200) {
            for (JsonNode item : response.getBody().path("items")) {
                if (item.path(idField).asText().equals(id.toString()) && condition.test(item)) {
                    return item;
                }
            }
        }
        return null;
    }

    /** A problem answer (application/problem+json) of the project's {@code type}. */
    protected static void assertProblem(ResponseEntity<JsonNode> response, int status, String type) {
        assertThat(response.getStatusCode().value()).as("status, body %s", response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(response.getBody().path("type").asText()).isEqualTo(ProblemTypes.BASE + type);
    }
}
